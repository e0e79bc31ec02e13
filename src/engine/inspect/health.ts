// Layer health: the numbers that say whether each layer is learning. Per layer: weight norm,
// gradient norm, the update/weight ratio of the last step (about 1e-3 is healthy; much lower and
// the learning rate is too small for that layer, much higher and it is too large), the fraction
// of dead ReLUs (units that output 0 for every example of a probe batch, so no gradient reaches
// their weights), and a histogram of the layer's outputs on that batch.
import type { Model } from '../model/model';
import { forwardRead } from './forward';
import { diffNorm, l2norm, valueStats, type ValueStats } from './histogram';

export interface TensorHealth {
  /** `<layer>.<name>`, e.g. conv1.weight. */
  readonly name: string;
  readonly role: 'weight' | 'bias' | 'norm';
  readonly norm: number;
  /** Norm of the last step's gradient (regularisation included); null before any step. */
  readonly gradNorm: number | null;
  /** Norm of the last step's change; null before any step. */
  readonly updateNorm: number | null;
  /** updateNorm / norm; null before any step or for an all-zero tensor. */
  readonly updateRatio: number | null;
}

export interface LayerHealth {
  readonly layerId: string;
  readonly type: string;
  readonly outputShape: number[];
  /** The layer's main weight tensor (conv filters, dense matrix, norm scale); null if none. */
  readonly weightNorm: number | null;
  readonly gradNorm: number | null;
  readonly updateRatio: number | null;
  readonly tensors: TensorHealth[];
  /** ReLU layers: fraction of units never positive over the probe batch; null otherwise. */
  readonly deadFraction: number | null;
  /** The layer's outputs over the probe batch. */
  readonly activation: ValueStats;
}

export interface HealthReport {
  readonly step: number;
  /** Examples in the probe batch the activation statistics come from. */
  readonly probeExamples: number;
  readonly layers: LayerHealth[];
}

export type UpdateRatioVerdict = 'unknown' | 'too-low' | 'healthy' | 'too-high';

/** Rule of thumb for the update/weight ratio (about 1e-3 is healthy). */
export function updateRatioVerdict(ratio: number | null): UpdateRatioVerdict {
  if (ratio === null || !Number.isFinite(ratio)) return 'unknown';
  if (ratio < 1e-4) return 'too-low';
  if (ratio > 1e-2) return 'too-high';
  return 'healthy';
}

/** Fraction of units (per-example positions) that are ≤ 0 for all `count` examples. */
export function deadFraction(values: Float32Array, count: number, units: number): number {
  if (units === 0 || count === 0) return 0;
  let dead = 0;
  for (let u = 0; u < units; u++) {
    let alive = false;
    for (let b = 0; b < count && !alive; b++) alive = values[b * units + u] > 0;
    if (!alive) dead++;
  }
  return dead / units;
}

export interface HealthInputs {
  /** A full eval batch of preprocessed examples (plan-sized); the first `count` rows are real. */
  readonly x: Float32Array;
  readonly batch: number;
  readonly count: number;
  /** Completed steps; before the first there is no gradient or update to report. */
  readonly step: number;
  /** Host copy of the parameters before the last step (null: update ratios unknown). */
  readonly previousParams: Float32Array | null;
  readonly bins?: number;
}

export async function layerHealth(model: Model, inp: HealthInputs): Promise<HealthReport> {
  const b = model.backend;
  const plan = model.plan(inp.batch, 'eval');
  const ids = model.analysis.layers.map((l) => l.id);
  const acts = ids.map((id) => plan.activations.get(id)!);
  // Read parameters and gradients first: they do not change during the inference pass.
  const [params, grads] = await Promise.all([b.read(model.params), b.read(model.grads)]);
  const values = await forwardRead(model, plan, inp.x, acts);
  const stepped = inp.step > 0;
  const prev = stepped ? inp.previousParams : null;

  const layers = model.analysis.layers.map((l, i): LayerHealth => {
    const tensors: TensorHealth[] = model.entries
      .filter((e) => e.layerId === l.id && e.trainable)
      .map((e) => {
        const norm = l2norm(params, e.offset, e.size);
        const updateNorm = prev ? diffNorm(params, prev, e.offset, e.size) : null;
        return {
          name: e.name,
          role: e.decl.role as TensorHealth['role'],
          norm,
          gradNorm: stepped ? l2norm(grads, e.offset, e.size) : null,
          updateNorm,
          updateRatio: updateNorm !== null && norm > 0 ? updateNorm / norm : null,
        };
      });
    const main = tensors.find((t) => t.role === 'weight') ?? tensors.find((t) => t.role === 'norm');
    const units = acts[i].size / inp.batch;
    const real = values[i].subarray(0, inp.count * units);
    return {
      layerId: l.id,
      type: l.type,
      outputShape: [...l.outShape!],
      weightNorm: main?.norm ?? null,
      gradNorm: main?.gradNorm ?? null,
      updateRatio: main?.updateRatio ?? null,
      tensors,
      deadFraction: l.type === 'relu' ? deadFraction(real, inp.count, units) : null,
      activation: valueStats(real, inp.bins ?? 30),
    };
  });
  return { step: inp.step, probeExamples: inp.count, layers };
}
