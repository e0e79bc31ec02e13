import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classCounts } from '../../src/engine/data/dataset';
import { DatasetFormatError } from '../../src/engine/data/format-error';
import type { MnistBundle } from '../../src/engine/data/mnist-bundle';
import { encodeMnistBundle, parseMnistBundle } from '../../src/engine/data/mnist-bundle';
import { loadMnistBundle } from '../../src/platform/node-data';

const SCRIPT = 'scripts/build-mnist-data.mjs';
let dir: string;
let file: string;
let bundle: MnistBundle;

function build(...args: string[]): string {
  return execFileSync(process.execPath, [SCRIPT, '--out', dir, ...args], { encoding: 'utf8' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'convplay-mnist-'));
  file = join(dir, 'mnist-10k.bin');
  build();
  bundle = await loadMnistBundle(file);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scripts/build-mnist-data.mjs', () => {
  it('writes the documented header and size', () => {
    const bytes = readFileSync(file);
    expect(bytes.toString('latin1', 0, 4)).toBe('CPMN');
    const field = (i: number): number => bytes.readUInt32LE(4 + 4 * i);
    // version, count, height, width, train, validation, test
    expect([0, 1, 2, 3, 4, 5, 6].map(field)).toEqual([1, 10000, 28, 28, 8000, 1000, 1000]);
    expect(bytes.length).toBe(32 + 10000 * (28 * 28 + 1));
  });

  it('is idempotent: a second run leaves the file alone, --force rebuilds identical bytes', () => {
    const before = statSync(file).mtimeMs;
    const original = readFileSync(file);
    expect(build()).toMatch(/up to date/);
    expect(statSync(file).mtimeMs).toBe(before);
    expect(build('--force')).toMatch(/wrote/);
    expect(readFileSync(file).equals(original)).toBe(true);
  });

  it('converts the package pixels to bytes exactly (a known image is found verbatim)', () => {
    // The first "7" of the package, converted independently here, must be one of the bundle's
    // images labelled 7, byte for byte.
    const require = createRequire(import.meta.url);
    const pkgDir = dirname(require.resolve('mnist/package.json'));
    const json = JSON.parse(readFileSync(join(pkgDir, 'src/digits/7.json'), 'utf8')) as {
      data: number[];
    };
    const expected = Uint8Array.from(json.data.slice(0, 784), (v) => Math.round(v * 255));
    const { dataset } = bundle;
    const matches: number[] = [];
    for (let i = 0; i < dataset.count; i++) {
      const img = dataset.images.subarray(i * 784, (i + 1) * 784);
      if (img.every((v, k) => v === expected[k])) matches.push(i);
    }
    expect(matches.length).toBe(1);
    expect(dataset.labels[matches[0]]).toBe(7);
  });

  it('has plausible digits: every class present, real ink, MNIST-like brightness', () => {
    const { dataset, splits } = bundle;
    expect(dataset.channels).toBe(1);
    for (const c of classCounts(dataset)) expect(c).toBeGreaterThan(800);
    for (const c of classCounts(dataset, splits.test)) expect(c).toBeGreaterThan(60);
    let sum = 0;
    let max = 0;
    for (const v of dataset.images) {
      sum += v;
      if (v > max) max = v;
    }
    expect(max).toBe(255);
    // MNIST's mean intensity is about 0.13 of full scale.
    expect(sum / dataset.images.length / 255).toBeGreaterThan(0.1);
    expect(sum / dataset.images.length / 255).toBeLessThan(0.16);
    for (let i = 0; i < dataset.count; i += 97) {
      const ink = dataset.images.subarray(i * 784, (i + 1) * 784).filter((v) => v > 128).length;
      expect(ink).toBeGreaterThan(20);
    }
  });

  it('splits 8000/1000/1000, disjoint, and the labels belong to the pixels', () => {
    const { dataset, splits } = bundle;
    expect([splits.train.length, splits.validation.length, splits.test.length]).toEqual([
      8000, 1000, 1000,
    ]);
    const all = new Set([...splits.train, ...splits.validation, ...splits.test]);
    expect(all.size).toBe(10000);
    // A nearest-class-mean classifier fitted on the training split reaches ~80% on real MNIST;
    // labels shuffled against the images would give ~10%.
    const means = Array.from({ length: 10 }, () => new Float64Array(784));
    const counts = classCounts(dataset, splits.train);
    for (const i of splits.train) {
      const m = means[dataset.labels[i]];
      for (let p = 0; p < 784; p++) m[p] += dataset.images[i * 784 + p] / counts[dataset.labels[i]];
    }
    let correct = 0;
    for (const i of splits.test) {
      let best = -1;
      let bestDist = Infinity;
      means.forEach((m, c) => {
        let d = 0;
        for (let p = 0; p < 784; p++) d += (dataset.images[i * 784 + p] - m[p]) ** 2;
        if (d < bestDist) [bestDist, best] = [d, c];
      });
      if (best === dataset.labels[i]) correct++;
    }
    expect(correct / splits.test.length).toBeGreaterThan(0.7);
  });
});

describe('parseMnistBundle', () => {
  const images = Uint8Array.from({ length: 5 * 4 }, (_, i) => i * 3);
  const good = encodeMnistBundle(images, [0, 1, 2, 3, 4], 2, 2, {
    train: 3,
    validation: 1,
    test: 1,
  });

  it('reads a bundle it wrote, with the split as contiguous ranges', () => {
    const { dataset, splits } = parseMnistBundle(good.buffer);
    expect([...dataset.images]).toEqual([...images]);
    expect([...dataset.labels]).toEqual([0, 1, 2, 3, 4]);
    expect([...splits.train]).toEqual([0, 1, 2]);
    expect([...splits.validation]).toEqual([3]);
    expect([...splits.test]).toEqual([4]);
  });

  it('rejects truncated, foreign, future and inconsistent files with the numbers', () => {
    expect(() => parseMnistBundle(good.subarray(0, good.length - 1))).toThrow(
      /declares 5 images of 2×2 \(57 bytes\), file has 56 bytes/,
    );
    expect(() => parseMnistBundle(good.subarray(0, 10))).toThrow(/shorter than the 32-byte header/);
    const foreign = good.slice();
    foreign[0] = 0x89;
    expect(() => parseMnistBundle(foreign)).toThrow(DatasetFormatError);
    const future = good.slice();
    future[4] = 2;
    expect(() => parseMnistBundle(future)).toThrow(/version 2/);
    const split = good.slice();
    split[20] = 4;
    expect(() => parseMnistBundle(split)).toThrow(/4\+1\+1 = 6 does not add up to 5/);
    const label = good.slice();
    label[label.length - 1] = 10;
    expect(() => parseMnistBundle(label)).toThrow(/label 10 of example 4/);
  });
});
