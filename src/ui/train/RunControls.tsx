// Train / Pause / Resume, Step, Reset; where the run is (step, epoch, speed, time left); the
// latest numbers. The buttons go through the run control, which decides whether Train resumes
// the configured session or sets up a new one for what the builder shows now.
import { useConfigIsStale, useRunControl } from '../../store/run-control';
import { useTraining } from '../../store/training';
import { useAnalysis } from '../builder/analysis';
import { formatDuration, formatExact, formatPercent, formatRate, formatValue } from '../format';

const STATE_LABEL = {
  idle: 'Ready',
  running: 'Training',
  paused: 'Paused',
  finished: 'Finished',
  error: 'Stopped by an error',
} as const;

export function RunControls() {
  const analysis = useAnalysis();
  const status = useTraining((s) => s.status);
  const latest = useTraining((s) => s.latest);
  const summary = useTraining((s) => s.summary);
  const lastEval = useTraining((s) => s.evaluations.at(-1) ?? null);
  const download = useTraining((s) => s.download);
  const busy = useRunControl((s) => s.busy);
  const configured = useRunControl((s) => s.configuredKey !== null);
  const stale = useConfigIsStale();
  const { train, pause, step, reset } = useRunControl((s) => s);

  const running = status.state === 'running';
  const canResume = status.state === 'paused' && !stale;
  const primary = running ? 'Pause' : canResume ? 'Resume' : 'Train';
  const blocked = !running && !analysis.ok;
  const total = latest?.totalSteps ?? summary?.totalSteps ?? 0;
  const done = latest?.step ?? 0;

  return (
    <section className="run-controls" aria-label="Run">
      <div className="run-buttons">
        <button
          type="button"
          className="btn btn-primary btn-large"
          disabled={blocked || (busy !== null && !running)}
          title={blocked ? 'Fix the problems in the network first' : undefined}
          onClick={() => void (running ? pause() : train())}
        >
          {busy === 'configuring' ? 'Preparing…' : primary}
        </button>
        <button
          type="button"
          className="btn"
          disabled={running || blocked || busy !== null}
          title="Train one batch, then pause: watch a single update"
          onClick={() => void step(1)}
        >
          Step
        </button>
        <button
          type="button"
          className="btn"
          disabled={running || blocked || busy !== null}
          onClick={() => void step(10)}
        >
          Step 10
        </button>
        <button
          type="button"
          className="btn"
          disabled={!configured || done === 0 || busy !== null}
          title="Back to step 0 with fresh weights (same seed)"
          onClick={() => void reset()}
        >
          Reset
        </button>
      </div>
      <p className="run-status" role="status">
        <span className={`run-state state-${status.state}`}>{STATE_LABEL[status.state]}</span>
        {total > 0 && (
          <span>
            step {formatExact(done)} / {formatExact(total)}
          </span>
        )}
        {latest && <span>epoch {latest.epoch.toFixed(2)}</span>}
        {running && latest && latest.examplesPerSecond > 0 && (
          <span>{formatExact(Math.round(latest.examplesPerSecond))} examples/s</span>
        )}
        {running && latest?.etaSeconds != null && (
          <span>{formatDuration(latest.etaSeconds)} left</span>
        )}
      </p>
      {total > 0 && (
        <progress
          className="run-progress"
          aria-label="Training progress"
          value={done}
          max={total}
        />
      )}
      {download && (
        <p className="hint">
          Loading the dataset in the worker… {Math.round(download.received / 1024)} KiB
        </p>
      )}
      {/* Why it stopped, when that is news (an error, a NaN or device pause): not "finished". */}
      {status.message &&
        (status.state === 'error' ||
          (status.state === 'paused' && status.reason !== 'user' && status.reason !== 'steps')) && (
          <p className="hint">{status.message}</p>
        )}
      {stale && !running && (
        <p className="hint">
          The network, data or settings changed since this run was set up: Train starts a new run.
        </p>
      )}
      <dl className="run-numbers">
        <div>
          <dt>Loss</dt>
          <dd>{formatValue(latest?.loss)}</dd>
        </div>
        <div>
          <dt>Train accuracy</dt>
          <dd>{formatPercent(latest?.accuracy)}</dd>
        </div>
        <div>
          <dt>Validation accuracy</dt>
          <dd>{formatPercent(lastEval?.accuracy)}</dd>
        </div>
        <div>
          <dt>Learning rate</dt>
          <dd>{latest ? formatRate(latest.lr) : '—'}</dd>
        </div>
      </dl>
    </section>
  );
}
