// Per class: its name, how many examples it has, and the first few of them.
import { useMemo } from 'react';
import { exampleSize } from '../../engine/data/dataset';
import { useDataset } from '../../store/dataset';
import type { DatasetSummary } from '../../store/dataset-settings';
import { formatExact } from '../format';
import { exampleBytes, firstPerClass } from './draw';
import { PixelStrip } from './PixelStrip';

const PER_CLASS = 8;
const THUMB = 26;

export function ClassTable({ summary }: { summary: DatasetSummary }) {
  const revision = useDataset((s) => s.revision);
  const getData = useDataset((s) => s.getData);
  const previews = useMemo(() => {
    void revision; // recompute when the loaded pixels change
    const data = getData();
    if (!data) return null;
    const d = data.dataset;
    const size = exampleSize(d);
    return firstPerClass(d.labels, d.classNames.length, PER_CLASS).map((idx) =>
      idx.map((i) => exampleBytes(d.images, size, i)),
    );
  }, [revision, getData]);
  const max = Math.max(1, ...summary.counts);
  return (
    <table className="class-table" aria-label="Examples per class">
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col" className="num">
            Images
          </th>
          <th scope="col">First {PER_CLASS}</th>
        </tr>
      </thead>
      <tbody>
        {summary.classNames.map((name, c) => (
          <tr key={name}>
            <th scope="row" className="class-name" title={name}>
              {name}
            </th>
            <td className="num">
              <span
                className="count-bar"
                style={{ width: `${(summary.counts[c] / max) * 100}%` }}
                aria-hidden="true"
              />
              <span className="count-value">{formatExact(summary.counts[c])}</span>
            </td>
            <td>
              {previews?.[c] && previews[c].length > 0 ? (
                <PixelStrip
                  examples={previews[c]}
                  channels={summary.channels}
                  height={summary.height}
                  width={summary.width}
                  thumb={THUMB}
                  label={`First ${previews[c].length} images of class ${name}`}
                />
              ) : (
                <span className="hint">—</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
