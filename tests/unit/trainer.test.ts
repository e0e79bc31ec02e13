// The training loop on the CPU backend: memorising a tiny set, initial loss ≈ ln(C), metric
// accounting, evaluation with padded batches, learning-rate control.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { Model } from '../../src/engine/model/model';
import { defaultOptimizer } from '../../src/engine/optim/optimizer';
import { CONSTANT_SCHEDULE } from '../../src/engine/optim/schedule';
import { Rng } from '../../src/engine/rng';
import { Trainer, type TrainConfig } from '../../src/engine/train/trainer';
import { seq } from '../helpers/specs';

const net = seq([1, 8, 8], [
  ['c1', 'conv2d', { filters: 6, kernel: 3, padding: 1 }],
  ['r1', 'relu'],
  ['p1', 'maxpool', { size: 2, stride: 2 }],
  ['f', 'flatten'],
  ['fc', 'dense', { units: 5 }],
]); // prettier-ignore

function config(over: Partial<TrainConfig> = {}): TrainConfig {
  return {
    batchSize: 10, optimizer: defaultOptimizer('adam'), schedule: CONSTANT_SCHEDULE, loss: 'softmax',
    hingeMargin: 1, l1: 0, l2: 0, maxNorm: 0, regularizeBiases: false, seed: 1, ...over,
  }; // prettier-ignore
}

function data(n: number, seed: number) {
  const rng = new Rng(seed);
  return {
    x: Float32Array.from({ length: n * 64 }, () => rng.normal()),
    y: Float32Array.from({ length: n }, () => rng.int(5)),
  };
}

describe('Trainer', () => {
  it('starts near ln(C) with small init and memorises 10 examples', async () => {
    const model = Model.create(net, new CpuBackend(), { numClasses: 5 });
    model.initialize('small', 1);
    const t = new Trainer(model, config({ optimizer: { ...defaultOptimizer('adam'), lr: 0.01 } }));
    const d = data(10, 2);
    t.batch.x.set(d.x);
    t.batch.y.set(d.y);
    t.step();
    const first = await t.readMetrics();
    expect(first.count).toBe(10);
    expect(first.loss).toBeCloseTo(Math.log(5), 1);
    for (let i = 0; i < 150; i++) t.step();
    const last = await t.readMetrics();
    expect(last.count).toBe(1500);
    expect(t.stepCount).toBe(151);
    const evalm = await t.evaluate([d]);
    expect(evalm.accuracy).toBe(1);
    expect(evalm.loss).toBeLessThan(0.05);
  });

  it('evaluation ignores padding rows (label −1)', async () => {
    const model = Model.create(net, new CpuBackend(), { numClasses: 5 });
    model.initialize('he', 1);
    const t = new Trainer(model, config());
    const d = data(4, 3);
    const full = await t.evaluate([d]);
    const padded = {
      x: Float32Array.from([...d.x, ...new Float32Array(2 * 64)]),
      y: Float32Array.from([...d.y, -1, -1]),
    };
    const withPad = await t.evaluate([padded]);
    expect(withPad.count).toBe(4);
    expect(withPad.loss).toBeCloseTo(full.loss, 5);
  });

  it('learning rate follows the base rate and can change mid-run', () => {
    const model = Model.create(net, new CpuBackend(), { numClasses: 5 });
    model.initialize('he', 1);
    const t = new Trainer(
      model,
      config({ schedule: { ...CONSTANT_SCHEDULE, kind: 'step', stepSize: 2, gamma: 0.1 } }),
    );
    expect(t.learningRate).toBeCloseTo(1e-3);
    t.step();
    t.step();
    expect(t.learningRate).toBeCloseTo(1e-4);
    t.setBaseLearningRate(0.5);
    expect(t.learningRate).toBeCloseTo(0.05);
    expect(() => t.setBaseLearningRate(Number.NaN)).toThrow('learning rate');
  });

  it('L2 pulls weights toward zero and reports its loss; biases excluded by default', async () => {
    const model = Model.create(net, new CpuBackend(), { numClasses: 5 });
    model.initialize('he', 1);
    const before = await model.readTensors();
    const t = new Trainer(
      model,
      config({ optimizer: { ...defaultOptimizer('sgd'), lr: 0.1 }, l2: 1 }),
    );
    // Zero inputs: the data gradient of conv weights vanishes, leaving the L2 pull alone.
    t.batch.x.fill(0);
    t.batch.y.fill(0);
    t.step();
    const m = await t.readMetrics();
    const after = await model.readTensors();
    const w0 = before.get('c1.weight')!.data;
    const w1 = after.get('c1.weight')!.data;
    for (let i = 0; i < w0.length; i++) expect(w1[i]).toBeCloseTo(w0[i] * 0.9, 5);
    const expected =
      0.5 *
      [...model.entries]
        .filter((e) => e.decl.role === 'weight')
        .reduce((a, e) => a + after.get(e.name)!.data.reduce((s, v) => s + v * v, 0), 0);
    expect(m.regLoss).toBeCloseTo(expected, 2);
  });

  it('max-norm clamps each unit', () => {
    const model = Model.create(net, new CpuBackend(), { numClasses: 5 });
    model.initialize('he', 1);
    const t = new Trainer(model, config({ maxNorm: 0.1 }));
    t.batch.x.set(data(10, 4).x);
    t.step();
    const b = model.backend as CpuBackend;
    const w = b.readSync(model.entry('fc.weight')!.value);
    for (let r = 0; r < 5; r++) {
      const row = Array.from(w.subarray(r * 96, (r + 1) * 96));
      expect(Math.sqrt(row.reduce((a, v) => a + v * v, 0))).toBeLessThanOrEqual(0.1 + 1e-6);
    }
  });

  it('the same seed gives the same run', async () => {
    const losses = [];
    for (let rep = 0; rep < 2; rep++) {
      const model = Model.create(net, new CpuBackend(), { numClasses: 5 });
      model.initialize('he', 7);
      const t = new Trainer(model, config());
      const d = data(10, 5);
      t.batch.x.set(d.x);
      t.batch.y.set(d.y);
      for (let i = 0; i < 5; i++) t.step();
      losses.push((await t.readMetrics()).loss);
    }
    expect(losses[0]).toBe(losses[1]);
  });
});
