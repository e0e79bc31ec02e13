// What an experiment's results say, in sentences: computed from the measured numbers (never
// written in advance), so a run that does not show the expected effect says so plainly.
import type { Histogram } from '../../engine/inspect/histogram';
import type { ExperimentId } from './catalog';
import type { ExperimentResult, VariantResult } from './runner';

const f3 = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Variants that ran to their end (or diverged) and have a final loss. */
function done(r: ExperimentResult): VariantResult[] {
  return r.variants.filter((v) => v.status === 'finished' || v.status === 'diverged');
}

/** The finished variant with the lowest final loss. */
function lowestLoss(vs: VariantResult[]): VariantResult | undefined {
  return vs
    .filter((v) => v.status === 'finished' && v.finalLoss !== null && Number.isFinite(v.finalLoss))
    .sort((a, b) => a.finalLoss! - b.finalLoss!)[0];
}

function ranking(vs: VariantResult[], key: 'finalLoss' | 'trainAccuracy' | 'valAccuracy'): string {
  const ok = vs.filter((v) => v.status === 'finished' && v[key] !== null && Number.isFinite(v[key])); // prettier-ignore
  const sorted = ok.sort((a, b) => (key === 'finalLoss' ? a[key]! - b[key]! : b[key]! - a[key]!));
  const fmt = key === 'finalLoss' ? f3 : pct;
  return sorted.map((v) => `${v.label} ${fmt(v[key]!)}`).join(', ');
}

function divergedLines(vs: VariantResult[]): string[] {
  return vs
    .filter((v) => v.status === 'diverged')
    .map((v) => `${v.label}: diverged — the loss was not a number at step ${v.nanStep ?? '?'}, and training paused itself.`); // prettier-ignore
}

/**
 * Fraction of values beyond `threshold` of a saturating activation's range, from a histogram:
 * the bins whose centre lies outside (lo + t·span, hi − t·span) for the range [lo, hi].
 */
export function saturatedFraction(h: Histogram, lo: number, hi: number, threshold = 0.05): number {
  const total = h.counts.reduce((s, c) => s + c, 0);
  if (total === 0) return 0;
  const span = hi - lo;
  const width = (h.max - h.min) / h.counts.length;
  let out = 0;
  h.counts.forEach((c, i) => {
    const centre = h.min + (i + 0.5) * width;
    if (centre <= lo + threshold * span || centre >= hi - threshold * span) out += c;
  });
  return out / total;
}

const SATURATING: Record<string, [number, number]> = { tanh: [-1, 1], sigmoid: [0, 1] };
const ACTIVATIONS = new Set(['relu', 'leakyrelu', 'elu', 'tanh', 'sigmoid']);

export interface UnitHealth {
  readonly layerId: string;
  readonly type: string;
  /** ReLU: share of units never positive on the probe batch; null for other types. */
  readonly dead: number | null;
  /** tanh/sigmoid: share of outputs pinned near the limits; null for other types. */
  readonly saturated: number | null;
  readonly std: number;
}

/** Per activation layer of a variant at the end of its run. */
export function unitHealth(v: VariantResult): UnitHealth[] {
  if (!v.health) return [];
  return v.health.layers
    .filter((l) => ACTIVATIONS.has(l.type))
    .map((l) => {
      const range = SATURATING[l.type];
      return {
        layerId: l.layerId,
        type: l.type,
        dead: l.deadFraction,
        saturated: range ? saturatedFraction(l.activation.histogram, range[0], range[1]) : null,
        std: l.activation.std,
      };
    });
}

