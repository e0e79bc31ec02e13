// IDX, the file format of MNIST, Fashion-MNIST, KMNIST and EMNIST: a 4-byte magic number
// (two zero bytes, a type code, the number of dimensions), one big-endian uint32 per dimension,
// then the values in row-major order. Datasets come as a pair of files: images (type 0x08
// unsigned bytes, 3 dimensions N×H×W → magic 0x00000803) and labels (0x08, 1 dimension N →
// magic 0x00000801). Files are usually distributed gzipped; both forms are accepted.
//
// Every check below exists because a real mistake produces it: swapping the two files, a
// download cut short, a labels file from another split, class names from another dataset.
import type { BinaryInput } from './bytes';
import { gunzipIfNeeded } from './bytes';
import type { ImageDataset } from './dataset';
import { checkDataset, numberedClassNames } from './dataset';
import { DatasetFormatError } from './format-error';

/** IDX type codes and their element sizes in bytes. Only ubyte is used for image datasets. */
const IDX_TYPES: Record<number, { name: string; bytes: number }> = {
  0x08: { name: 'ubyte', bytes: 1 },
  0x09: { name: 'sbyte', bytes: 1 },
  0x0b: { name: 'int16', bytes: 2 },
  0x0c: { name: 'int32', bytes: 4 },
  0x0d: { name: 'float32', bytes: 4 },
  0x0e: { name: 'float64', bytes: 8 },
};

export const IDX_UBYTE = 0x08;
export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

