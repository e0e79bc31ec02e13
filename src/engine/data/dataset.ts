// The compact in-memory form of every image dataset: uint8 pixels, converted to float32 only one
// batch at a time (MNIST 60k as float32 would be 188 MB; as uint8 it is 47 MB).
import { DatasetFormatError } from './format-error';

export interface ImageDataset {
  /** Human name, e.g. "MNIST (bundled subset)". */
  readonly name: string;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** One name per class; `labels` are indices into it. */
  readonly classNames: readonly string[];
  /** Number of examples. */
  readonly count: number;
  /** count × channels × height × width bytes, each example in C, H, W order. */
  readonly images: Uint8Array;
  /** count labels, each in [0, classNames.length). */
  readonly labels: Uint16Array;
}

/** Example indices of each split into one ImageDataset. */
export interface DatasetSplits {
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
  readonly test: Uint32Array;
}

export function exampleSize(d: Pick<ImageDataset, 'channels' | 'height' | 'width'>): number {
  return d.channels * d.height * d.width;
}

/**
 * Checks that a dataset's arrays agree with its declared shape and that every label names a
 * class; throws one clear message otherwise. Parsers call it last, so a bug in one of them cannot
 * hand a malformed dataset to the trainer.
 */
export function checkDataset(d: ImageDataset): void {
  const dims = [d.channels, d.height, d.width, d.count];
  if (!dims.every((n) => Number.isInteger(n) && n >= 0) || exampleSize(d) === 0) {
    throw new DatasetFormatError(
      `${d.name}: bad shape count=${d.count} channels=${d.channels} height=${d.height} width=${d.width}`,
    );
  }
  if (d.images.length !== d.count * exampleSize(d)) {
    throw new DatasetFormatError(
      `${d.name}: images hold ${d.images.length} bytes, expected ${d.count} × ${exampleSize(d)} = ${d.count * exampleSize(d)}`,
    );
  }
  if (d.labels.length !== d.count) {
    throw new DatasetFormatError(`${d.name}: ${d.labels.length} labels for ${d.count} images`);
  }
  const classes = d.classNames.length;
  for (let i = 0; i < d.count; i++) {
    if (d.labels[i] >= classes) {
      throw new DatasetFormatError(
        `${d.name}: label ${d.labels[i]} of example ${i} is outside [0, ${classes}) (${classes} class names)`,
      );
    }
  }
}

/** How many examples of each class, over `indices` (default: all examples). */
export function classCounts(d: ImageDataset, indices?: ArrayLike<number>): number[] {
  const counts = new Array<number>(d.classNames.length).fill(0);
  if (indices) for (let i = 0; i < indices.length; i++) counts[d.labels[indices[i]]]++;
  else for (let i = 0; i < d.count; i++) counts[d.labels[i]]++;
  return counts;
}

/** "0", "1", ... for datasets whose classes have no better names (digits, unnamed IDX labels). */
export function numberedClassNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i));
}

/** 0, 1, ..., n − 1: every example of a dataset, e.g. for evaluation on all of it. */
export function allIndices(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
