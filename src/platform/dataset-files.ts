// Turns files the user picked into a dataset when they are in one of the classic binary formats:
// an IDX pair (MNIST, Fashion-MNIST, EMNIST: images + labels) or CIFAR-10 / CIFAR-100 batches.
// The format is recognised from the bytes (magic numbers, record sizes), not trusted from file
// names, and every failure says which formats were expected.
import { gunzipIfNeeded } from '../engine/data/bytes';
import {
  CIFAR10_RECORD_BYTES,
  CIFAR100_RECORD_BYTES,
  parseCifar10,
  parseCifar100,
} from '../engine/data/cifar';
import type { ImageDataset } from '../engine/data/dataset';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdxDataset } from '../engine/data/idx';

export type BinaryFormat = 'idx' | 'cifar10' | 'cifar100';

export interface NamedBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
}

function magicOf(bytes: Uint8Array): number {
  if (bytes.length < 4) return -1;
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

function baseName(name: string): string {
  return name.split('/').pop()!.replace(/\.gz$/i, '');
}

/** Recognises and parses IDX or CIFAR files (gzipped or not). */
export function parseDatasetFiles(files: readonly NamedBytes[]): {
  dataset: ImageDataset;
  format: BinaryFormat;
} {
  if (files.length === 0) throw new Error('No files were chosen.');
  const raw = files.map((f) => ({ name: f.name, bytes: gunzipIfNeeded(f.bytes, f.name) }));

  const images = raw.filter((f) => magicOf(f.bytes) === IDX_IMAGES_MAGIC);
  const labels = raw.filter((f) => magicOf(f.bytes) === IDX_LABELS_MAGIC);
  if (images.length > 0 || labels.length > 0) {
    if (images.length !== 1 || labels.length !== 1) {
      throw new Error(
        `An IDX dataset needs exactly one images file and one labels file; got ${images.length} images and ${labels.length} labels files.`,
      );
    }
    const name = baseName(images[0].name).replace(/[-_.]?images?.*$/i, '') || 'IDX dataset';
    return {
      dataset: parseIdxDataset(images[0].bytes, labels[0].bytes, { name: `IDX: ${name}` }),
      format: 'idx',
    };
  }

  const fits = (record: number) =>
    raw.every((f) => f.bytes.length > 0 && f.bytes.length % record === 0);
  const names = raw.map((f) => baseName(f.name).toLowerCase());
  // CIFAR-100 ships train.bin / test.bin; CIFAR-10 data_batch_N.bin / test_batch.bin.
  const looks100 = names.every((n) => n === 'train.bin' || n === 'test.bin');
  if (fits(CIFAR100_RECORD_BYTES) && (looks100 || !fits(CIFAR10_RECORD_BYTES))) {
    return { dataset: parseCifar100(raw.map((f) => f.bytes)), format: 'cifar100' };
  }
  if (fits(CIFAR10_RECORD_BYTES)) {
    return { dataset: parseCifar10(raw.map((f) => f.bytes)), format: 'cifar10' };
  }
  throw new Error(
    `Not a recognised dataset: expected an IDX images + labels pair (MNIST format) or CIFAR-10/100 binary batches (${CIFAR10_RECORD_BYTES}- or ${CIFAR100_RECORD_BYTES}-byte records). Got: ${files.map((f) => `${f.name} (${f.bytes.length} bytes)`).join(', ')}.`,
  );
}

export async function readFiles(files: Iterable<File>): Promise<NamedBytes[]> {
  return Promise.all(
    [...files].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
}
