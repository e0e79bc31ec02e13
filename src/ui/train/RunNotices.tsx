// What the user must know about the run: errors (from a command or the worker), a NaN pause with
// what to try, and the backend's notice (a fallback to the CPU, a lost GPU).
import { useRunControl } from '../../store/run-control';
import { trainingStore, useTraining } from '../../store/training';

export function RunNotices() {
  const controlError = useRunControl((s) => s.error);
  const dismissControl = useRunControl((s) => s.dismissError);
  const workerError = useTraining((s) => s.error);
  const nan = useTraining((s) => s.nan);
  const notice = useTraining((s) => s.backend?.notice ?? null);
  return (
    <>
      {controlError && (
        <div className="banner banner-error" role="alert">
          <p>{controlError}</p>
          <button type="button" className="btn btn-small" onClick={dismissControl}>
            Dismiss
          </button>
        </div>
      )}
      {workerError && workerError !== controlError && (
        <div className="banner banner-error" role="alert">
          <p>{workerError}</p>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => trainingStore().getState().setError(null)}
          >
            Dismiss
          </button>
        </div>
      )}
      {nan && (
        <div className="banner banner-warning" role="alert">
          <p>{nan.message}</p>
        </div>
      )}
      {notice && <p className="banner banner-info">{notice}</p>}
    </>
  );
}
