// The worked examples from the course notes DESIGN.md cites, computed through the real kernels.
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../src/engine/analyze';
import { METRIC } from '../../src/engine/backend/backend';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { convOutputSize } from '../../src/engine/shapes';
import { CLASSIC_EXAMPLE, workedLoss } from '../../src/engine/train/worked-loss';
import { seq } from '../helpers/specs';

// The notes' score matrix, one column per image; here one row per image (cat, car, frog images),
// each row holding the scores for the classes cat, car, frog.
const SCORES = [
  [3.2, 5.1, -1.7],
  [1.3, 4.9, 2.0],
  [2.2, 2.5, -3.1],
];

function lossRows(kind: 'hinge' | 'softmax', rows: number[][], labels: number[]) {
  const b = new CpuBackend({ precision: 'f64' });
  const n = rows.length;
  const c = rows[0].length;
  const s = b.tensor([n, c], 's');
  const y = b.tensor([n], 'y');
  const g = b.tensor([n, c], 'g');
  const m = b.tensor([4], 'm');
  b.write(s, rows.flat());
  b.write(y, labels);
  const perExample: number[] = [];
  // One kernel per example to read per-example losses from the accumulated metrics.
  for (let i = 0; i < n; i++) {
    const lab = labels.map((l, j) => (j === i ? l : -1));
    b.write(y, lab);
    b.write(m, [0, 0, 0, 0]);
    b.run([
      kind === 'hinge'
        ? b.hinge({ scores: s, labels: y, grad: g, metrics: m, n, c, margin: 1, scale: 1 })
        : b.softmaxCrossEntropy({ logits: s, labels: y, grad: g, metrics: m, n, c, scale: 1 }),
    ]);
    perExample.push(b.readSync(m)[METRIC.lossSum]);
  }
  return perExample;
}

describe('reference values', () => {
  it('the worked example of the loss experiment: its steps give the kernels’ losses', () => {
    const worked = CLASSIC_EXAMPLE.examples.map((e) => workedLoss(e.scores, e.correct));
    const labels = CLASSIC_EXAMPLE.examples.map((e) => e.correct);
    expect(SCORES).toEqual(CLASSIC_EXAMPLE.examples.map((e) => e.scores));
    const hinge = lossRows('hinge', SCORES, labels);
    const softmax = lossRows('softmax', SCORES, labels);
    worked.forEach((w, i) => {
      expect(w.hinge.loss).toBeCloseTo(hinge[i], 10);
      expect(w.softmax.loss).toBeCloseTo(softmax[i], 10);
    });
    const cat = worked[0];
    expect(cat.hinge.terms.map((t) => [t.j, t.raw, t.value])).toEqual([
      [1, expect.closeTo(2.9, 10), expect.closeTo(2.9, 10)],
      [2, expect.closeTo(-3.9, 10), 0],
    ]);
    expect(cat.softmax.shifted[1]).toBe(0);
    expect(cat.softmax.probabilities.map((p) => p.toFixed(2))).toEqual(['0.13', '0.87', '0.00']);
    expect(cat.softmax.loss).toBeCloseTo(2.04, 2);
    expect(() => workedLoss([1, 2], 2)).toThrow(/not one of the 2 scores/);
  });

  it('multiclass hinge: 2.9, 0, 12.9; mean 5.27', () => {
    const losses = lossRows('hinge', SCORES, [0, 1, 2]);
    expect(losses[0]).toBeCloseTo(2.9, 6);
    expect(losses[1]).toBeCloseTo(0, 6);
    expect(losses[2]).toBeCloseTo(12.9, 6);
    expect((losses[0] + losses[1] + losses[2]) / 3).toBeCloseTo(5.27, 2);
  });

  it('softmax of [3.2, 5.1, -1.7] is [0.13, 0.87, 0.00]; loss ≈ 2.04', () => {
    const b = new CpuBackend({ precision: 'f64' });
    const s = b.tensor([1, 3], 's');
    const y = b.tensor([1], 'y');
    const g = b.tensor([1, 3], 'g');
    const m = b.tensor([4], 'm');
    b.write(s, [3.2, 5.1, -1.7]);
    b.write(y, [0]);
    b.run([
      b.softmaxCrossEntropy({ logits: s, labels: y, grad: g, metrics: m, n: 1, c: 3, scale: 1 }),
    ]);
    // grad = softmax − onehot, so softmax = grad + onehot.
    const grad = b.readSync(g);
    const p = [grad[0] + 1, grad[1], grad[2]];
    expect(p[0]).toBeCloseTo(0.13, 2);
    expect(p[1]).toBeCloseTo(0.87, 2);
    expect(p[2]).toBeCloseTo(0.0, 2);
    expect(b.readSync(m)[METRIC.lossSum]).toBeCloseTo(2.04, 2);
  });

  it('32×32×3 with six 5×5 filters, stride 1, no padding → 28×28×6', () => {
    const a = analyzeNetwork(seq([3, 32, 32], [['c', 'conv2d', { filters: 6, kernel: 5 }]]));
    expect(a.ok).toBe(true);
    expect(a.outShape).toEqual([6, 28, 28]);
    expect(a.layers[0].paramCount).toBe(5 * 5 * 3 * 6 + 6);
  });

  it('7×7 input, 3×3 filter: stride 1 → 5, stride 2 → 3, padding 1 keeps 7', () => {
    expect(convOutputSize(7, 3, 1, 0)).toBe(5);
    expect(convOutputSize(7, 3, 2, 0)).toBe(3);
    expect(convOutputSize(7, 3, 1, 2)).toBe(7);
    expect(convOutputSize(7, 3, 3, 0)).toBeCloseTo(7 / 3); // the notes' "doesn't fit" case
    const a = analyzeNetwork(
      seq([1, 7, 7], [['c', 'conv2d', { filters: 1, kernel: 3, stride: 3 }]]),
    );
    expect(a.ok).toBe(false);
  });

  it('box filter [10 50 60 10 20 40 30] * [1/3 1/3 1/3] → [20 40 40 30 23.3 30 23.3]', () => {
    // A 1×7 image convolved with a 3×3 kernel whose middle row is the box filter: the padded
    // rows above and below contribute zeros, leaving the 1D convolution.
    const b = new CpuBackend();
    const g = {
      n: 1,
      c: 1,
      h: 1,
      w: 7,
      k: 1,
      kh: 3,
      kw: 3,
      sh: 1,
      sw: 1,
      ph: 1,
      pw: 1,
      dh: 1,
      dw: 1,
      oh: 1,
      ow: 7,
    };
    const x = b.tensor([1, 1, 1, 7], 'x');
    const w = b.tensor([1, 1, 3, 3], 'w');
    const y = b.tensor([1, 1, 1, 7], 'y');
    b.write(x, [10, 50, 60, 10, 20, 40, 30]);
    b.write(w, [0, 0, 0, 1 / 3, 1 / 3, 1 / 3, 0, 0, 0]);
    b.run([b.conv2d({ x, w, b: null, y, g, act: 'none', alpha: 0 })]);
    const out = Array.from(b.readSync(y)).map((v) => Math.round(v * 10) / 10);
    expect(out).toEqual([20, 40, 40, 30, 23.3, 30, 23.3]);
  });
});
