// Files an import could not use, each with the reason, folded away unless asked for.
import type { DatasetSummary } from '../../store/dataset-settings';

export function SkippedFiles({ summary }: { summary: DatasetSummary }) {
  const { skipped, emptyClasses, ignoredCount } = summary;
  if (skipped.length === 0 && emptyClasses.length === 0 && ignoredCount === 0) return null;
  return (
    <details className="skipped" open={skipped.length > 0 && skipped.length <= 5}>
      <summary>
        {skipped.length} file{skipped.length === 1 ? '' : 's'} skipped
        {ignoredCount > 0 &&
          `, ${ignoredCount} system file${ignoredCount === 1 ? '' : 's'} ignored`}
      </summary>
      {emptyClasses.length > 0 && (
        <p className="hint">
          Folders with no usable image (left out as classes): {emptyClasses.join(', ')}
        </p>
      )}
      <ul className="skipped-list" aria-label="Skipped files">
        {skipped.map((s) => (
          <li key={s.path}>
            <code>{s.path}</code>: {s.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
