// Predictions on a handful of validation images with the top-k class probabilities: the
// "what does it think this is?" grid. Probabilities are the softmax of the scores whatever the
// loss (with the hinge loss they are a reading aid, not calibrated probabilities).
import type { ImageDataset } from '../data/dataset';
import { Rng } from '../rng';
import type { Model } from '../model/model';
import { argmax, exampleBytes, logitsFor, softmax, type ExampleSource } from './forward';

export interface ClassProbability {
  readonly classIndex: number;
  readonly probability: number;
}

export interface Prediction {
  readonly datasetIndex: number;
  readonly label: number;
  readonly predicted: number;
  readonly correct: boolean;
  /** The k most probable classes, most probable first. */
  readonly top: ClassProbability[];
}

export interface PredictionsResult {
  readonly predictions: Prediction[];
  /** The examples' raw bytes, back to back (C × H × W each), for thumbnails. */
  readonly images: Uint8Array;
  readonly imageShape: [number, number, number];
}

/** The k largest probabilities, largest first. */
export function topK(probabilities: ArrayLike<number>, k: number): ClassProbability[] {
  const order = Array.from({ length: probabilities.length }, (_, i) => i);
  order.sort((a, b) => probabilities[b] - probabilities[a] || a - b);
  return order
    .slice(0, Math.min(k, order.length))
    .map((i) => ({ classIndex: i, probability: probabilities[i] }));
}

export interface PickOptions {
  /** Dataset indices to take as they are (e.g. a confusion-matrix cell's examples). */
  readonly indices?: readonly number[];
  /** Positions in the pool (0 = the validation split's first image). */
  readonly positions?: readonly number[];
  /** How many to take when no positions are given (default 16). */
  readonly count?: number;
  /** Take a seeded random sample instead of the first ones. */
  readonly randomSeed?: number;
}

/** Chooses examples: by dataset index, by position in a pool (the validation split), or the
 * first / a seeded random `count` of the pool. `datasetSize` bounds the indices. */
export function pickExamples(
  pool: ArrayLike<number>,
  opts: PickOptions,
  datasetSize = Infinity,
): number[] {
  if (opts.indices) {
    return opts.indices.map((i) => {
      if (!Number.isInteger(i) || i < 0 || i >= datasetSize) {
        throw new RangeError(`example ${i} is outside the dataset (0–${datasetSize - 1})`);
      }
      return i;
    });
  }
  if (opts.positions) {
    return opts.positions.map((p) => {
      if (!Number.isInteger(p) || p < 0 || p >= pool.length) {
        throw new RangeError(`position ${p} is outside the ${pool.length} examples`);
      }
      return pool[p];
    });
  }
  const count = Math.min(opts.count ?? 16, pool.length);
  const positions = Array.from({ length: pool.length }, (_, i) => i);
  if (opts.randomSeed !== undefined) new Rng(opts.randomSeed).shuffle(positions);
  return positions.slice(0, count).map((p) => pool[p]);
}

export async function predict(
  model: Model,
  src: ExampleSource,
  datasetIndices: readonly number[],
  k = 3,
  between?: () => Promise<void>,
): Promise<PredictionsResult> {
  const d: ImageDataset = src.dataset;
  const logits = await logitsFor(model, src, datasetIndices, 64, between);
  const classes = d.classNames.length;
  const predictions = datasetIndices.map((index, i) => {
    const p = softmax(logits, i * classes, classes);
    const predicted = argmax(p);
    const label = d.labels[index];
    return { datasetIndex: index, label, predicted, correct: predicted === label, top: topK(p, k) };
  });
  return {
    predictions,
    images: exampleBytes(d, datasetIndices),
    imageShape: [d.channels, d.height, d.width],
  };
}
