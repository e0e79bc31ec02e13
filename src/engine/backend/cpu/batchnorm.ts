// Batch normalisation over (batch, spatial) per channel, for NC(HW) tensors. Statistics are
// accumulated in float64 whatever the storage type, so large batches do not lose precision.
import type { Arr } from './arrays';

export interface BnDims {
  n: number;
  c: number;
  hw: number;
}

export function batchNormTrain(
  x: Arr,
  y: Arr,
  gamma: Arr,
  beta: Arr,
  mean: Arr,
  invStd: Arr,
  runMean: Arr,
  runVar: Arr,
  momentum: number,
  eps: number,
  { n, c, hw }: BnDims,
): void {
  const count = n * hw;
  for (let ch = 0; ch < c; ch++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * hw;
      for (let k = 0; k < hw; k++) s += x[base + k];
    }
    const mu = s / count;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * hw;
      for (let k = 0; k < hw; k++) {
        const d = x[base + k] - mu;
        sq += d * d;
      }
    }
    const variance = sq / count;
    const inv = 1 / Math.sqrt(variance + eps);
    mean[ch] = mu;
    invStd[ch] = inv;
    const unbiased = count > 1 ? sq / (count - 1) : variance;
    runMean[ch] = (1 - momentum) * runMean[ch] + momentum * mu;
    runVar[ch] = (1 - momentum) * runVar[ch] + momentum * unbiased;
    const gsc = gamma[ch] * inv;
    const sh = beta[ch] - mu * gsc;
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * hw;
      for (let k = 0; k < hw; k++) y[base + k] = x[base + k] * gsc + sh;
    }
  }
}

export function batchNormEval(
  x: Arr,
  y: Arr,
  gamma: Arr,
  beta: Arr,
  runMean: Arr,
  runVar: Arr,
  eps: number,
  { n, c, hw }: BnDims,
): void {
  for (let ch = 0; ch < c; ch++) {
    const gsc = gamma[ch] / Math.sqrt(runVar[ch] + eps);
    const sh = beta[ch] - runMean[ch] * gsc;
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * hw;
      for (let k = 0; k < hw; k++) y[base + k] = x[base + k] * gsc + sh;
    }
  }
}

/**
 * With x̂ = (x − μ)·s (s = 1/σ), dβ = Σ dy, dγ = Σ dy·x̂ and
 * dx = γ·s/m · (m·dy − dβ − x̂·dγ), m = n·hw.
 */
export function batchNormBackward(
  dy: Arr,
  x: Arr,
  gamma: Arr,
  mean: Arr,
  invStd: Arr,
  dx: Arr | null,
  dgamma: Arr,
  dbeta: Arr,
  { n, c, hw }: BnDims,
): void {
  const m = n * hw;
  for (let ch = 0; ch < c; ch++) {
    const mu = mean[ch];
    const s = invStd[ch];
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * hw;
      for (let k = 0; k < hw; k++) {
        const g = dy[base + k];
        sumDy += g;
        sumDyXhat += g * (x[base + k] - mu) * s;
      }
    }
    dbeta[ch] = sumDy;
    dgamma[ch] = sumDyXhat;
    if (!dx) continue;
    const f = (gamma[ch] * s) / m;
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * hw;
      for (let k = 0; k < hw; k++) {
        const xhat = (x[base + k] - mu) * s;
        dx[base + k] = f * (m * dy[base + k] - sumDy - xhat * sumDyXhat);
      }
    }
  }
}
