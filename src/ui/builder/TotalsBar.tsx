// Whole-network numbers: parameters, FLOPs per example, activation memory for a batch and a
// training-memory estimate, plus whether the network is ready to train.
import type { NetworkAnalysis } from '../../engine/analyze';
import { shapeText } from '../../engine/shapes';
import { updateTrainingSettings, useTrainingSettings } from '../train/settings';
import { formatBytes, formatCount, formatExact, formatFlops } from '../format';
import { useAnalysis } from './analysis';
import { trainingMemoryBytes } from './memory';

const BYTES = 4; // float32

/** Scrolls to the first layer with an error and focuses its fix (or the card). */
function showFirstProblem(a: NetworkAnalysis) {
  const first = a.issues.find((i) => i.severity === 'error');
  if (!first) return;
  const el =
    document.getElementById(`layer-${first.layerId}`) ?? document.querySelector('.network');
  el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  const target =
    el?.querySelector<HTMLElement>('.btn-fix') ?? el?.querySelector<HTMLElement>('.drag-handle');
  target?.focus({ preventScroll: true });
}

export function TotalsBar() {
  const a = useAnalysis();
  // The training batch size: the estimate is for the run the Train button would start.
  const batch = useTrainingSettings().batchSize;
  const setBatch = (n: number) =>
    updateTrainingSettings({ batchSize: Math.max(1, Math.min(4096, Math.round(n))) });
  const { params, flopsPerExample, activationsPerExample } = a.totals;
  const inputs = a.inputShape.reduce((x, y) => x * y, 1);
  const activationBytes = BYTES * activationsPerExample * batch;
  const trainBytes = trainingMemoryBytes(params, activationsPerExample, inputs, batch);
  const errors = a.issues.filter((i) => i.severity === 'error').length;
  return (
    <section className="totals" aria-label="Network totals">
      <dl className="totals-list">
        <div>
          <dt>Input</dt>
          <dd>{shapeText(a.inputShape)}</dd>
        </div>
        <div>
          <dt>Output</dt>
          <dd>{a.outShape ? shapeText(a.outShape) : '—'}</dd>
        </div>
        <div
          title={`${formatExact(params)} trainable parameters (${formatBytes(params * BYTES)} as float32)`}
        >
          <dt>Parameters</dt>
          <dd>{formatCount(params)}</dd>
        </div>
        <div
          title={`${formatExact(flopsPerExample)} floating-point operations per example, forward pass`}
        >
          <dt>FLOPs / example</dt>
          <dd>{formatFlops(flopsPerExample)}</dd>
        </div>
        <div
          title={`${formatExact(activationsPerExample)} activation values per example × batch ${batch} × 4 bytes`}
        >
          <dt>Activations</dt>
          <dd>{formatBytes(activationBytes)}</dd>
        </div>
        <div
          title={
            'Estimate: weights, gradients and Adam state (4 values per parameter) plus activations, ' +
            'their gradients and the input batch, all float32. Backends add some scratch space.'
          }
        >
          <dt>Training memory</dt>
          <dd>≈ {formatBytes(trainBytes)}</dd>
        </div>
        <div className="totals-batch">
          <dt>
            <label htmlFor="estimate-batch">Batch</label>
          </dt>
          <dd>
            <input
              id="estimate-batch"
              type="number"
              min={1}
              max={4096}
              value={batch}
              aria-label="Batch size"
              onChange={(e) => {
                const n = Number(e.target.value);
                if (e.target.value !== '' && Number.isFinite(n)) setBatch(n);
              }}
            />
          </dd>
        </div>
      </dl>
      <p className={`totals-status ${a.ok ? 'is-ok' : 'is-bad'}`} role="status">
        {a.ok ? (
          'Ready to train'
        ) : (
          <button type="button" className="link-button" onClick={() => showFirstProblem(a)}>
            {errors} problem{errors === 1 ? '' : 's'} to fix before training
          </button>
        )}
      </p>
    </section>
  );
}
