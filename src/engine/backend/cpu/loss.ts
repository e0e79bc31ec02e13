// Losses with their gradients and metrics in one pass, as the GPU kernels do it. Rows whose
// label is negative are batch padding: no loss, no gradient, not counted.
import { METRIC } from '../backend';
import type { Arr } from './arrays';

function argmaxRow(s: Arr, off: number, c: number): number {
  let best = 0;
  for (let j = 1; j < c; j++) if (s[off + j] > s[off + best]) best = j;
  return best;
}

export function softmaxCrossEntropy(
  logits: Arr,
  labels: Arr,
  grad: Arr,
  metrics: Arr,
  n: number,
  c: number,
  scale: number,
): void {
  let lossSum = 0;
  let correct = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const off = i * c;
    const label = labels[i];
    if (!(label >= 0)) {
      grad.fill(0, off, off + c);
      continue;
    }
    // Subtracting the max keeps exp from overflowing (the numerically stable form).
    let mx = -Infinity;
    for (let j = 0; j < c; j++) mx = Math.max(mx, logits[off + j]);
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp(logits[off + j] - mx);
    const lse = mx + Math.log(sum);
    lossSum += lse - logits[off + label];
    for (let j = 0; j < c; j++) {
      const p = Math.exp(logits[off + j] - lse);
      grad[off + j] = (p - (j === label ? 1 : 0)) * scale;
    }
    if (argmaxRow(logits, off, c) === label) correct++;
    count++;
  }
  metrics[METRIC.lossSum] += lossSum;
  metrics[METRIC.correct] += correct;
  metrics[METRIC.count] += count;
}

export function hinge(
  scores: Arr,
  labels: Arr,
  grad: Arr,
  metrics: Arr,
  n: number,
  c: number,
  margin: number,
  scale: number,
): void {
  let lossSum = 0;
  let correct = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const off = i * c;
    const label = labels[i];
    if (!(label >= 0)) {
      grad.fill(0, off, off + c);
      continue;
    }
    const sy = scores[off + label];
    let violators = 0;
    for (let j = 0; j < c; j++) {
      if (j === label) continue;
      const m = scores[off + j] - sy + margin;
      if (m > 0) {
        lossSum += m;
        grad[off + j] = scale;
        violators++;
      } else {
        grad[off + j] = 0;
      }
    }
    grad[off + label] = -violators * scale;
    if (argmaxRow(scores, off, c) === label) correct++;
    count++;
  }
  metrics[METRIC.lossSum] += lossSum;
  metrics[METRIC.correct] += correct;
  metrics[METRIC.count] += count;
}
