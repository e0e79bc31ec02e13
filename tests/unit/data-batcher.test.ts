import { describe, expect, it } from 'vitest';
import { NO_AUGMENT } from '../../src/engine/data/augment';
import { Batcher, evalBatches } from '../../src/engine/data/batcher';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { fitPreprocess, scalePreprocess } from '../../src/engine/data/preprocess';

/**
 * N examples of 2 channels × 2 × 2 whose every pixel encodes the example number (channel 0
 * holds i, channel 1 holds 100 + i), so each row of a batch says which example it is.
 */
function numbered(n: number): ImageDataset {
  const images = new Uint8Array(n * 8);
  for (let i = 0; i < n; i++) {
    images.fill(i, i * 8, i * 8 + 4);
    images.fill(100 + i, i * 8 + 4, i * 8 + 8);
  }
  return {
    name: 'numbered',
    channels: 2,
    height: 2,
    width: 2,
    classNames: ['even', 'odd'],
    count: n,
    images,
    labels: Uint16Array.from({ length: n }, (_, i) => i % 2),
  };
}

const scale = scalePreprocess(2);
const range = (a: number, b: number) => Uint32Array.from({ length: b - a }, (_, i) => a + i);

/** The example numbers of the batch just filled, read back from channel 0. */
function ids(x: Float32Array, batch: number): number[] {
  return Array.from({ length: batch }, (_, b) => Math.round(x[b * 8] * 255));
}

function batches(b: Batcher, steps: number) {
  const x = new Float32Array(b.batchSize * b.exampleSize);
  const y = new Float32Array(b.batchSize);
  return Array.from({ length: steps }, () => {
    const { epochEnded } = b.next(x, y);
    return { ids: ids(x, b.batchSize), labels: [...y], epochEnded, epoch: b.epoch };
  });
}

