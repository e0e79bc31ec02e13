// Gradient check for the user's own network: the analytic gradient the backward pass computes,
// compared with central differences of the loss, for sampled parameters of one layer (or for
// the input, which exercises every layer's backward pass). It runs on the float64 CPU backend
// with a copy of the current weights and a tiny batch, so it is exact enough to trust and never
// touches the training model.
import { METRIC, SCALAR, SCALAR_COUNT } from '../backend/backend';
import { CpuBackend } from '../backend/cpu/cpu-backend';
import type { HostTensor } from '../io/safetensors';
import { Model } from '../model/model';
import { INPUT_ID, type NetworkSpec } from '../spec';
import { hashSeed, Rng } from '../rng';
import type { LossKind } from '../train/trainer';

export interface GradCheckOptions {
  /** A layer with parameters, or `input` for the gradient w.r.t. the input image. */
  readonly layerId: string;
  /** Values checked per tensor (sampled at random; default 8). */
  readonly samples?: number;
  /** Central-difference step (default 1e-6; float64 keeps rounding far below it, and a small step rarely crosses a kink). */
  readonly eps?: number;
  readonly seed?: number;
}

export interface GradCheckEntry {
  /** Tensor name (`conv1.weight`) or `input`. */
  readonly tensor: string;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
  /** |a − n| / max(|a|, |n|); 0 when both are (numerically) zero. */
  readonly relError: number;
}

export type GradCheckVerdict = 'pass' | 'kinks' | 'fail';

export interface GradCheckResult {
  readonly layerId: string;
  readonly examples: number;
  readonly loss: number;
  readonly entries: GradCheckEntry[];
  readonly maxRelError: number;
  readonly verdict: GradCheckVerdict;
  /** A sentence explaining the verdict. */
  readonly message: string;
}

export function relativeError(a: number, n: number): number {
  const diff = Math.abs(a - n);
  if (diff < 1e-12) return 0;
  return diff / Math.max(Math.abs(a), Math.abs(n));
}

/**
 * Thresholds in float64: below 1e-6 the backward pass is right; up to 1e-2 is what kinks
 * (ReLU at 0, max-pool ties) do to a few central differences; above that something is wrong.
 */
export function gradCheckVerdict(maxRelError: number): { verdict: GradCheckVerdict; message: string } {
  if (maxRelError < 1e-6) {
    return { verdict: 'pass', message: 'Analytic and numerical gradients agree: backprop is right.' };
  }
  if (maxRelError < 1e-2) {
    return {
      verdict: 'kinks',
      message:
        'Small disagreements, typical where a ReLU or max-pool sits exactly at a kink ' +
        'for some example; the gradient is almost certainly right.',
    };
  }
  return {
    verdict: 'fail',
    message:
      'Analytic and numerical gradients disagree: the backward pass of this layer (or one ' +
      'after it) does not match its forward pass.',
  };
} // prettier-ignore

export interface GradCheckBatch {
  /** count × C × H × W preprocessed inputs. */
  readonly x: Float32Array;
  readonly y: ArrayLike<number>;
}

export function gradientCheck(
  spec: NetworkSpec,
  weights: ReadonlyMap<string, HostTensor>,
  batch: GradCheckBatch,
  loss: { kind: LossKind; hingeMargin: number },
  opts: GradCheckOptions,
): GradCheckResult {
  const b = new CpuBackend({ precision: 'f64' });
  const n = batch.y.length;
  const model = Model.create(spec, b);
  model.writeTensors(weights);
  const isInput = opts.layerId === INPUT_ID;
  const entries = model.entries.filter((e) => e.layerId === opts.layerId && e.trainable);
  if (!isInput && !model.analysis.byId.has(opts.layerId)) {
    throw new Error(`no layer "${opts.layerId}" in this network`);
  }
  if (!isInput && entries.length === 0) {
    throw new Error(
      `layer "${opts.layerId}" has no parameters to check; check "input" instead, which ` +
        'runs the gradient through every layer',
    );
  }
  const plan = model.plan(n, 'train', { inputGrad: isInput });
  const classes = plan.logits.shape[1];
  const metrics = b.tensor([4], 'gradcheck.metrics');
  const scale = 1 / n;
  const lossKernel =
    loss.kind === 'hinge'
      ? b.hinge({ scores: plan.logits, labels: plan.labels, grad: plan.logitsGrad, metrics, n, c: classes, margin: loss.hingeMargin, scale }) // prettier-ignore
      : b.softmaxCrossEntropy({ logits: plan.logits, labels: plan.labels, grad: plan.logitsGrad, metrics, n, c: classes, scale }); // prettier-ignore
  // Jitter the inputs a little: blank image backgrounds make exact ties in max-pooling and
  // ReLUs sitting exactly at 0, where the loss has a kink and central differences disagree with
  // any gradient. Checking at a point next to the data avoids testing the kinks.
  const jitter = new Rng(hashSeed(opts.seed ?? 7, 0x9c));
  b.write(
    plan.input,
    Array.from(batch.x, (v) => v + jitter.uniform(-0.02, 0.02)),
  );
  b.write(plan.labels, batch.y);
  // A fixed dropout seed: the mask must be the same in every forward pass of the check.
  const scalars = new Float64Array(SCALAR_COUNT);
  scalars[SCALAR.seed] = 12345;
  b.write(model.scalars, scalars);

  const total = () => {
    b.readSync(metrics).fill(0);
    b.run([...plan.forward, lossKernel]);
    return b.readSync(metrics)[METRIC.lossSum] * scale;
  };
  const lossValue = total();
  b.readSync(model.grads).fill(0);
  b.run(plan.backward);
  const eps = opts.eps ?? 1e-6;
  const samples = opts.samples ?? 8;
  const rng = new Rng(opts.seed ?? 7);
  const out: GradCheckEntry[] = [];

  const check = (name: string, values: Float64Array | Float32Array, grads: ArrayLike<number>, offset: number, size: number) => {
    const picks = new Set<number>();
    while (picks.size < Math.min(samples, size)) picks.add(rng.int(size));
    for (const j of [...picks].sort((p, q) => p - q)) {
      const i = offset + j;
      const orig = values[i];
      values[i] = orig + eps;
      const lp = total();
      values[i] = orig - eps;
      const lm = total();
      values[i] = orig;
      const numeric = (lp - lm) / (2 * eps);
      const analytic = grads[i];
      out.push({ tensor: name, index: j, analytic, numeric, relError: relativeError(analytic, numeric) });
    }
  }; // prettier-ignore

  if (isInput) {
    const grads = Float64Array.from(b.readSync(plan.inputGrad!));
    check(INPUT_ID, b.readSync(plan.input), grads, 0, plan.input.size);
  } else {
    const grads = Float64Array.from(b.readSync(model.grads));
    const params = b.readSync(model.params);
    for (const e of entries) check(e.name, params, grads, e.offset, e.size);
  }
  const maxRelError = out.reduce((m, e) => Math.max(m, e.relError), 0);
  return {
    layerId: opts.layerId,
    examples: n,
    loss: lossValue,
    entries: out,
    maxRelError,
    ...gradCheckVerdict(maxRelError),
  };
}
