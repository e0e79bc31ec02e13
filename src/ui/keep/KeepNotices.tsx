// Notices under the header about keeping work: the offer to resume an autosaved run, autosave
// failures (storage full: never silent), a corrupt checkpoint that was removed, and what opening
// a share link did.
import { autosave, dismissShareResult, useAutosaveState, useShareResult } from '../../store/keep';
import { useTraining } from '../../store/training';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function ResumeOffer() {
  const offer = useAutosaveState((s) => s.offer);
  const resuming = useAutosaveState((s) => s.resuming);
  if (!offer) return null;
  const { step, totalSteps, finished, datasetLabel, savedAt } = offer;
  return (
    <section className="notice notice-resume" aria-label="Autosaved run">
      <span>
        {finished
          ? `The weights of your finished run (${step} steps on ${datasetLabel}) were autosaved ${when.format(savedAt)}.`
          : step === 0
            ? `Weights for this network (loaded before any training on ${datasetLabel}) were autosaved ${when.format(savedAt)}.`
            : `Training of this network on ${datasetLabel} stopped at step ${step} of ${totalSteps}; it was autosaved ${when.format(savedAt)}.`}
      </span>
      <span className="notice-actions">
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={resuming}
          onClick={() => void autosave.getState().resume()}
        >
          {resuming
            ? 'Resuming…'
            : finished || step === 0
              ? `Restore the step ${step} weights`
              : `Resume from step ${step}`}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={resuming}
          onClick={() => void autosave.getState().discard()}
        >
          Discard
        </button>
      </span>
    </section>
  );
}

function Line({ text, alert, onDismiss }: { text: string; alert: boolean; onDismiss: () => void }) {
  return (
    <div
      className={`notice${alert ? ' notice-error' : ' notice-info'}`}
      role={alert ? 'alert' : 'status'}
    >
      <span>{text}</span>
      <button type="button" className="btn btn-small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** The training worker itself died: a reload starts a new one, and autosave has the weights. */
function WorkerCrash() {
  const crashed = useTraining((s) => s.error?.startsWith('training worker:') ?? false);
  const last = useAutosaveState((s) => s.lastSaved);
  if (!crashed || !last) return null;
  return (
    <div className="notice notice-error" role="alert">
      <span>
        The training worker stopped. Your run was autosaved at step {last.step}: reload the page and
        choose “Resume from step {last.step}”.
      </span>
      <button type="button" className="btn btn-small" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}

export function KeepNotices() {
  const error = useAutosaveState((s) => s.error);
  const notice = useAutosaveState((s) => s.notice);
  const share = useShareResult();
  const offer = useAutosaveState((s) => s.offer !== null);
  const crashed = useTraining((s) => s.error?.startsWith('training worker:') ?? false);
  if (!offer && !error && !notice && !share && !crashed) return null;
  return (
    <div className="notices">
      <WorkerCrash />
      <ResumeOffer />
      {error && <Line text={error} alert onDismiss={() => autosave.getState().dismissError()} />}
      {notice && (
        <Line text={notice} alert={false} onDismiss={() => autosave.getState().dismissNotice()} />
      )}
      {share && <Line text={share.message} alert={!share.ok} onDismiss={dismissShareResult} />}
    </div>
  );
}
