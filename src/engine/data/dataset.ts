// The compact in-memory form of every image dataset: uint8 pixels, converted to float32 only one
// batch at a time (MNIST 60k as float32 would be 188 MB; as uint8 it is 47 MB).

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
