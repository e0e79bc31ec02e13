// Checks the ConvNetJS contestant against a plain reference forward pass written from the
// conventions in bench/netdef.ts (HWIO conv weights, [in][out] dense, NHWC flatten order).
import { describe, expect, it } from 'vitest';
import createConvnetjs from '../../bench/contestants/convnetjs';
import { makeTask, runContestant, type BenchTask } from '../../bench/harness';
import type { NetDef } from '../../bench/netdef';

const TINY: NetDef = {
  id: 'T',
  title: 'tiny',
  input: [6, 5, 2],
  classes: 3,
  batch: 4,
  layers: [
    { type: 'conv2d', filters: 3, kernel: 3, stride: 1, pad: 1, activation: 'relu' },
    { type: 'maxpool', size: 2, stride: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 5, activation: 'relu' },
    { type: 'dense', units: 3, activation: 'linear' },
  ],
  loss: 'softmax-cross-entropy',
  optimizer: { type: 'sgd-momentum', learningRate: 0.05, momentum: 0.9 },
};

/** Mean softmax cross-entropy of the initial weights, by the most literal loops. */
function referenceLoss(task: BenchTask): number {
  const [H, W, C] = task.net.input;
  const [cw, cb, d1w, d1b, d2w, d2b] = task.params.map((p) => p.values);
  const K = 3;
  let total = 0;
  for (let n = 0; n < task.batch; n++) {
    const px = (y: number, x: number, c: number) =>
      y < 0 || y >= H || x < 0 || x >= W ? 0 : task.data.x[((n * H + y) * W + x) * C + c];
    const conv = (y: number, x: number, o: number) => {
      let a = cb[o];
      for (let ky = 0; ky < 3; ky++)
        for (let kx = 0; kx < 3; kx++)
          for (let c = 0; c < C; c++)
            a += px(y + ky - 1, x + kx - 1, c) * cw[((ky * 3 + kx) * C + c) * K + o];
      return Math.max(0, a);
    };
    const flat: number[] = [];
    const PH = Math.floor((H - 2) / 2) + 1;
    const PW = Math.floor((W - 2) / 2) + 1;
    for (let y = 0; y < PH; y++)
      for (let x = 0; x < PW; x++)
        for (let o = 0; o < K; o++)
          flat.push(
            Math.max(
              conv(2 * y, 2 * x, o),
              conv(2 * y, 2 * x + 1, o),
              conv(2 * y + 1, 2 * x, o),
              conv(2 * y + 1, 2 * x + 1, o),
            ),
          );
    const dense = (inp: number[], w: Float32Array, b: Float32Array, out: number, relu: boolean) =>
      Array.from({ length: out }, (_, j) => {
        let a = b[j];
        inp.forEach((v, i) => (a += v * w[i * out + j]));
        return relu ? Math.max(0, a) : a;
      });
    const logits = dense(dense(flat, d1w, d1b, 5, true), d2w, d2b, 3, false);
    const m = Math.max(...logits);
    const lse = m + Math.log(logits.reduce((s, v) => s + Math.exp(v - m), 0));
    total += lse - logits[task.data.labels[n]];
  }
  return total / task.batch;
}

describe('convnetjs contestant', () => {
  it('builds the NetDef net from the shared weights and trains it', async () => {
    const task = makeTask(TINY, 4, 3);
    const r = await runContestant('convnetjs', createConvnetjs, task, {
      warmup: 3,
      steps: 20,
      maxSeconds: 0,
      minSteps: 1,
    });
    expect(r.ok).toBe(true);
    const losses = r.losses!;
    expect(losses[0].loss).toBeCloseTo(referenceLoss(task), 5);
    expect(losses[losses.length - 1].loss).toBeLessThan(losses[0].loss * 0.8);
  });
});
