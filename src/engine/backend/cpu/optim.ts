// Parameter updates over the flat parameter buffer, and regularisation. One pass per step
// updates every parameter, as the single GPU dispatch does.
import type { OptimizerHyper } from '../backend';
import type { Arr } from './arrays';

export function optimizerStep(
  w: Arr,
  g: Arr,
  s1: Arr,
  s2: Arr,
  lr: number,
  bias1: number,
  bias2: number,
  h: OptimizerHyper,
): void {
  const len = w.length;
  switch (h.kind) {
    case 'sgd':
      for (let i = 0; i < len; i++) w[i] -= lr * g[i];
      return;
    case 'momentum':
      // v ← μv − lr·g; w ← w + v
      for (let i = 0; i < len; i++) {
        const v = h.momentum * s1[i] - lr * g[i];
        s1[i] = v;
        w[i] += v;
      }
      return;
    case 'nesterov':
      // Look-ahead form on the stored parameters: w ← w − μ·v_prev + (1 + μ)·v.
      for (let i = 0; i < len; i++) {
        const vPrev = s1[i];
        const v = h.momentum * vPrev - lr * g[i];
        s1[i] = v;
        w[i] += -h.momentum * vPrev + (1 + h.momentum) * v;
      }
      return;
    case 'adagrad':
      for (let i = 0; i < len; i++) {
        const c = s1[i] + g[i] * g[i];
        s1[i] = c;
        w[i] -= (lr * g[i]) / (Math.sqrt(c) + h.eps);
      }
      return;
    case 'rmsprop':
      for (let i = 0; i < len; i++) {
        const c = h.rho * s1[i] + (1 - h.rho) * g[i] * g[i];
        s1[i] = c;
        w[i] -= (lr * g[i]) / (Math.sqrt(c) + h.eps);
      }
      return;
    case 'adam':
      for (let i = 0; i < len; i++) {
        const m = h.beta1 * s1[i] + (1 - h.beta1) * g[i];
        const v = h.beta2 * s2[i] + (1 - h.beta2) * g[i] * g[i];
        s1[i] = m;
        s2[i] = v;
        w[i] -= (lr * (m / bias1)) / (Math.sqrt(v / bias2) + h.eps);
      }
      return;
  }
}

export function regularize(w: Arr, g: Arr, l1: number, l2: number): void {
  for (let i = 0; i < w.length; i++) {
    const v = w[i];
    g[i] += l2 * v + l1 * (v > 0 ? 1 : v < 0 ? -1 : 0);
  }
}

export function regLoss(w: Arr, l1: number, l2: number): number {
  let a = 0;
  let q = 0;
  for (let i = 0; i < w.length; i++) {
    a += Math.abs(w[i]);
    q += w[i] * w[i];
  }
  return l1 * a + 0.5 * l2 * q;
}

export function maxNorm(w: Arr, rows: number, cols: number, limit: number): void {
  for (let r = 0; r < rows; r++) {
    let sq = 0;
    const off = r * cols;
    for (let j = 0; j < cols; j++) sq += w[off + j] * w[off + j];
    const norm = Math.sqrt(sq);
    if (norm > limit) {
      const f = limit / norm;
      for (let j = 0; j < cols; j++) w[off + j] *= f;
    }
  }
}
