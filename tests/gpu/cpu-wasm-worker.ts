// Runs in a dedicated Web Worker in Chromium (see cpu-wasm.test.ts): trains a few steps of
// Net A on the CPU backend and reports which kernels ran and how fast.
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { Model } from '../../src/engine/model/model';
import { defaultOptimizer } from '../../src/engine/optim/optimizer';
import { CONSTANT_SCHEDULE } from '../../src/engine/optim/schedule';
import { SPEC_FORMAT, SPEC_VERSION, type NetworkSpec } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/train/trainer';

const NET_A: NetworkSpec = {
  format: SPEC_FORMAT,
  version: SPEC_VERSION,
  input: { channels: 1, height: 28, width: 28 },
  layers: [
    { id: 'c1', type: 'conv2d', config: { filters: 8, kernel: 5, padding: 2 } },
    { id: 'r1', type: 'relu', config: {} },
    { id: 'p1', type: 'maxpool', config: { size: 2, stride: 2 } },
    { id: 'c2', type: 'conv2d', config: { filters: 16, kernel: 5, padding: 2 } },
    { id: 'r2', type: 'relu', config: {} },
    { id: 'p2', type: 'maxpool', config: { size: 2, stride: 2 } },
    { id: 'flat', type: 'flatten', config: {} },
    { id: 'fc', type: 'dense', config: { units: 10 } },
  ],
};

async function run(wasm: boolean, steps: number) {
  const backend = new CpuBackend({ wasm });
  const model = Model.create(NET_A, backend);
  model.initialize('he', 1);
  const trainer = new Trainer(model, {
    batchSize: 64,
    optimizer: { ...defaultOptimizer('momentum'), lr: 0.01 },
    schedule: CONSTANT_SCHEDULE,
    loss: 'softmax',
    hingeMargin: 1,
    l1: 0,
    l2: 0,
    maxNorm: 0,
    regularizeBiases: false,
    seed: 1,
  });
  let s = 7;
  for (let i = 0; i < trainer.batch.x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    trainer.batch.x[i] = s / 2 ** 32;
  }
  for (let i = 0; i < 64; i++) trainer.batch.y[i] = i % 10;
  const times: number[] = [];
  let loss = NaN;
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    trainer.step();
    times.push(performance.now() - t0);
    // Mean loss of the first 4 steps: both paths must agree on it.
    if (i === 3) loss = (await trainer.readMetrics()).loss;
  }
  times.sort((a, b) => a - b);
  return { usesWasm: backend.usesWasm, loss, msPerStep: times[times.length >> 1] };
}

self.onmessage = async () => {
  const fast = await run(true, 12);
  const js = await run(false, 4);
  self.postMessage({ fast, js });
};
