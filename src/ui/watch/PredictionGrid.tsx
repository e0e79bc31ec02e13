// Images with what the network thinks they are: the true label and the three most probable
// classes as bars. Wrong answers are marked (red edge, "wrong") so mistakes stand out in a grid.
import { useMemo } from 'react';
import type { Prediction, PredictionsResult } from '../../engine/inspect/predictions';
import { exampleRgba } from '../../engine/inspect/images';
import { shortPercent } from './numbers';
import { PixelCanvas } from './PixelCanvas';

const IMAGE_PX = 48;

function PredictionCard({
  p,
  bytes,
  shape,
  classNames,
}: {
  p: Prediction;
  bytes: Uint8Array;
  shape: readonly [number, number, number];
  classNames: readonly string[];
}) {
  const [c, h, w] = shape;
  const rgba = useMemo(() => exampleRgba(bytes, c, h, w), [bytes, c, h, w]);
  const name = (i: number) => classNames[i] ?? String(i);
  const verdict = p.correct ? 'right' : 'wrong';
  return (
    <li
      className={`prediction ${p.correct ? 'is-right' : 'is-wrong'}`}
      aria-label={`Image ${p.datasetIndex}: true ${name(p.label)}, predicted ${name(p.predicted)} (${verdict})`}
    >
      <div className="prediction-image">
        <PixelCanvas rgba={rgba} width={w} height={h} displayWidth={IMAGE_PX} />
        <span className="prediction-truth">
          true <strong>{name(p.label)}</strong>
        </span>
        {!p.correct && <span className="prediction-wrong">✗ wrong</span>}
      </div>
      <ol className="prediction-top" aria-label="Top 3 classes">
        {p.top.map((t) => (
          <li key={t.classIndex} className={t.classIndex === p.label ? 'is-truth' : ''}>
            <span className="prob-name" title={name(t.classIndex)}>
              {name(t.classIndex)}
            </span>
            <span className="prob-bar" aria-hidden="true">
              <span style={{ width: `${Math.max(1, t.probability * 100)}%` }} />
            </span>
            <span className="prob-value">{shortPercent(t.probability)}</span>
          </li>
        ))}
      </ol>
    </li>
  );
}

export function PredictionGrid({
  result,
  classNames,
  label,
}: {
  result: PredictionsResult;
  classNames: readonly string[];
  label: string;
}) {
  const [c, h, w] = result.imageShape;
  const size = c * h * w;
  return (
    <ul className="prediction-grid" aria-label={label}>
      {result.predictions.map((p, i) => (
        <PredictionCard
          key={`${p.datasetIndex}-${i}`}
          p={p}
          bytes={result.images.subarray(i * size, (i + 1) * size)}
          shape={result.imageShape}
          classNames={classNames}
        />
      ))}
    </ul>
  );
}
