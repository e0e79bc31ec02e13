// Inference passes for inspection: run a model's eval plan over chosen examples and copy the
// wanted tensors to the host. The input is written, the kernels run and every read is issued
// without an await in between, so on WebGPU the reads are queued right behind the pass and see
// exactly its results even if other work is queued later.
import type { Tensor } from '../backend/backend';
import type { ImageDataset } from '../data/dataset';
import { exampleSize } from '../data/dataset';
import { preprocessExample, preprocessTable, type Preprocess } from '../data/preprocess';
import type { Model } from '../model/model';
import type { Plan } from '../model/plan';

/** Where inspected examples come from: the dataset and the preprocessing training uses. */
export interface ExampleSource {
  readonly dataset: ImageDataset;
  readonly preprocess: Preprocess;
}

/** Writes examples (dataset indices) into a batch input; rows past the list stay zero. */
export function fillInput(src: ExampleSource, indices: ArrayLike<number>, x: Float32Array): void {
  const size = exampleSize(src.dataset);
  const table = preprocessTable(src.preprocess);
  x.fill(0);
  for (let i = 0; i < indices.length; i++) {
    preprocessExample(src.dataset, indices[i], table, x, i * size);
  }
}

/** One inference pass over `x` (a whole batch), returning host copies of `tensors`. */
export function forwardRead(model: Model, plan: Plan, x: Float32Array, tensors: readonly Tensor[]) {
  const b = model.backend;
  b.write(plan.input, x);
  b.run(plan.forward);
  return Promise.all(tensors.map((t) => b.read(t)));
}

/**
 * Class scores for every example in `indices`, row after row (n × classes), computed in
 * batches of `batch`. `between` runs after each batch (the session yields to the event loop
 * there so a long pass does not freeze the worker).
 */
export async function logitsFor(
  model: Model,
  src: ExampleSource,
  indices: ArrayLike<number>,
  batch = 64,
  between?: () => Promise<void>,
): Promise<Float32Array> {
  const b = Math.max(1, Math.min(batch, indices.length));
  const plan = model.plan(b, 'eval');
  const classes = plan.logits.shape[1];
  const out = new Float32Array(indices.length * classes);
  const x = new Float32Array(plan.input.size);
  for (let start = 0; start < indices.length; start += b) {
    const count = Math.min(b, indices.length - start);
    const part = Array.from({ length: count }, (_, i) => indices[start + i]);
    fillInput(src, part, x);
    const [logits] = await forwardRead(model, plan, x, [plan.logits]);
    out.set(logits.subarray(0, count * classes), start * classes);
    if (between && start + b < indices.length) await between();
  }
  return out;
}

/** Softmax of one row of scores, numerically stable. */
export function softmax(scores: ArrayLike<number>, offset = 0, n = scores.length): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, scores[offset + i]);
  const out = new Float32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    out[i] = Math.exp(scores[offset + i] - max);
    sum += out[i];
  }
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}

/** Index of the largest of n values starting at offset (first one on ties, as the loss does). */
export function argmax(values: ArrayLike<number>, offset = 0, n = values.length): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (values[offset + i] > values[offset + best]) best = i;
  return best;
}

/** The raw bytes of some examples, back to back (for thumbnails next to results). */
export function exampleBytes(d: ImageDataset, indices: ArrayLike<number>): Uint8Array {
  const size = exampleSize(d);
  const out = new Uint8Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    out.set(d.images.subarray(indices[i] * size, (indices[i] + 1) * size), i * size);
  }
  return out;
}
