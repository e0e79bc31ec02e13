// "What does it think this is?": a dozen validation images with their top-3 classes. The same
// images stay in view (so their bars can be watched changing) until "Other images" draws a
// new random set; while training, they refresh every few seconds unless that is switched off.
import { useState } from 'react';
import { useTraining } from '../../store/training';
import { PredictionGrid } from './PredictionGrid';
import { useInspection } from './use-inspection';

const COUNT = 12;
const AUTO_MS = 5000;

export function PredictionsView() {
  const classNames = useTraining((s) => s.summary?.classNames ?? []);
  const [seed, setSeed] = useState<number | null>(null);
  const [auto, setAuto] = useState(true);
  const { data, error, loading, refresh } = useInspection(
    (c) => c.predictions({ count: COUNT, ...(seed === null ? {} : { randomSeed: seed }) }),
    { key: String(seed), pollMs: auto ? AUTO_MS : null },
  );
  const wrong = data ? data.predictions.filter((p) => !p.correct).length : 0;
  return (
    <div className="predictions">
      <div className="toolbar">
        <button type="button" className="btn btn-small" onClick={refresh} disabled={loading}>
          Refresh predictions
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setSeed(Math.floor(Math.random() * 2 ** 31))}
        >
          Other images
        </button>
        <label className="inline-check">
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
          Auto-refresh while training
        </label>
      </div>
      {error && <p className="hint">{error}</p>}
      {data && (
        <>
          <p className="hint" role="status">
            {data.predictions.length - wrong} of {data.predictions.length} right
            {wrong > 0 ? `, ${wrong} wrong (marked)` : ''}
          </p>
          <PredictionGrid result={data} classNames={classNames} label="Predictions" />
        </>
      )}
    </div>
  );
}
