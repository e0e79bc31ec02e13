// Activations (forward and backward), bias and channel sums, dropout, residual adds.
import type { Activation } from '../backend';
import { dropoutKeep, dropoutKey, dropThreshold } from '../hash';
import type { Arr } from './arrays';

/** Applies act in place over [from, to). */
export function activateInPlace(y: Arr, from: number, to: number, act: Activation, alpha: number) {
  switch (act) {
    case 'none':
      return;
    case 'relu':
      // Branch-free: `v < 0 ? 0 : v` mispredicts on half of a real activation map and ran 8×
      // slower. v·(v > 0) is exact except where v·0 is NaN (v = ±Inf, NaN): the rarely taken
      // fix-up keeps relu(−Inf) = 0 and lets NaN pass through; + 0 turns −0 into 0.
      for (let i = from; i < to; i++) {
        const v = y[i];
        let r = v * +(v > 0) + 0;
        if (r !== r) r = v < 0 ? 0 : v;
        y[i] = r;
      }
      return;
    case 'leaky_relu':
      for (let i = from; i < to; i++) if (y[i] < 0) y[i] *= alpha;
      return;
    case 'elu':
      for (let i = from; i < to; i++) if (y[i] < 0) y[i] = alpha * Math.expm1(y[i]);
      return;
    case 'tanh':
      for (let i = from; i < to; i++) y[i] = Math.tanh(y[i]);
      return;
    case 'sigmoid':
      for (let i = from; i < to; i++) y[i] = sigmoid(y[i]);
      return;
  }
}

function sigmoid(v: number): number {
  // Branch keeps exp from overflowing for large |v|.
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export function activationBackward(
  x: Arr,
  y: Arr,
  dy: Arr,
  dx: Arr,
  act: Activation,
  alpha: number,
): void {
  const len = dx.length;
  switch (act) {
    case 'none':
      dx.set(dy);
      return;
    case 'relu':
      // Branch-free like the forward pass; the fix-up covers dy = ±Inf or NaN (where dy·0 or
      // dy·1 would disagree with `y > 0 ? dy : 0`).
      for (let i = 0; i < len; i++) {
        const m = +(y[i] > 0);
        let r = dy[i] * m + 0;
        if (r !== r) r = m ? dy[i] : 0;
        dx[i] = r;
      }
      return;
    case 'leaky_relu':
      for (let i = 0; i < len; i++) dx[i] = x[i] > 0 ? dy[i] : alpha * dy[i];
      return;
    case 'elu':
      // For x < 0, y = α(eˣ − 1) so dy/dx = y + α.
      for (let i = 0; i < len; i++) dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha);
      return;
    case 'tanh':
      for (let i = 0; i < len; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < len; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
      return;
  }
}

/** y[n, c, :] += b[c] then act, for an NC(HW) tensor. */
export function biasActivate(
  y: Arr,
  b: Arr | null,
  n: number,
  c: number,
  hw: number,
  act: Activation,
  alpha: number,
): void {
  if (b) {
    let o = 0;
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        const bv = b[ch];
        for (let s = 0; s < hw; s++) y[o++] += bv;
      }
    }
  }
  activateInPlace(y, 0, n * c * hw, act, alpha);
}

export function channelSum(dy: Arr, out: Arr, n: number, c: number, hw: number): void {
  out.fill(0);
  let o = 0;
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      let s = 0;
      for (let k = 0; k < hw; k++) s += dy[o++];
      out[ch] += s;
    }
  }
}

/** Inverted dropout; also its own backward (the same mask and scale applied to dy). */
export function dropout(x: Arr, y: Arr, rate: number, seed: number, salt: number): void {
  const key = dropoutKey(seed, salt);
  const threshold = dropThreshold(rate);
  const scale = rate < 1 ? 1 / (1 - rate) : 0;
  for (let i = 0; i < y.length; i++) {
    y[i] = dropoutKeep(key, i, threshold) ? x[i] * scale : 0;
  }
}
