// The numbers behind an experiment's charts, one row per variant: how the run ended, its first
// and last loss, accuracies, and what the experiment inspects (dead or saturated units with the
// activation histograms of each layer, whether the first-layer filters are all identical).
import type { ExperimentDef } from '../../store/experiments/catalog';
import { unitHealth } from '../../store/experiments/conclusions';
import type { ExperimentResult, VariantResult } from '../../store/experiments/runner';
import { RUN_COLORS } from '../watch/run-colors';
import { Sparkline } from '../watch/Sparkline';

const num = (v: number | null) => (v === null ? '—' : Number.isFinite(v) ? v.toPrecision(3) : String(v)); // prettier-ignore
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function outcome(v: VariantResult): string {
  switch (v.status) {
    case 'pending':
      return 'waiting';
    case 'running':
      return 'running';
    case 'finished':
      return 'finished';
    case 'diverged':
      return `diverged (NaN at step ${v.nanStep ?? '?'})`;
    case 'stopped':
      return 'stopped';
    case 'error':
      return `failed: ${v.error ?? ''}`;
  }
}

function Units({ v }: { v: VariantResult }) {
  const layers = unitHealth(v);
  if (!v.health) return <>—</>;
  return (
    <span className="experiment-units">
      {v.health.layers
        .filter((l) => layers.some((u) => u.layerId === l.layerId))
        .map((l) => {
          const u = layers.find((x) => x.layerId === l.layerId)!;
          const what = u.dead !== null ? `${pct(u.dead)} dead` : `${pct(u.saturated)} saturated`; // prettier-ignore
          return (
            <span
              key={l.layerId}
              className="experiment-unit"
              title={`${l.layerId}: ${what}, std ${u.std.toPrecision(2)}`}
            >
              {' '}
              {/* prettier-ignore */}
              <Sparkline histogram={l.activation.histogram} label={`${l.layerId} activations: ${what}`} bars={12} />{' '}
              {/* prettier-ignore */}
              <span className="hint">{what}</span>
            </span>
          );
        })}
    </span>
  );
}

export function ResultsTable({ def, result }: { def: ExperimentDef; result: ExperimentResult }) {
  const health = def.probes.includes('health');
  const filters = def.probes.includes('filters');
  return (
    <table className="experiment-results" aria-label="Results">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Result</th>
          <th scope="col">Steps</th>
          <th scope="col">First loss</th>
          <th scope="col">Final loss</th>
          <th scope="col">Train acc.</th>
          <th scope="col">Val. acc.</th>
          {filters && <th scope="col">First-layer filters</th>}
          {health && <th scope="col">Activations per layer</th>}
        </tr>
      </thead>
      <tbody>
        {result.variants.map((v, i) => (
          <tr key={v.label} data-status={v.status}>
            <th scope="row">
              <span className="swatch" style={{ background: RUN_COLORS[i % RUN_COLORS.length] }} />
              {v.label}
            </th>
            <td>{outcome(v)}</td>
            <td>
              {v.steps}/{v.totalSteps}
            </td>
            <td>{num(v.initialLoss)}</td>
            <td>{num(v.finalLoss)}</td>
            <td>{pct(v.trainAccuracy)}</td>
            <td>{pct(v.valAccuracy)}</td>
            {filters && (
              <td>
                {v.filterSpread === null
                  ? '—'
                  : v.filterSpread === 0
                    ? 'all identical'
                    : `differ (up to ${v.filterSpread.toPrecision(2)})`}
              </td>
            )}
            {health && (
              <td>
                <Units v={v} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