describe('Batcher', () => {
  const d = numbered(20);

  it('fills full batches with the right pixels and labels', () => {
    const b = new Batcher(d, range(0, 10), {
      batchSize: 4,
      shuffle: false,
      seed: 0,
      preprocess: scale,
    });
    const x = new Float32Array(4 * 8);
    const y = new Float32Array(4);
    b.next(x, y);
    expect(ids(x, 4)).toEqual([0, 1, 2, 3]);
    expect([...y]).toEqual([0, 1, 0, 1]);
    // Example 2, channel 1 (value 102) at the right NCHW place.
    expect(x[2 * 8 + 4 + 3]).toBeCloseTo(102 / 255, 6);
    expect(b.stepsPerEpoch).toBe(3);
  });

  it('wraps across the epoch boundary so every batch is full', () => {
    const b = new Batcher(d, range(0, 10), {
      batchSize: 4,
      shuffle: false,
      seed: 0,
      preprocess: scale,
    });
    const out = batches(b, 3);
    expect(out.map((o) => o.ids)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 0, 1],
    ]);
    expect(out.map((o) => o.epochEnded)).toEqual([false, false, true]);
    expect(b.epoch).toBe(1);
    expect(b.epochProgress).toBeCloseTo(1.2, 10);
    expect(b.step).toBe(3);
  });

  it('shows each training example exactly once per epoch when the batch divides it', () => {
    const train = Uint32Array.from([3, 5, 7, 11, 13, 17, 19, 2]);
    const b = new Batcher(d, train, { batchSize: 4, shuffle: true, seed: 42, preprocess: scale });
    const out = batches(b, 6);
    for (let e = 0; e < 3; e++) {
      const seen = out.slice(2 * e, 2 * e + 2).flatMap((o) => o.ids);
      expect(seen.sort((p, q) => p - q)).toEqual([...train].sort((p, q) => p - q));
      expect(out[2 * e + 1].epochEnded).toBe(true);
      expect(out[2 * e].epochEnded).toBe(false);
    }
    expect(b.epoch).toBe(3);
  });

  it('reshuffles every epoch, deterministically under the seed', () => {
    const make = (seed: number) =>
      new Batcher(d, range(0, 20), { batchSize: 20, shuffle: true, seed, preprocess: scale });
    const a = batches(make(7), 3).map((o) => o.ids);
    expect(a[0]).not.toEqual(a[1]);
    expect(a[1]).not.toEqual(a[2]);
    expect(a[0]).not.toEqual([...range(0, 20)]);
    expect(batches(make(7), 3).map((o) => o.ids)).toEqual(a);
    expect(batches(make(8), 1)[0].ids).not.toEqual(a[0]);
    // reset() starts the same sequence again.
    const b = make(7);
    batches(b, 2);
    b.reset();
    expect(batches(b, 3).map((o) => o.ids)).toEqual(a);
  });

  it('repeats examples when the batch is larger than the set', () => {
    const b = new Batcher(d, range(0, 3), {
      batchSize: 8,
      shuffle: false,
      seed: 0,
      preprocess: scale,
    });
    const [first] = batches(b, 1);
    expect(first.ids).toEqual([0, 1, 2, 0, 1, 2, 0, 1]);
    expect(first.epochEnded).toBe(true);
    expect(b.epoch).toBe(2);
    expect(b.stepsPerEpoch).toBe(1);
  });

  it('applies the preprocessing', () => {
    const p = fitPreprocess(d, range(0, 20), 'standardize');
    const b = new Batcher(d, range(0, 20), {
      batchSize: 20,
      shuffle: false,
      seed: 0,
      preprocess: p,
    });
    const x = new Float32Array(20 * 8);
    b.next(x, new Float32Array(20));
    const channel0 = Array.from({ length: 20 }, (_, i) => x[i * 8]);
    const mean = channel0.reduce((s, v) => s + v, 0) / 20;
    expect(mean).toBeCloseTo(0, 5);
    expect(channel0.reduce((s, v) => s + (v - mean) ** 2, 0) / 20).toBeCloseTo(1, 4);
  });

  it('augments deterministically per (seed, epoch, position), differently across epochs', () => {
    const aug = { ...NO_AUGMENT, brightness: 0.2 };
    const make = () =>
      new Batcher(d, range(0, 4), {
        batchSize: 4,
        shuffle: false,
        seed: 3,
        preprocess: scale,
        augment: aug,
      });
    const run = (b: Batcher) => {
      const x = new Float32Array(4 * 8);
      const y = new Float32Array(4);
      return [0, 1].map(() => (b.next(x, y), [...x]));
    };
    const [e0, e1] = run(make());
    expect(run(make())).toEqual([e0, e1]);
    // Same examples in the same order, different brightness draws in the next epoch.
    expect(e1).not.toEqual(e0);
    // Brightness shifts every pixel of an example by one amount: example 0's channel-1 pixels
    // (all 100/255, far from clamping) stay equal to each other but move off 100/255.
    expect(e0[5]).toBeCloseTo(e0[4], 6);
    expect(e0[4]).not.toBeCloseTo(100 / 255, 3);
  });

  it('rejects bad arguments with clear messages', () => {
    expect(
      () =>
        new Batcher(d, range(0, 0), { batchSize: 2, shuffle: false, seed: 0, preprocess: scale }),
    ).toThrow(/empty/);
    expect(
      () =>
        new Batcher(d, range(0, 4), { batchSize: 0, shuffle: false, seed: 0, preprocess: scale }),
    ).toThrow(/Batch size/);
    expect(
      () =>
        new Batcher(d, range(18, 22), { batchSize: 2, shuffle: false, seed: 0, preprocess: scale }),
    ).toThrow(/index 20/);
    expect(
      () =>
        new Batcher(d, range(0, 4), {
          batchSize: 2,
          shuffle: false,
          seed: 0,
          preprocess: scalePreprocess(3),
        }),
    ).toThrow(/3 channels/);
    const b = new Batcher(d, range(0, 4), {
      batchSize: 2,
      shuffle: false,
      seed: 0,
      preprocess: scale,
    });
    expect(() => b.next(new Float32Array(10), new Float32Array(2))).toThrow(/x needs 16 floats/);
  });
});

describe('evalBatches', () => {
  const d = numbered(20);

  it('visits every example once in order and pads the last batch with zeros and label −1', () => {
    const indices = Uint32Array.from([4, 9, 1, 16, 7]);
    const out = [...evalBatches(d, indices, 2, scale)];
    expect(out.map((b) => b.count)).toEqual([2, 2, 1]);
    expect(out.flatMap((b) => ids(b.x, b.count))).toEqual([4, 9, 1, 16, 7]);
    const last = out[2];
    expect([...last.y]).toEqual([1, -1]);
    expect(last.x.length).toBe(2 * 8);
    expect([...last.x.subarray(8)]).toEqual(new Array(8).fill(0));
    // Batches are independent arrays: keeping one does not see the next overwrite it.
    expect(ids(out[0].x, 2)).toEqual([4, 9]);
  });

  it('yields nothing for no examples and full batches when they divide', () => {
    expect([...evalBatches(d, new Uint32Array(0), 4, scale)]).toHaveLength(0);
    const full = [...evalBatches(d, range(0, 8), 4, scale)];
    expect(full.map((b) => b.count)).toEqual([4, 4]);
    expect(full.every((b) => b.y.every((v) => v >= 0))).toBe(true);
  });
});
