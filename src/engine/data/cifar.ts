// CIFAR-10 and CIFAR-100 "binary version" batch files. There is no header: a file is a run of
// fixed-size records. A CIFAR-10 record is 1 label byte then 3072 pixel bytes; a CIFAR-100
// record is 2 label bytes (coarse superclass, then fine class) then 3072 pixel bytes. The pixels
// are the red plane, then green, then blue, each 32×32 row-major: exactly our C, H, W order, so
// images copy across unchanged.
//
// Without a header the only integrity checks possible are a whole number of records and labels
// in range; both catch the usual mistakes (a truncated download, a CIFAR-100 file read as
// CIFAR-10, whose record length differs by one byte).
import type { BinaryInput } from './bytes';
import { concatBytes, gunzipIfNeeded } from './bytes';
import {
  CIFAR10_CLASS_NAMES,
  CIFAR100_COARSE_CLASS_NAMES,
  CIFAR100_FINE_CLASS_NAMES,
} from './class-names';
import type { ImageDataset } from './dataset';
import { checkDataset } from './dataset';
import { DatasetFormatError } from './format-error';

export const CIFAR_SIDE = 32;
export const CIFAR_PIXELS = 3 * CIFAR_SIDE * CIFAR_SIDE;
export const CIFAR10_RECORD_BYTES = 1 + CIFAR_PIXELS;
export const CIFAR100_RECORD_BYTES = 2 + CIFAR_PIXELS;

/** One batch file, or several (CIFAR-10's data_batch_1..5) to be read as one dataset. */
export type CifarInput = BinaryInput | readonly BinaryInput[];

function readBatches(input: CifarInput, recordBytes: number, kind: string): Uint8Array {
  const files = Array.isArray(input) ? input : [input as BinaryInput];
  const parts = files.map((f, i) => {
    const what = files.length > 1 ? `${kind} batch ${i + 1}` : `${kind} batch`;
    const bytes = gunzipIfNeeded(f, what);
    if (bytes.length === 0 || bytes.length % recordBytes !== 0) {
      const records = Math.floor(bytes.length / recordBytes);
      throw new DatasetFormatError(
        `${what}: ${bytes.length} bytes is not a whole number of ${recordBytes}-byte records (${records} records + ${bytes.length - records * recordBytes} bytes)`,
      );
    }
    return bytes;
  });
  return concatBytes(parts);
}

/** Splits records into CHW pixels and the label byte at `labelOffset` within each record. */
function splitRecords(
  bytes: Uint8Array,
  recordBytes: number,
  labelBytes: number,
  labelOffset: number,
  classes: number,
  kind: string,
): { images: Uint8Array; labels: Uint16Array } {
  const count = bytes.length / recordBytes;
  const images = new Uint8Array(count * CIFAR_PIXELS);
  const labels = new Uint16Array(count);
  for (let r = 0; r < count; r++) {
    const start = r * recordBytes;
    const label = bytes[start + labelOffset];
    if (label >= classes) {
      throw new DatasetFormatError(
        `${kind}: label ${label} of record ${r} is outside [0, ${classes}) (byte offset ${start + labelOffset})`,
      );
    }
    labels[r] = label;
    images.set(bytes.subarray(start + labelBytes, start + recordBytes), r * CIFAR_PIXELS);
  }
  return { images, labels };
}

export interface Cifar10Options {
  name?: string;
  /** Default: airplane, automobile, ..., truck. */
  classNames?: readonly string[];
}

/** Parses CIFAR-10 binary batch files (gzipped or not) into a 3×32×32 dataset. */
export function parseCifar10(input: CifarInput, opts: Cifar10Options = {}): ImageDataset {
  const classNames = opts.classNames ?? CIFAR10_CLASS_NAMES;
  const bytes = readBatches(input, CIFAR10_RECORD_BYTES, 'CIFAR-10');
  const { images, labels } = splitRecords(
    bytes,
    CIFAR10_RECORD_BYTES,
    1,
    0,
    classNames.length,
    'CIFAR-10',
  );
  const dataset: ImageDataset = {
    name: opts.name ?? 'CIFAR-10',
    channels: 3,
    height: CIFAR_SIDE,
    width: CIFAR_SIDE,
    classNames,
    count: labels.length,
    images,
    labels,
  };
  checkDataset(dataset);
  return dataset;
}

