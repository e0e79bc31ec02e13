// Input preprocessing: how uint8 pixels become the floats the network sees. Every mode is the
// one formula  x = (pixel / 255 − mean[c]) / std[c]  with different per-channel constants:
//   scale        mean 0, std 1: values in [0, 1]
//   center       mean = training-set channel mean, std 1: zero-centred
//   standardize  mean and std from the training set: zero mean, unit variance per channel
// The statistics come from the training split only: computing them over validation or test
// examples would leak information about the data the model is judged on.
//
// A Preprocess is plain JSON so it can be saved with a trained model; the same constants must be
// applied at inference time or the model sees inputs on a different scale than it learned.
import type { ImageDataset } from './dataset';
import { exampleSize } from './dataset';

export type PreprocessMode = 'scale' | 'center' | 'standardize';
export const PREPROCESS_MODES: readonly PreprocessMode[] = ['scale', 'center', 'standardize'];

export interface Preprocess {
  readonly mode: PreprocessMode;
  /** Per channel, in [0, 1] pixel units. */
  readonly mean: readonly number[];
  /** Per channel, in [0, 1] pixel units; never 0. */
  readonly std: readonly number[];
}

/** A channel that is constant over the training set would divide by zero; leave it unscaled. */
const MIN_STD = 1e-6;

/** Plain [0, 1] scaling; needs no statistics. */
export function scalePreprocess(channels: number): Preprocess {
  return {
    mode: 'scale',
    mean: new Array<number>(channels).fill(0),
    std: new Array<number>(channels).fill(1),
  };
}

/** Per-channel mean and (population) standard deviation over the given examples, in [0, 1] units. */
export function channelStats(
  d: ImageDataset,
  indices: ArrayLike<number>,
): { mean: number[]; std: number[] } {
  if (indices.length === 0) throw new Error('channelStats: no training examples to measure');
  const plane = d.height * d.width;
  const size = exampleSize(d);
  // Integer sums are exact in float64 up to 2^53: far beyond 60000 × 784 × 255².
  const sum = new Array<number>(d.channels).fill(0);
  const sumSq = new Array<number>(d.channels).fill(0);
  for (let k = 0; k < indices.length; k++) {
    const base = indices[k] * size;
    for (let c = 0; c < d.channels; c++) {
      let s = 0;
      let s2 = 0;
      const start = base + c * plane;
      for (let p = start; p < start + plane; p++) {
        const v = d.images[p];
        s += v;
        s2 += v * v;
      }
      sum[c] += s;
      sumSq[c] += s2;
    }
  }
  const n = indices.length * plane;
  const mean = sum.map((s) => s / n / 255);
  const std = sumSq.map((s2, c) => {
    const variance = s2 / n / (255 * 255) - mean[c] * mean[c];
    return Math.sqrt(Math.max(0, variance));
  });
  return { mean, std };
}

/** Builds the preprocessing for `mode`, measuring statistics on `trainIndices` only. */
export function fitPreprocess(
  d: ImageDataset,
  trainIndices: ArrayLike<number>,
  mode: PreprocessMode,
): Preprocess {
  if (mode === 'scale') return scalePreprocess(d.channels);
  const { mean, std } = channelStats(d, trainIndices);
  return {
    mode,
    mean,
    std: mode === 'standardize' ? std.map((s) => (s < MIN_STD ? 1 : s)) : std.map(() => 1),
  };
}

/**
 * A 256-entry table per channel (channels × 256 floats): the preprocessed value of every possible
 * byte. Turning a batch into floats is then one lookup per pixel, no arithmetic.
 */
export function preprocessTable(p: Preprocess): Float32Array {
  const table = new Float32Array(p.mean.length * 256);
  for (let c = 0; c < p.mean.length; c++) {
    for (let v = 0; v < 256; v++) table[c * 256 + v] = (v / 255 - p.mean[c]) / p.std[c];
  }
  return table;
}

/** Checks a Preprocess read back from JSON (e.g. a saved model) and returns it typed. */
export function parsePreprocess(value: unknown, channels?: number): Preprocess {
  const v = value as Partial<Record<keyof Preprocess, unknown>> | null;
  const isNumbers = (a: unknown): a is number[] =>
    Array.isArray(a) && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (
    typeof v !== 'object' ||
    v === null ||
    !PREPROCESS_MODES.includes(v.mode as PreprocessMode) ||
    !isNumbers(v.mean) ||
    !isNumbers(v.std) ||
    v.mean.length !== v.std.length ||
    v.mean.length === 0 ||
    v.std.some((s) => s <= 0)
  ) {
    throw new Error(
      `Not a valid preprocessing description: ${JSON.stringify(value)?.slice(0, 200)}`,
    );
  }
  if (channels !== undefined && v.mean.length !== channels) {
    throw new Error(`Preprocessing has ${v.mean.length} channels, the data has ${channels}`);
  }
  return { mode: v.mode as PreprocessMode, mean: [...v.mean], std: [...v.std] };
}

/** Writes one example's preprocessed floats into `out` at `offset` (no augmentation). */
export function preprocessExample(
  d: ImageDataset,
  index: number,
  table: Float32Array,
  out: Float32Array,
  offset: number,
): void {
  const plane = d.height * d.width;
  const base = index * exampleSize(d);
  for (let c = 0; c < d.channels; c++) {
    const t = c * 256;
    const src = base + c * plane;
    const dst = offset + c * plane;
    for (let p = 0; p < plane; p++) out[dst + p] = table[t + d.images[src + p]];
  }
}

/**
 * Normalises one example already held as floats in [0, 1] (the augmentation path, where values
 * are no longer whole bytes) into `out` at `offset`.
 */
export function normalizeExample(
  src: Float32Array,
  p: Preprocess,
  plane: number,
  out: Float32Array,
  offset: number,
): void {
  for (let c = 0; c < p.mean.length; c++) {
    const mean = p.mean[c];
    const inv = 1 / p.std[c];
    const base = c * plane;
    for (let i = 0; i < plane; i++) out[offset + base + i] = (src[base + i] - mean) * inv;
  }
}