export interface IdxArray {
  /** The type code (0x08 = ubyte). */
  readonly type: number;
  readonly dims: readonly number[];
  /** The values' bytes as stored (big-endian for multi-byte types); a view into the input. */
  readonly data: Uint8Array;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

function describeMagic(magic: number): string {
  const type = IDX_TYPES[(magic >>> 8) & 0xff];
  const dims = magic & 0xff;
  if ((magic & 0xffff0000) !== 0 || !type) return 'not an IDX file';
  return `${type.name}, ${dims} dimension${dims === 1 ? '' : 's'}`;
}

/**
 * Parses any IDX file into its header and raw value bytes. `what` names the file in messages.
 * Checks the magic number and that the declared dimensions match the byte length exactly.
 */
export function parseIdx(input: BinaryInput, what = 'IDX file'): IdxArray {
  const bytes = gunzipIfNeeded(input, what);
  if (bytes.length < 4) {
    throw new DatasetFormatError(
      `${what}: only ${bytes.length} bytes, too short for an IDX header`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const typeCode = bytes[2];
  const type = IDX_TYPES[typeCode];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !type) {
    throw new DatasetFormatError(
      `${what}: magic number ${hex(magic)} is not IDX (expected 0x0000TTDD with a type TT of 08, 09, 0b, 0c, 0d or 0e)`,
    );
  }
  const rank = bytes[3];
  const headerBytes = 4 + 4 * rank;
  if (rank === 0 || bytes.length < headerBytes) {
    throw new DatasetFormatError(
      `${what}: header declares ${rank} dimensions (${headerBytes} header bytes), file has ${bytes.length} bytes`,
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const values = dims.reduce((a, b) => a * b, 1);
  const expected = headerBytes + values * type.bytes;
  if (bytes.length < expected) {
    throw new DatasetFormatError(
      `${what}: truncated: header declares ${dims.join('×')} ${type.name} values (${expected} bytes), file has only ${bytes.length} bytes`,
    );
  }
  if (bytes.length > expected) {
    throw new DatasetFormatError(
      `${what}: header declares ${dims.join('×')} ${type.name} values (${expected} bytes), file has ${bytes.length - expected} extra bytes`,
    );
  }
  return { type: typeCode, dims, data: bytes.subarray(headerBytes, expected) };
}

function expectMagic(arr: IdxArray, expected: number, what: string, role: string): void {
  const magic = (arr.type << 8) | arr.dims.length;
  if (magic !== expected) {
    throw new DatasetFormatError(
      `${what}: magic number ${hex(magic)} (${describeMagic(magic)}), expected ${hex(expected)} (${describeMagic(expected)}) for ${role}`,
    );
  }
}

export interface IdxImages {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  /** count × height × width bytes. */
  readonly pixels: Uint8Array;
}

/** Parses an images file: magic 0x00000803, dimensions N, H, W. */
export function parseIdxImages(input: BinaryInput, what = 'images file'): IdxImages {
  const arr = parseIdx(input, what);
  expectMagic(arr, IDX_IMAGES_MAGIC, what, 'images (N×H×W unsigned bytes)');
  const [count, height, width] = arr.dims;
  return { count, height, width, pixels: arr.data };
}

/** Parses a labels file: magic 0x00000801, dimension N. */
export function parseIdxLabels(input: BinaryInput, what = 'labels file'): Uint8Array {
  const arr = parseIdx(input, what);
  expectMagic(arr, IDX_LABELS_MAGIC, what, 'labels (N unsigned bytes)');
  return arr.data;
}

export interface IdxDatasetOptions {
  /** Dataset name shown in the UI; default "IDX dataset". */
  name?: string;
  /** Class names; labels must index into it. Default: "0", "1", ... up to the largest label. */
  classNames?: readonly string[];
  /**
   * Swap rows and columns of every image. EMNIST stores its images transposed relative to
   * MNIST; without this its letters appear mirrored and rotated.
   */
  transpose?: boolean;
}

/** Parses an images file and its labels file into one dataset (1 channel). */
export function parseIdxDataset(
  imagesInput: BinaryInput,
  labelsInput: BinaryInput,
  opts: IdxDatasetOptions = {},
): ImageDataset {
  const images = parseIdxImages(imagesInput);
  const labelBytes = parseIdxLabels(labelsInput);
  if (images.count !== labelBytes.length) {
    throw new DatasetFormatError(
      `IDX count mismatch: images file has ${images.count} images, labels file has ${labelBytes.length} labels`,
    );
  }
  let maxLabel = -1;
  for (let i = 0; i < labelBytes.length; i++) maxLabel = Math.max(maxLabel, labelBytes[i]);
  const classNames = opts.classNames ?? numberedClassNames(maxLabel + 1);
  if (maxLabel >= classNames.length) {
    const at = labelBytes.findIndex((l) => l >= classNames.length);
    throw new DatasetFormatError(
      `labels file: label ${labelBytes[at]} at index ${at} is outside [0, ${classNames.length}) for ${classNames.length} class names`,
    );
  }
  let pixels = images.pixels;
  let { height, width } = images;
  if (opts.transpose) {
    pixels = transposeImages(pixels, images.count, height, width);
    [height, width] = [width, height];
  }
  const dataset: ImageDataset = {
    name: opts.name ?? 'IDX dataset',
    channels: 1,
    height,
    width,
    classNames,
    count: images.count,
    images: pixels,
    labels: Uint16Array.from(labelBytes),
  };
  checkDataset(dataset);
  return dataset;
}

function transposeImages(src: Uint8Array, count: number, h: number, w: number): Uint8Array {
  const out = new Uint8Array(src.length);
  const size = h * w;
  for (let n = 0; n < count; n++) {
    const base = n * size;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) out[base + x * h + y] = src[base + y * w + x];
    }
  }
  return out;
}

/** Writes an unsigned-byte IDX file with the given dimensions (row-major `data`). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const values = dims.reduce((a, b) => a * b, 1);
  if (data.length !== values) {
    throw new Error(`encodeIdx: ${data.length} bytes for dimensions ${dims.join('×')} (${values})`);
  }
  const headerBytes = 4 + 4 * dims.length;
  const out = new Uint8Array(headerBytes + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, (IDX_UBYTE << 8) | dims.length, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, headerBytes);
  return out;
}

/** Writes an images file (magic 0x00000803). */
export function encodeIdxImages(
  pixels: Uint8Array,
  count: number,
  height: number,
  width: number,
): Uint8Array {
  return encodeIdx([count, height, width], pixels);
}

/** Writes a labels file (magic 0x00000801). Labels must fit in a byte. */
export function encodeIdxLabels(labels: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0 || labels[i] > 255 || !Number.isInteger(labels[i])) {
      throw new Error(`encodeIdxLabels: label ${labels[i]} at index ${i} is not a byte`);
    }
    bytes[i] = labels[i];
  }
  return encodeIdx([labels.length], bytes);
}

/** Writes a single-channel dataset as an (images, labels) IDX pair. */
export function encodeIdxDataset(d: ImageDataset): { images: Uint8Array; labels: Uint8Array } {
  if (d.channels !== 1) {
    throw new Error(`encodeIdxDataset: IDX image files hold 1 channel, dataset has ${d.channels}`);
  }
  return {
    images: encodeIdxImages(d.images, d.count, d.height, d.width),
    labels: encodeIdxLabels(d.labels),
  };
}