export interface Cifar100Options {
  name?: string;
  /** Which label to train on: the 100 fine classes (default) or the 20 coarse superclasses. */
  labels?: 'fine' | 'coarse';
  /** Class names for the chosen label kind; default the published CIFAR-100 names. */
  classNames?: readonly string[];
}

/** Parses CIFAR-100 binary files (train.bin, test.bin; gzipped or not). */
export function parseCifar100(input: CifarInput, opts: Cifar100Options = {}): ImageDataset {
  const coarse = opts.labels === 'coarse';
  const classNames =
    opts.classNames ?? (coarse ? CIFAR100_COARSE_CLASS_NAMES : CIFAR100_FINE_CLASS_NAMES);
  const kind = `CIFAR-100 (${coarse ? 'coarse' : 'fine'} labels)`;
  const bytes = readBatches(input, CIFAR100_RECORD_BYTES, 'CIFAR-100');
  // The other label byte is checked too: a wrong value there means the file is not CIFAR-100.
  const other = coarse ? CIFAR100_FINE_CLASS_NAMES.length : CIFAR100_COARSE_CLASS_NAMES.length;
  const otherOffset = coarse ? 1 : 0;
  for (let r = 0; r * CIFAR100_RECORD_BYTES < bytes.length; r++) {
    const v = bytes[r * CIFAR100_RECORD_BYTES + otherOffset];
    if (v >= other) {
      throw new DatasetFormatError(
        `CIFAR-100: ${coarse ? 'fine' : 'coarse'} label ${v} of record ${r} is outside [0, ${other})`,
      );
    }
  }
  const { images, labels } = splitRecords(
    bytes,
    CIFAR100_RECORD_BYTES,
    2,
    coarse ? 0 : 1,
    classNames.length,
    kind,
  );
  const dataset: ImageDataset = {
    name: opts.name ?? `CIFAR-100${coarse ? ' (coarse)' : ''}`,
    channels: 3,
    height: CIFAR_SIDE,
    width: CIFAR_SIDE,
    classNames,
    count: labels.length,
    images,
    labels,
  };
  checkDataset(dataset);
  return dataset;
}

/** Writes CIFAR-10 records; `images` is count × 3 × 32 × 32 bytes in CHW order. */
export function encodeCifar10(images: Uint8Array, labels: ArrayLike<number>): Uint8Array {
  return encodeRecords(images, [labels], CIFAR10_RECORD_BYTES);
}

/** Writes CIFAR-100 records (coarse label byte, fine label byte, pixels). */
export function encodeCifar100(
  images: Uint8Array,
  coarseLabels: ArrayLike<number>,
  fineLabels: ArrayLike<number>,
): Uint8Array {
  return encodeRecords(images, [coarseLabels, fineLabels], CIFAR100_RECORD_BYTES);
}

function encodeRecords(
  images: Uint8Array,
  labelColumns: ArrayLike<number>[],
  recordBytes: number,
): Uint8Array {
  const count = labelColumns[0].length;
  if (images.length !== count * CIFAR_PIXELS || labelColumns.some((c) => c.length !== count)) {
    throw new Error(`encode CIFAR: ${images.length} pixel bytes for ${count} labels`);
  }
  const out = new Uint8Array(count * recordBytes);
  for (let r = 0; r < count; r++) {
    labelColumns.forEach((col, i) => (out[r * recordBytes + i] = col[r]));
    out.set(
      images.subarray(r * CIFAR_PIXELS, (r + 1) * CIFAR_PIXELS),
      r * recordBytes + labelColumns.length,
    );
  }
  return out;
}
