// PLACEHOLDER until the training worker and store land (feat/session): then this panel holds the
// training settings (optimizer, learning rate, batch, epochs, loss, regularisation) and the
// start/pause/stop controls, fed by src/store/training.ts. Until then it shows what would train.
import { useDataset } from '../../store/dataset';
import { useAnalysis } from '../builder/analysis';
import { formatCount, formatExact } from '../format';

export function TrainPanel() {
  const a = useAnalysis();
  const loaded = useDataset((s) => s.loaded);
  const errors = a.issues.filter((i) => i.severity === 'error').length;
  return (
    <div className="panel-body" data-placeholder="train">
      <h2>Train</h2>
      <dl className="kv">
        <dt>Network</dt>
        <dd>
          {a.ok
            ? `ready · ${formatCount(a.totals.params)} parameters`
            : `${errors} problem${errors === 1 ? '' : 's'} to fix first`}
        </dd>
        <dt>Data</dt>
        <dd>
          {loaded
            ? `${loaded.name} · ${formatExact(loaded.split.train)} train / ${formatExact(loaded.split.validation)} validation`
            : 'not loaded yet'}
        </dd>
      </dl>
      <div className="placeholder">
        <p>
          Training controls (optimizer, learning rate and schedule, batch size, epochs, loss,
          regularisation) and the start / pause / stop buttons appear here when the training worker
          is connected.
        </p>
        <button type="button" className="btn btn-primary" disabled>
          Train
        </button>
      </div>
    </div>
  );
}
