// Choosing which examples train, which validate and which test. All seeded: the same seed gives
// the same split, so two runs with different settings are judged on the same examples.
import type { DatasetSplits, ImageDataset } from './dataset';
import { allIndices, checkDataset } from './dataset';
import { Rng, hashSeed } from '../rng';

function checkFraction(name: string, f: number): void {
  if (!(f >= 0 && f < 1)) throw new Error(`${name} fraction must be in [0, 1), got ${f}`);
}

/**
 * Moves a seeded random `validationFraction` of `indices` into a validation set. With `labels`
 * the split is stratified: each class gives the same fraction, so a rare class is not left out
 * of validation by chance. Both outputs keep the input's relative order.
 */
export function splitTrainValidation(
  indices: ArrayLike<number>,
  validationFraction: number,
  seed: number,
  labels?: ArrayLike<number>,
): { train: Uint32Array; validation: Uint32Array } {
  checkFraction('Validation', validationFraction);
  const n = indices.length;
  const isValidation = new Uint8Array(n);
  const rng = new Rng(hashSeed(seed, 0x5b1));
  // Groups of positions that are split separately: one per class, or everything together.
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = labels ? labels[indices[i]] : 0;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const g = groups.get(key)!;
    rng.shuffle(g);
    const take = Math.round(g.length * validationFraction);
    for (let k = 0; k < take; k++) isValidation[g[k]] = 1;
  }
  const validationCount = isValidation.reduce((a, b) => a + b, 0);
  const train = new Uint32Array(n - validationCount);
  const validation = new Uint32Array(validationCount);
  let t = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    if (isValidation[i]) validation[v++] = indices[i];
    else train[t++] = indices[i];
  }
  return { train, validation };
}

/**
 * Train / validation / test split of a dataset that comes without one (the user's own images),
 * stratified by label.
 */
export function makeSplits(
  d: ImageDataset,
  fractions: { validation: number; test: number },
  seed: number,
): DatasetSplits {
  checkFraction('Test', fractions.test);
  checkFraction('Validation', fractions.validation);
  if (fractions.validation + fractions.test >= 1) {
    throw new Error(
      `Validation + test fractions must leave some training data, got ${fractions.validation} + ${fractions.test}`,
    );
  }
  const all = allIndices(d.count);
  const { train: rest, validation: test } = splitTrainValidation(
    all,
    fractions.test,
    hashSeed(seed, 1),
    d.labels,
  );
  // The validation fraction is of the whole dataset, so rescale it to what is left after test.
  const { train, validation } = splitTrainValidation(
    rest,
    fractions.validation / (1 - fractions.test),
    hashSeed(seed, 2),
    d.labels,
  );
  return { train, validation, test };
}

/**
 * The first `n` training examples: for the classic sanity check that a network can drive the
 * loss to ~0 on a handful of examples. Throws if there are fewer than `n`.
 */
export function overfitSubset(train: Uint32Array, n: number): Uint32Array {
  if (!Number.isInteger(n) || n < 1 || n > train.length) {
    throw new Error(`Overfit subset size must be in [1, ${train.length}], got ${n}`);
  }
  return train.slice(0, n);
}

/**
 * One dataset from a published train file and test file (Fashion-MNIST, CIFAR): the test file
 * becomes the test split and a seeded stratified `validationFraction` of the training file
 * becomes validation. The two parts must have the same shape and classes.
 */
export function joinTrainTest(
  trainPart: ImageDataset,
  testPart: ImageDataset,
  validationFraction: number,
  seed: number,
  name = trainPart.name,
): { dataset: ImageDataset; splits: DatasetSplits } {
  const same =
    trainPart.channels === testPart.channels &&
    trainPart.height === testPart.height &&
    trainPart.width === testPart.width &&
    trainPart.classNames.length === testPart.classNames.length;
  if (!same) {
    throw new Error(
      `Train and test files differ: ${trainPart.channels}×${trainPart.height}×${trainPart.width} with ${trainPart.classNames.length} classes vs ${testPart.channels}×${testPart.height}×${testPart.width} with ${testPart.classNames.length}`,
    );
  }
  const images = new Uint8Array(trainPart.images.length + testPart.images.length);
  images.set(trainPart.images, 0);
  images.set(testPart.images, trainPart.images.length);
  const labels = new Uint16Array(trainPart.count + testPart.count);
  labels.set(trainPart.labels, 0);
  labels.set(testPart.labels, trainPart.count);
  const dataset: ImageDataset = { ...trainPart, name, count: labels.length, images, labels };
  checkDataset(dataset);
  const { train, validation } = splitTrainValidation(
    allIndices(trainPart.count),
    validationFraction,
    seed,
    labels,
  );
  const test = new Uint32Array(testPart.count);
  for (let i = 0; i < test.length; i++) test[i] = trainPart.count + i;
  return { dataset, splits: { train, validation, test } };
}
