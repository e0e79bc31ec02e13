// Export: one button per format, each a snapshot of the training session's weights at the
// moment it is pressed (while paused, finished or still training). Nothing to export before a
// session exists: the section says how to get one.
import { useId, useState } from 'react';
import { checkWeights, downloadModel } from '../../store/keep';
import { EXPORT_FORMATS, type ExportFormat } from '../../store/keep/export';
import { useConfigIsStale } from '../../store/run-control';
import { useTraining } from '../../store/training';
import { saveFile, sizeText } from './download';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function ExportSection() {
  const summary = useTraining((s) => s.summary);
  const status = useTraining((s) => s.status);
  const step = useTraining((s) => Math.max(s.status.step, s.latest?.step ?? 0));
  const stale = useConfigIsStale();
  const [busy, setBusy] = useState<ExportFormat | 'check' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [check, setCheck] = useState<string | null>(null);
  const helpId = useId();

  const run = async (what: ExportFormat | 'check') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'check') {
        setCheck(await checkWeights());
      } else {
        const file = await downloadModel(what);
        saveFile(file);
        setSaved(`Saved ${file.name} (${sizeText(file.bytes.length)}).`);
      }
    } catch (e) {
      setError(what === 'check' ? `Could not check the weights: ${message(e)}` : `Could not export: ${message(e)}`); // prettier-ignore
    } finally {
      setBusy(null);
    }
  };

  const ready = summary !== null;
  const when =
    status.state === 'running'
      ? `a snapshot of the run in progress (now at step ${step})`
      : `the weights at step ${step}${status.state === 'finished' ? ', the end of the run' : ''}`;

  return (
    <section className="keep-section" aria-labelledby={`${helpId}-h`}>
      <h3 id={`${helpId}-h`}>Export</h3>
      {ready ? (
        <p className="hint">
          Downloads {when}, named after the network.
          {stale &&
            ' The builder has changed since this run was set up: the files are of the network being trained.'}
        </p>
      ) : (
        <p className="hint">
          Nothing to export yet: press Train or Step (Train panel) to set up a training session, or
          import a model below.
        </p>
      )}
      <ul className="export-list">
        {EXPORT_FORMATS.map((f) => (
          <li key={f.format}>
            <button
              type="button"
              className="btn"
              disabled={!ready || busy !== null}
              aria-describedby={`${helpId}-${f.format}`}
              onClick={() => void run(f.format)}
            >
              {busy === f.format ? 'Preparing…' : f.label}
            </button>
            <span className="hint" id={`${helpId}-${f.format}`}>
              {f.help}
            </span>
          </li>
        ))}
      </ul>
      {saved && (
        <p className="keep-ok" role="status">
          {saved}
        </p>
      )}
      <div className="keep-check">
        <button
          type="button"
          className="btn"
          disabled={!ready || busy !== null}
          onClick={() => void run('check')}
        >
          {busy === 'check' ? 'Checking…' : 'Check on validation images'}
        </button>
        {check && (
          <p role="status" aria-label="Weights check">
            {check}
          </p>
        )}
      </div>
      {error && (
        <p className="keep-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
