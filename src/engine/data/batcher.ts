// Turns a uint8 dataset into the float batches the trainer uploads. Pixels stay as bytes until
// the moment a batch is filled, so a dataset costs a quarter of its float size in memory, and
// the caller owns the x/y buffers so nothing is allocated per step.
import { augmentInto, augmentSeed, isAugmentEnabled } from './augment';
import type { AugmentConfig } from './augment';
import type { ImageDataset } from './dataset';
import { exampleSize } from './dataset';
import type { Preprocess } from './preprocess';
import { normalizeExample, preprocessExample, preprocessTable } from './preprocess';
import { Rng, hashSeed } from '../rng';

export interface BatcherOptions {
  batchSize: number;
  /** Reshuffle the examples at the start of every epoch. */
  shuffle: boolean;
  /** Seeds the shuffles and the augmentation; same seed, same batches. */
  seed: number;
  preprocess: Preprocess;
  /** Training-time augmentation; omitted or all-off means none. */
  augment?: AugmentConfig;
}

function checkShape(d: ImageDataset, p: Preprocess): void {
  if (p.mean.length !== d.channels) {
    throw new Error(
      `Preprocessing is for ${p.mean.length} channels, dataset "${d.name}" has ${d.channels}`,
    );
  }
}

/**
 * Endless training batches over a set of example indices. Every batch is full: an epoch that does
 * not divide into batches continues into the next epoch (reshuffled), and a batch larger than the
 * whole set repeats examples. Within an epoch each example appears exactly once.
 */
export class Batcher {
  readonly batchSize: number;
  /** Batches per epoch, rounded up: the last one of an epoch borrows from the next. */
  readonly stepsPerEpoch: number;
  /** Floats per example: channels × height × width. */
  readonly exampleSize: number;

  private readonly dataset: ImageDataset;
  private readonly indices: Uint32Array;
  private readonly shuffle: boolean;
  private readonly seed: number;
  private readonly preprocess: Preprocess;
  private readonly table: Float32Array;
  private readonly augment: AugmentConfig | null;
  private readonly rng = new Rng(0);
  private readonly unit: Float32Array;
  private readonly warped: Float32Array;

  private order: Uint32Array;
  private cursor = 0;
  private completed = 0;
  private steps = 0;

  constructor(dataset: ImageDataset, indices: Uint32Array, opts: BatcherOptions) {
    if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) {
      throw new Error(`Batch size must be a whole number ≥ 1, got ${opts.batchSize}`);
    }
    if (indices.length === 0) throw new Error('Batcher: no examples to batch (empty index list)');
    for (let i = 0; i < indices.length; i++) {
      if (indices[i] >= dataset.count) {
        throw new Error(`Batcher: index ${indices[i]} is outside the ${dataset.count} examples`);
      }
    }
    checkShape(dataset, opts.preprocess);
    this.dataset = dataset;
    this.indices = indices.slice();
    this.batchSize = opts.batchSize;
    this.stepsPerEpoch = Math.ceil(indices.length / opts.batchSize);
    this.exampleSize = exampleSize(dataset);
    this.shuffle = opts.shuffle;
    this.seed = opts.seed;
    this.preprocess = opts.preprocess;
    this.table = preprocessTable(opts.preprocess);
    this.augment = opts.augment && isAugmentEnabled(opts.augment) ? opts.augment : null;
    this.unit = new Float32Array(this.augment ? this.exampleSize : 0);
    this.warped = new Float32Array(this.augment ? this.exampleSize : 0);
    this.order = this.orderFor(0);
  }

  /** Number of examples per epoch. */
  get size(): number {
    return this.indices.length;
  }

  /** Completed epochs (a whole number). */
  get epoch(): number {
    return this.completed;
  }

  /** Completed epochs plus the fraction of the current one consumed, e.g. 2.25. */
  get epochProgress(): number {
    return this.completed + this.cursor / this.indices.length;
  }

  /** Batches produced so far. */
  get step(): number {
    return this.steps;
  }

  /** Starts over from epoch 0, as if just constructed. */
  reset(): void {
    this.completed = 0;
    this.cursor = 0;
    this.steps = 0;
    this.order = this.orderFor(0);
  }

  /** The example order of epoch `e`: a seeded Fisher–Yates shuffle, or the given order. */
  private orderFor(e: number): Uint32Array {
    const order = this.indices.slice();
    if (this.shuffle) {
      // Seeded per epoch rather than by one running stream, so any epoch's order can be rebuilt
      // directly (resuming a run) without replaying the shuffles before it.
      this.rng.reseed(hashSeed(this.seed, 0x5f1e, e));
      this.rng.shuffle(order);
    }
    return order;
  }

  /**
   * Fills `x` with batchSize examples (NCHW floats) and `y` with their labels (as floats).
   * `epochEnded` is true when this batch took the last example of an epoch.
   */
  next(x: Float32Array, y: Float32Array): { epochEnded: boolean } {
    const size = this.exampleSize;
    if (x.length < this.batchSize * size || y.length < this.batchSize) {
      throw new Error(
        `Batch buffers too small: x needs ${this.batchSize * size} floats (has ${x.length}), y needs ${this.batchSize} (has ${y.length})`,
      );
    }
    let epochEnded = false;
    for (let b = 0; b < this.batchSize; b++) {
      const index = this.order[this.cursor];
      this.writeExample(index, x, b * size);
      y[b] = this.dataset.labels[index];
      this.cursor++;
      if (this.cursor === this.order.length) {
        epochEnded = true;
        this.completed++;
        this.cursor = 0;
        this.order = this.orderFor(this.completed);
      }
    }
    this.steps++;
    return { epochEnded };
  }

  private writeExample(index: number, x: Float32Array, offset: number): void {
    const d = this.dataset;
    if (!this.augment) {
      preprocessExample(d, index, this.table, x, offset);
      return;
    }
    const base = index * this.exampleSize;
    for (let i = 0; i < this.exampleSize; i++) this.unit[i] = d.images[base + i] / 255;
    this.rng.reseed(augmentSeed(this.seed, this.completed, this.cursor));
    augmentInto(this.unit, this.warped, d.channels, d.height, d.width, this.augment, this.rng);
    normalizeExample(this.warped, this.preprocess, d.height * d.width, x, offset);
  }
}

export interface EvalBatch {
  /** batchSize × C × H × W floats; rows past `count` are 0. */
  readonly x: Float32Array;
  /** batchSize labels; −1 past `count`, which the loss and accuracy ignore. */
  readonly y: Float32Array;
  /** Real examples in this batch (less than batchSize only in the last batch). */
  readonly count: number;
}

/**
 * Fixed-shape batches over `indices` in order, each example exactly once, for evaluation. The
 * last batch is padded (zeros, label −1) so every batch has the compiled batch size.
 * Each batch gets fresh arrays, so the caller may keep them.
 */
export function* evalBatches(
  dataset: ImageDataset,
  indices: ArrayLike<number>,
  batchSize: number,
  preprocess: Preprocess,
): Generator<EvalBatch> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`Batch size must be a whole number ≥ 1, got ${batchSize}`);
  }
  checkShape(dataset, preprocess);
  const size = exampleSize(dataset);
  const table = preprocessTable(preprocess);
  for (let start = 0; start < indices.length; start += batchSize) {
    const count = Math.min(batchSize, indices.length - start);
    const x = new Float32Array(batchSize * size);
    const y = new Float32Array(batchSize).fill(-1);
    for (let b = 0; b < count; b++) {
      const index = indices[start + b];
      preprocessExample(dataset, index, table, x, b * size);
      y[b] = dataset.labels[index];
    }
    yield { x, y, count };
  }
}
