import { describe, expect, it } from 'vitest';
import type { ImageDataset } from '../../src/engine/data/dataset';
import {
  channelStats,
  fitPreprocess,
  parsePreprocess,
  preprocessExample,
  preprocessTable,
  scalePreprocess,
} from '../../src/engine/data/preprocess';

/** 2 channels × 1 × 2 pixels; example i given explicitly as [c0p0, c0p1, c1p0, c1p1]. */
function dataset(examples: number[][]): ImageDataset {
  return {
    name: 'pp',
    channels: 2,
    height: 1,
    width: 2,
    classNames: ['a'],
    count: examples.length,
    images: Uint8Array.from(examples.flat()),
    labels: new Uint16Array(examples.length),
  };
}

const train = Uint32Array.from([0, 1]);
// Examples 0 and 1 are training data; 2 and 3 play validation and test.
const base = [
  [0, 255, 51, 51],
  [255, 255, 102, 153],
  [7, 7, 7, 7],
  [9, 9, 9, 9],
];

describe('preprocessing statistics', () => {
  it('computes per-channel mean and std from the training examples, by hand', () => {
    const { mean, std } = channelStats(dataset(base), train);
    // Channel 0 over training pixels {0, 255, 255, 255}: mean 0.75, std sqrt(0.1875).
    expect(mean[0]).toBeCloseTo(0.75, 12);
    expect(std[0]).toBeCloseTo(Math.sqrt(0.1875), 12);
    // Channel 1 over {51, 51, 102, 153} = {0.2, 0.2, 0.4, 0.6}: mean 0.35, variance 0.0275.
    expect(mean[1]).toBeCloseTo(0.35, 12);
    expect(std[1]).toBeCloseTo(Math.sqrt(0.0275), 12);
  });

  it('ignores validation and test examples completely', () => {
    const a = fitPreprocess(dataset(base), train, 'standardize');
    const changed = base.map((e, i) => (i >= 2 ? [255, 0, 255, 0] : e));
    const b = fitPreprocess(dataset(changed), train, 'standardize');
    expect(b).toEqual(a);
    // ... while including them in the statistics would have changed the result.
    const leaky = fitPreprocess(dataset(changed), Uint32Array.from([0, 1, 2, 3]), 'standardize');
    expect(leaky.mean).not.toEqual(a.mean);
  });

  it('standardised training data has zero mean and unit std per channel', () => {
    const d = dataset([
      [10, 20, 200, 220],
      [30, 90, 180, 250],
      [50, 60, 240, 210],
    ]);
    const all = Uint32Array.from([0, 1, 2]);
    const p = fitPreprocess(d, all, 'standardize');
    const out = new Float32Array(12);
    const table = preprocessTable(p);
    for (let i = 0; i < 3; i++) preprocessExample(d, i, table, out, i * 4);
    for (const c of [0, 1]) {
      const values = [0, 1, 2].flatMap((i) => [out[i * 4 + c * 2], out[i * 4 + c * 2 + 1]]);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
      expect(mean).toBeCloseTo(0, 5);
      expect(variance).toBeCloseTo(1, 5);
    }
  });

  it('modes: scale gives [0, 1], center subtracts the mean only', () => {
    const d = dataset(base);
    const scale = preprocessTable(scalePreprocess(2));
    expect(scale[255]).toBe(1);
    expect(scale[256 + 51]).toBeCloseTo(0.2, 6);
    const center = fitPreprocess(d, train, 'center');
    expect(center.std).toEqual([1, 1]);
    expect(preprocessTable(center)[255]).toBeCloseTo(0.25, 6);
  });

  it('a constant training channel does not divide by zero', () => {
    const d = dataset([
      [5, 5, 1, 2],
      [5, 5, 3, 4],
    ]);
    const p = fitPreprocess(d, train, 'standardize');
    expect(p.std[0]).toBe(1);
    expect(preprocessTable(p).every(Number.isFinite)).toBe(true);
  });

  it('round-trips through JSON and rejects malformed descriptions', () => {
    const p = fitPreprocess(dataset(base), train, 'standardize');
    expect(parsePreprocess(JSON.parse(JSON.stringify(p)), 2)).toEqual(p);
    expect(() => parsePreprocess(JSON.parse(JSON.stringify(p)), 3)).toThrow(/2 channels/);
    expect(() => parsePreprocess({ mode: 'whiten', mean: [0], std: [1] })).toThrow();
    expect(() => parsePreprocess({ mode: 'scale', mean: [0], std: [0] })).toThrow();
    expect(() => parsePreprocess({ mode: 'scale', mean: [0, 1], std: [1] })).toThrow();
    expect(() => parsePreprocess(null)).toThrow();
  });
});
