// The numbers behind an experiment's charts, one row per variant: how the run ended, its first
// and last loss, accuracies, and what the experiment inspects (dead or saturated units with the
// activation histograms of each layer in a grid of their own, whether the first-layer filters
// are all identical).
import { unitHealth } from '../../store/experiments/conclusions';
import type { ExperimentResult, VariantResult } from '../../store/experiments/runner';
import { tile } from '../../engine/inspect/images';
import { PixelCanvas } from '../watch/PixelCanvas';
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

/** A run's first-layer filters at its end, one small tile each (identical filters look alike). */
function FilterStrip({ v }: { v: VariantResult }) {
  const f = v.filters;
  if (!f) return null;
  const tiles = { ...f, count: f.filters * f.tilesPerFilter };
  return (
    <span
      className="experiment-filters"
      role="group"
      aria-label={`First-layer filters of ${v.label}`}
    >
      {Array.from({ length: f.filters }, (_, k) => (
        <PixelCanvas
          key={k}
          rgba={tile(tiles, k * f.tilesPerFilter)}
          width={f.width}
          height={f.height}
          displayWidth={14}
        />
      ))}
    </span>
  );
}

/** Each run's first-layer filters at its end, and whether they are all the same. */
export function FilterTable({ result }: { result: ExperimentResult }) {
  return (
    <table className="experiment-results" aria-label="First-layer filters">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">First-layer filters at the end</th>
        </tr>
      </thead>
      <tbody>
        {result.variants.map((v, i) => (
          <tr key={v.label}>
            <th scope="row">
              <span className="swatch" style={{ background: RUN_COLORS[i % RUN_COLORS.length] }} />
              {v.label}
            </th>
            <td>
              <FilterStrip v={v} />
              {v.filterSpread === null
                ? '—'
                : v.filterSpread === 0
                  ? 'all identical'
                  : `differ (up to ${v.filterSpread.toPrecision(2)})`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Activation histograms per layer and run (a row per run, a column per activation layer), with
 * the share of dead ReLUs or saturated sigmoid/tanh units under each.
 */
export function ActivationGrid({ result }: { result: ExperimentResult }) {
  const rows = result.variants.map((v) => ({ v, units: unitHealth(v) }));
  const layers = [...new Set(rows.flatMap((r) => r.units.map((u) => u.layerId)))];
  if (layers.length === 0) return null;
  return (
    <table className="experiment-results experiment-activations" aria-label="Activations per layer">
      <thead>
        <tr>
          <th scope="col">Run</th>
          {layers.map((id) => (
            <th key={id} scope="col">
              {id}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ v, units }, i) => (
          <tr key={v.label}>
            <th scope="row">
              <span className="swatch" style={{ background: RUN_COLORS[i % RUN_COLORS.length] }} />
              {v.label}
            </th>
            {layers.map((id) => {
              const u = units.find((x) => x.layerId === id);
              const layer = v.health?.layers.find((l) => l.layerId === id);
              if (!u || !layer) return <td key={id}>—</td>;
              const what =
                u.dead !== null
                  ? `${pct(u.dead)} dead`
                  : u.saturated !== null
                    ? `${pct(u.saturated)} saturated`
                    : `std ${u.std.toPrecision(2)}`;
              return (
                <td key={id} title={`${id} (${u.type}): ${what}, std ${u.std.toPrecision(2)}`}>
                  <Sparkline
                    histogram={layer.activation.histogram}
                    label={`${id} activations: ${what}`}
                    bars={12}
                  />
                  <span className="hint experiment-unit-note">{what}</span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ResultsTable({ result }: { result: ExperimentResult }) {
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
          </tr>
        ))}
      </tbody>
    </table>
  );
}
