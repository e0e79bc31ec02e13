// What is loaded: name, shape, size of each split, and the per-class table.
import { shapeText } from '../../engine/shapes';
import type { DatasetSummary } from '../../store/dataset-settings';
import { formatExact } from '../format';
import { ClassTable } from './ClassTable';
import { SkippedFiles } from './SkippedFiles';

export function DatasetSummaryView({ summary }: { summary: DatasetSummary }) {
  const { split } = summary;
  return (
    <section className="dataset-summary" aria-label="Loaded dataset">
      <p className="summary-line">
        <strong>{summary.name}</strong>
        <span>{shapeText([summary.channels, summary.height, summary.width])}</span>
        <span>{formatExact(summary.count)} images</span>
        <span>{summary.classNames.length} classes</span>
      </p>
      <p className="hint">
        Split: {formatExact(split.train)} train · {formatExact(split.validation)} validation ·{' '}
        {formatExact(split.test)} test
      </p>
      <SkippedFiles summary={summary} />
      <ClassTable summary={summary} />
    </section>
  );
}
