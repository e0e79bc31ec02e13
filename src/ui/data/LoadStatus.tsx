// Loading progress and load errors for the dataset.
import { useDataset } from '../../store/dataset';
import { formatBytes } from '../format';

export function LoadStatus() {
  const status = useDataset((s) => s.status);
  const progress = useDataset((s) => s.progress);
  const error = useDataset((s) => s.error);
  const cancel = useDataset((s) => s.cancel);
  const load = useDataset((s) => s.load);
  if (status === 'loading' && progress) {
    const known = progress.total !== null && progress.total > 0;
    const fmt = (n: number) => (progress.unit === 'bytes' ? formatBytes(n) : String(n));
    return (
      <div className="load-status" role="status">
        <label>
          <span>
            {progress.label}
            {known ? ` ${fmt(progress.done)} / ${fmt(progress.total!)}` : '…'}
          </span>
          <progress
            aria-label={`${progress.label} progress`}
            value={known ? progress.done : undefined}
            max={known ? progress.total! : undefined}
          />
        </label>
        <button type="button" className="btn btn-small" onClick={cancel}>
          Cancel
        </button>
      </div>
    );
  }
  if (status === 'error' && error) {
    return (
      <div className="load-error" role="alert">
        <p>{error}</p>
        <button type="button" className="btn btn-small" onClick={() => void load()}>
          Try again
        </button>
      </div>
    );
  }
  return null;
}
