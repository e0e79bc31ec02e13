import { describe, expect, it } from 'vitest';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { allIndices, checkDataset, classCounts } from '../../src/engine/data/dataset';
import {
  joinTrainTest,
  makeSplits,
  overfitSubset,
  splitTrainValidation,
} from '../../src/engine/data/splits';

/** A 1×1×1 dataset whose labels follow the given per-class counts. */
function tinyDataset(perClass: number[]): ImageDataset {
  const labels = perClass.flatMap((n, c) => new Array<number>(n).fill(c));
  return {
    name: 'tiny',
    channels: 1,
    height: 1,
    width: 1,
    classNames: perClass.map((_, c) => `c${c}`),
    count: labels.length,
    images: Uint8Array.from(labels, (_, i) => i % 256),
    labels: Uint16Array.from(labels),
  };
}

describe('splitTrainValidation', () => {
  const indices = allIndices(1000);

  it('splits into disjoint parts covering everything, sized by the fraction', () => {
    const { train, validation } = splitTrainValidation(indices, 0.2, 1);
    expect(validation.length).toBe(200);
    expect(train.length).toBe(800);
    expect(new Set([...train, ...validation]).size).toBe(1000);
    // Each part keeps the input's order.
    expect([...train]).toEqual([...train].sort((a, b) => a - b));
  });

  it('is deterministic under the seed and changes with it', () => {
    const a = splitTrainValidation(indices, 0.1, 5).validation;
    expect([...splitTrainValidation(indices, 0.1, 5).validation]).toEqual([...a]);
    expect([...splitTrainValidation(indices, 0.1, 6).validation]).not.toEqual([...a]);
    // A random split, not the first or last 10%.
    expect(Math.max(...a) - Math.min(...a)).toBeGreaterThan(500);
  });

  it('stratifies by label: each class gives its share', () => {
    const d = tinyDataset([500, 300, 200]);
    const { validation } = splitTrainValidation(allIndices(d.count), 0.1, 3, d.labels);
    expect(classCounts(d, validation)).toEqual([50, 30, 20]);
  });

  it('rejects fractions outside [0, 1)', () => {
    expect(() => splitTrainValidation(indices, 1, 0)).toThrow(/fraction/);
    expect(() => splitTrainValidation(indices, -0.1, 0)).toThrow(/fraction/);
    expect(splitTrainValidation(indices, 0, 0).validation.length).toBe(0);
  });
});

describe('makeSplits, overfitSubset, joinTrainTest', () => {
  it('makes stratified train/validation/test splits of the stated sizes', () => {
    const d = tinyDataset([100, 100, 100, 100]);
    const s = makeSplits(d, { validation: 0.1, test: 0.2 }, 9);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([280, 40, 80]);
    expect(new Set([...s.train, ...s.validation, ...s.test]).size).toBe(400);
    expect(classCounts(d, s.test)).toEqual([20, 20, 20, 20]);
    expect(() => makeSplits(d, { validation: 0.5, test: 0.5 }, 0)).toThrow(/leave some/);
  });

  it('takes the first N training indices for overfitting checks', () => {
    const train = Uint32Array.from([9, 4, 7, 1]);
    expect([...overfitSubset(train, 2)]).toEqual([9, 4]);
    expect(() => overfitSubset(train, 5)).toThrow(/\[1, 4\]/);
  });

  it('joins a train and a test file into one dataset with the test part as test split', () => {
    const train = tinyDataset([10, 10]);
    const test = tinyDataset([3, 2]);
    const { dataset, splits } = joinTrainTest(train, test, 0.2, 1);
    expect(dataset.count).toBe(25);
    expect([...splits.test]).toEqual([20, 21, 22, 23, 24]);
    expect(classCounts(dataset, splits.validation)).toEqual([2, 2]);
    expect(dataset.labels[22]).toBe(0);
    expect(dataset.labels[23]).toBe(1);
    const other = { ...tinyDataset([1]), height: 2, images: new Uint8Array(2) };
    expect(() => joinTrainTest(train, other, 0.1, 1)).toThrow(/differ/);
  });
});

describe('dataset helpers', () => {
  it('checkDataset names what is inconsistent', () => {
    const d = tinyDataset([2, 2]);
    expect(() => checkDataset(d)).not.toThrow();
    expect(() => checkDataset({ ...d, images: new Uint8Array(3) })).toThrow(
      'tiny: images hold 3 bytes, expected 4 × 1 = 4',
    );
    expect(() => checkDataset({ ...d, labels: Uint16Array.from([0, 1, 2, 0]) })).toThrow(
      'tiny: label 2 of example 2 is outside [0, 2) (2 class names)',
    );
  });
});
