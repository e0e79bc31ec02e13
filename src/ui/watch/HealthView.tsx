// Layer health: per layer, how big the weights are, how big the last gradient was, how much the
// last step changed them relative to their size (about 1e-3 is healthy: far less and that layer
// barely learns, far more and it thrashes), how many ReLUs are dead, and what its outputs look
// like on a probe batch of validation images.
import { updateRatioVerdict, type LayerHealth } from '../../engine/inspect/health';
import { formatPercent } from '../format';
import { compactNumber } from './numbers';
import { Sparkline } from './Sparkline';
import { useInspection } from './use-inspection';

const REFRESH_MS = 3000;
const PROBE = 64;

const VERDICT_TEXT = {
  unknown: 'not known yet (no step taken)',
  'too-low': 'too low: this layer barely changes (raise the learning rate?)',
  healthy: 'healthy (about 1e-3)',
  'too-high': 'too high: updates are large for these weights (lower the learning rate?)',
} as const;

function HealthRow({ l }: { l: LayerHealth }) {
  const verdict = updateRatioVerdict(l.updateRatio);
  const a = l.activation;
  return (
    <tr>
      <th scope="row" title={`${l.type}, output ${l.outputShape.join('×')}`}>
        {l.layerId}
      </th>
      <td className="num">{compactNumber(l.weightNorm)}</td>
      <td className="num">{compactNumber(l.gradNorm)}</td>
      <td className="num">
        {l.weightNorm === null ? (
          '—'
        ) : (
          <span className={`ratio ratio-${verdict}`} title={VERDICT_TEXT[verdict]}>
            {compactNumber(l.updateRatio)}
            <span className="visually-hidden"> ({VERDICT_TEXT[verdict]})</span>
          </span>
        )}
      </td>
      <td className="num">{l.deadFraction === null ? '—' : formatPercent(l.deadFraction)}</td>
      <td>
        <Sparkline
          histogram={a.histogram}
          label={`Outputs of ${l.layerId}: mean ${compactNumber(a.mean)}, std ${compactNumber(a.std)}, from ${compactNumber(a.min)} to ${compactNumber(a.max)}`}
        />
      </td>
    </tr>
  );
}

export function HealthView() {
  const { data, error, loading, refresh } = useInspection((c) => c.health(PROBE), { pollMs: REFRESH_MS }); // prettier-ignore
  return (
    <div className="health">
      <div className="toolbar">
        <button type="button" className="btn btn-small" onClick={refresh} disabled={loading}>
          Refresh health
        </button>
        {data && (
          <span className="hint">
            step {data.step} · outputs of {data.probeExamples} validation images
          </span>
        )}
      </div>
      {error && <p className="hint">{error}</p>}
      {data && (
        <div className="health-scroll">
          <table className="health-table" aria-label="Layer health">
            <thead>
              <tr>
                <th scope="col">Layer</th>
                <th scope="col" className="num" title="Norm of the main weight tensor">
                  ‖W‖
                </th>
                <th scope="col" className="num" title="Norm of its last gradient">
                  ‖∇W‖
                </th>
                <th scope="col" className="num" title="‖last update‖ / ‖W‖ (≈1e-3 is healthy)">
                  update/W
                </th>
                <th scope="col" className="num" title="ReLUs that output 0 for every probe image">
                  dead
                </th>
                <th scope="col">outputs</th>
              </tr>
            </thead>
            <tbody>
              {data.layers.map((l) => (
                <HealthRow key={l.layerId} l={l} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint legend-line">
        <span className="ratio ratio-healthy">≈1e−3 healthy</span>
        <span className="ratio ratio-too-low">&lt;1e−4 too low</span>
        <span className="ratio ratio-too-high">&gt;1e−2 too high</span>
      </p>
    </div>
  );
}