export function conclusions(id: ExperimentId, r: ExperimentResult): string[] {
  const vs = done(r);
  if (vs.length === 0) return [];
  const lines: string[] = [];
  const best = lowestLoss(vs);
  switch (id) {
    case 'learning-rate':
    case 'batch-norm':
    case 'optimizers':
    case 'lr-schedules': {
      lines.push(...divergedLines(vs));
      const flat = vs.filter((v) => v.status === 'finished' && v.initialLoss !== null && v.finalLoss !== null && v.finalLoss > 0.8 * v.initialLoss); // prettier-ignore
      for (const v of flat) lines.push(`${v.label}: barely learned — the loss went from ${f3(v.initialLoss!)} to only ${f3(v.finalLoss!)}.`); // prettier-ignore
      if (best) lines.push(`Lowest final loss: ${best.label} (${f3(best.finalLoss!)}).`);
      const order = ranking(vs, 'finalLoss');
      if (id !== 'learning-rate' && order) lines.push(`Final loss, best first: ${order}.`);
      if (id === 'batch-norm') {
        const acc = ranking(vs, 'valAccuracy');
        if (acc) lines.push(`Validation accuracy: ${acc}.`);
      }
      return lines;
    }
    case 'initialization': {
      for (const v of vs) {
        const layers = unitHealth(v);
        const deep = layers.at(-1);
        const sat = layers.length ? Math.max(...layers.map((l) => l.saturated ?? 0)) : null;
        const parts = [`final loss ${v.finalLoss !== null ? f3(v.finalLoss) : '—'}`];
        if (v.filterSpread !== null) parts.push(v.filterSpread === 0 ? 'all first-layer filters identical (symmetry never broken)' : `first-layer filters differ (by up to ${f3(v.filterSpread)})`); // prettier-ignore
        if (deep) parts.push(`last ${deep.type} layer’s activations have spread (std) ${deep.std.toExponential(1)}`); // prettier-ignore
        if (sat !== null) parts.push(`up to ${pct(sat)} of units saturated`);
        lines.push(`${v.label}: ${parts.join('; ')}.`);
      }
      if (best) lines.push(`Lowest final loss: ${best.label}.`);
      return lines;
    }
    case 'activations': {
      for (const v of vs) {
        const layers = unitHealth(v);
        const dead = layers.filter((l) => l.dead !== null).map((l) => l.dead!);
        const sat = layers.filter((l) => l.saturated !== null).map((l) => l.saturated!);
        const parts = [`final loss ${v.finalLoss !== null ? f3(v.finalLoss) : '—'}`];
        if (dead.length) parts.push(`${pct(Math.max(...dead))} dead units`);
        if (sat.length) parts.push(`${pct(Math.max(...sat))} saturated units`);
        lines.push(`${v.label}: ${parts.join(', ')}.`);
      }
      const order = ranking(vs, 'finalLoss');
      if (order) lines.push(`Fastest to a low loss, best first: ${order}.`);
      return lines;
    }
    case 'overfitting': {
      const gaps = vs
        .filter((v) => v.trainAccuracy !== null && v.valAccuracy !== null)
        .map((v) => ({ v, gap: v.trainAccuracy! - v.valAccuracy! }));
      for (const { v, gap } of gaps) {
        lines.push(`${v.label}: training ${pct(v.trainAccuracy!)}, validation ${pct(v.valAccuracy!)} — a gap of ${(gap * 100).toFixed(1)} points.`); // prettier-ignore
      }
      const smallest = [...gaps].sort((a, b) => a.gap - b.gap)[0];
      const bestVal = [...gaps].sort((a, b) => b.v.valAccuracy! - a.v.valAccuracy!)[0];
      if (smallest) lines.push(`Smallest gap: ${smallest.v.label}. Best validation accuracy: ${bestVal.v.label}.`); // prettier-ignore
      return lines;
    }
    case 'sanity-checks': {
      const v = vs[0];
      const classes = 10;
      if (v.initialLoss !== null) {
        const expected = Math.log(classes);
        const off = Math.abs(v.initialLoss - expected) / expected;
        lines.push(`Initial loss ${f3(v.initialLoss)} against ln ${classes} = ${f3(expected)}: ${off < 0.15 ? 'as expected for a network that starts out guessing evenly' : 'far off — the initial scores are too large (or the loss is wrong)'}.`); // prettier-ignore
      }
      if (v.trainAccuracy !== null) {
        lines.push(v.trainAccuracy >= 0.999 ? `Overfitting 20 examples: training accuracy ${pct(v.trainAccuracy)}, loss ${v.finalLoss !== null ? f3(v.finalLoss) : '—'} — the network can learn.` : `Overfitting 20 examples reached only ${pct(v.trainAccuracy)} training accuracy: train longer, or look for a bug.`); // prettier-ignore
      }
      return lines;
    }
    case 'loss-functions': {
      const acc = ranking(vs, 'valAccuracy');
      if (acc) lines.push(`Validation accuracy: ${acc}.`);
      const train = ranking(vs, 'trainAccuracy');
      if (train) lines.push(`Training accuracy at the end: ${train}.`);
      lines.push('The loss values themselves are not comparable: hinge and cross-entropy measure different things.'); // prettier-ignore
      return lines;
    }
    case 'gradient-check':
      return [];
  }
}
