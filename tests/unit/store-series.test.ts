// Chart series: all points kept up to the capacity, then pairwise bucket merges that keep every
// bucket's min, mean and max (a spike survives any amount of downsampling); the smoothed loss.
import { describe, expect, it } from 'vitest';
import {
  appendPoints,
  compactSeries,
  emaPush,
  emptyEma,
  emptySeries,
  lastValue,
  seriesRows,
} from '../../src/store/series';

const range = (n: number, f: (i: number) => number = (i) => i) => Array.from({ length: n }, (_, i) => f(i)); // prettier-ignore

describe('series downsampling', () => {
  it('keeps every point up to the capacity', () => {
    let s = emptySeries(100);
    s = appendPoints(
      s,
      range(60, (i) => i + 1),
      range(60, (i) => i * 0.5),
    );
    s = appendPoints(
      s,
      range(40, (i) => i + 61),
      range(40, (i) => 30 + i * 0.5),
    );
    expect(s.bucketSize).toBe(1);
    expect(s.x).toEqual(range(100, (i) => i + 1));
    expect(s.mean).toEqual(s.min);
    expect(s.mean).toEqual(s.max);
    expect(seriesRows(s)[3]).toEqual({ x: 4, y: 1.5, min: 1.5, max: 1.5 });
  });

  it('buckets past the capacity, keeping min, mean and max exactly', () => {
    const n = 10000;
    // A noisy decreasing loss with one huge spike at step 7777 and one dip at 4242.
    const ys = range(n, (i) => 2 / (1 + i / 500) + 0.1 * Math.sin(i) + (i === 7776 ? 50 : 0) - (i === 4241 ? 3 : 0)); // prettier-ignore
    let s = emptySeries(200);
    for (let i = 0; i < n; i += 37) s = appendPoints(s, range(Math.min(37, n - i), (k) => i + k + 1), ys.slice(i, i + 37)); // prettier-ignore
    expect(s.x.length).toBeLessThanOrEqual(200);
    expect(s.x.length).toBeGreaterThan(100);
    expect(s.total).toBe(n);
    expect(s.count.reduce((a, b) => a + b, 0)).toBe(n);
    expect(Math.max(...s.max)).toBe(Math.max(...ys));
    expect(Math.min(...s.min)).toBe(Math.min(...ys));
    // The spike sits in the bucket covering step 7777, and only there.
    const spike = s.max.indexOf(Math.max(...s.max));
    expect(s.x[spike - 1]).toBeLessThan(7777);
    expect(s.x[spike]).toBeGreaterThanOrEqual(7777);
    // Means are exact count-weighted means of the points in each bucket.
    let start = 0;
    for (let b = 0; b < s.x.length; b++) {
      const pts = ys.slice(start, start + s.count[b]);
      expect(s.mean[b]).toBeCloseTo(pts.reduce((a, v) => a + v, 0) / pts.length, 9);
      expect(s.min[b]).toBe(Math.min(...pts));
      expect(s.max[b]).toBe(Math.max(...pts));
      start += s.count[b];
      expect(s.x[b]).toBe(start);
    }
  });

  it('skips non-finite values, is immutable, and compacts', () => {
    const s0 = emptySeries(10);
    const s1 = appendPoints(s0, [1, 2, 3], [1, Number.NaN, Infinity]);
    expect(s0.x).toEqual([]);
    expect(s1.x).toEqual([1]);
    expect(s1.skipped).toBe(2);
    expect(appendPoints(s1, [], [])).toBe(s1);
    const big = appendPoints(emptySeries(64), range(64), range(64));
    const small = compactSeries(big, 10);
    expect(small.x.length).toBeLessThanOrEqual(10);
    expect(Math.max(...small.max)).toBe(63);
    expect(Math.min(...small.min)).toBe(0);
    expect(lastValue(emptySeries())).toBeNull();
    expect(() => emptySeries(1)).toThrow();
  });

  it('EMA smoothing is bias-corrected', () => {
    const { ema, values } = emaPush(emptyEma(0.9), [2, 2, 2, Number.NaN, 2]);
    // A constant input stays constant from the first value (no pull toward 0).
    expect(values.filter(Number.isFinite).every((v) => Math.abs(v - 2) < 1e-12)).toBe(true);
    expect(values[3]).toBeNaN();
    expect(ema.n).toBe(4);
    const step = emaPush(emptyEma(0.5), [0, 4]).values;
    // avg: 0 → 2; corrected by 1 − 0.25 → 2.6667.
    expect(step[1]).toBeCloseTo(8 / 3, 12);
    expect(() => emptyEma(1)).toThrow();
  });
});
