import { describe, expect, it } from 'vitest';
import { initParams, makeBatch } from '../../bench/data';
import { stepFlops } from '../../bench/flops';
import { inferShapes, NET_A, NET_B, paramCount } from '../../bench/netdef';

describe('bench nets', () => {
  it('Net A has the LeNet-ish shapes', () => {
    const s = inferShapes(NET_A);
    expect(s.map((l) => l.out)).toEqual([
      [28, 28, 8],
      [14, 14, 8],
      [14, 14, 16],
      [7, 7, 16],
      [784],
      [10],
    ]);
    // conv 5·5·1·8+8, conv 5·5·8·16+16, dense 784·10+10
    expect(paramCount(NET_A)).toBe(208 + 3216 + 7850);
  });

  it('Net B has the small-VGG shapes', () => {
    const s = inferShapes(NET_B);
    expect(s.map((l) => l.out)).toEqual([
      [32, 32, 16],
      [32, 32, 16],
      [16, 16, 16],
      [16, 16, 32],
      [16, 16, 32],
      [8, 8, 32],
      [2048],
      [64],
      [10],
    ]);
  });

  it('counts FLOPs as 3 × forward × batch, forward = 2 × conv/dense MACs', () => {
    const a = stepFlops(NET_A);
    // 28·28·8·25 + 14·14·16·200 + 784·10 MACs per example
    expect(a.layers.map((l) => l.macs)).toEqual([156_800, 627_200, 7_840]);
    expect(a.forwardPerExample).toBe(2 * 791_840);
    expect(a.total).toBe(3 * 2 * 791_840 * 64);
    const b = stepFlops(NET_B);
    expect(b.forwardPerExample).toBe(2 * 6_472_320);
    expect(b.total).toBe(3 * 2 * 6_472_320 * 32);
    expect(stepFlops(NET_B, 8).total).toBe(b.total / 4);
  });

  it('makes the same seeded batch and weights every time', () => {
    const x1 = makeBatch(NET_A, 4, 7);
    const x2 = makeBatch(NET_A, 4, 7);
    expect(x1.x).toEqual(x2.x);
    expect(x1.labels).toEqual(x2.labels);
    expect(makeBatch(NET_A, 4, 8).x).not.toEqual(x1.x);
    const p = initParams(NET_A, 7);
    expect(p.map((q) => q.def.shape)).toEqual([
      [5, 5, 1, 8],
      [8],
      [5, 5, 8, 16],
      [16],
      [784, 10],
      [10],
    ]);
    expect(p[1].values.every((v) => v === 0)).toBe(true);
    const w = p[2].values;
    const std = Math.sqrt(w.reduce((a, v) => a + v * v, 0) / w.length);
    expect(std).toBeGreaterThan(0.8 * Math.sqrt(2 / 200));
    expect(std).toBeLessThan(1.2 * Math.sqrt(2 / 200));
  });
});
