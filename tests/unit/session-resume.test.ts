// Resuming a run from an autosaved checkpoint: a new session given the weights and the step
// carries on exactly where the old one was. With plain SGD (no optimizer state to lose) the
// resumed run is bit-identical to one that never stopped: same step count, learning-rate
// schedule, batch order (the batcher seeks to the step) and augmentation.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { NO_AUGMENT } from '../../src/engine/data/augment';
import { Batcher } from '../../src/engine/data/batcher';
import { scalePreprocess } from '../../src/engine/data/preprocess';
import { exportWeights } from '../../src/engine/io/weights';
import { defaultOptimizer } from '../../src/engine/optim/optimizer';
import { CONSTANT_SCHEDULE } from '../../src/engine/optim/schedule';
import { Model } from '../../src/engine/model/model';
import { TrainingSession } from '../../src/engine/train/session';
import { trainConfigFrom } from '../../src/engine/train/settings';
import { Trainer } from '../../src/engine/train/trainer';
import { collect, mnistSubset, settings, smallLenet } from '../helpers/session';

const flat = async (s: TrainingSession) =>
  Float32Array.from([...(await s.model.readTensors()).values()].flatMap((t) => [...t.data]));

describe('resuming at a step', () => {
  it('Batcher.seek(n) gives the batches that follow n draws', async () => {
    const { dataset, splits } = await mnistSubset(100, 0);
    const opts = { batchSize: 7, shuffle: true, seed: 3, preprocess: scalePreprocess(1) };
    const a = new Batcher(dataset, splits.train, opts);
    const x = new Float32Array(7 * 784);
    const y = new Float32Array(7);
    for (let i = 0; i < 40; i++) a.next(x, y); // past a few epochs of 100 examples
    const b = new Batcher(dataset, splits.train, opts);
    b.seek(40);
    expect(b.step).toBe(40);
    expect(b.epochProgress).toBeCloseTo(a.epochProgress, 12);
    const xa = new Float32Array(x.length);
    const ya = new Float32Array(y.length);
    for (let i = 0; i < 5; i++) {
      a.next(xa, ya);
      b.next(x, y);
      expect(y).toEqual(ya);
      expect(x).toEqual(xa);
    }
    expect(() => b.seek(-1)).toThrow(/step/);
  });

  it('continues the step count, schedule and batches: SGD runs match an unbroken run', async () => {
    const data = await mnistSubset(256, 64);
    const s = settings({
      batchSize: 16,
      epochs: 1, // 16 steps
      optimizer: defaultOptimizer('sgd'),
      schedule: { ...CONSTANT_SCHEDULE, kind: 'cosine', totalSteps: 0 },
      augment: { ...NO_AUGMENT, flipHorizontal: true, translate: 2 },
    });
    const make = () =>
      TrainingSession.create({ spec: smallLenet(), data, settings: s, backend: new CpuBackend() });

    const whole = await make();
    await whole.step(12);
    const expected = await flat(whole);
    const expectedLr = whole.learningRate;

    const first = await make();
    await first.step(7);
    const saved = await exportWeights(first.model);

    const resumed = await make();
    const ev = collect();
    resumed.on(ev.listener);
    await resumed.importWeights(saved, 7);
    expect(resumed.stepCount).toBe(7);
    expect(resumed.status).toMatchObject({ state: 'paused', step: 7 });
    expect(ev.of('checkpoint').at(-1)?.checkpoint.step).toBe(7);
    expect(resumed.epoch).toBeCloseTo(first.epoch, 12);
    await resumed.step(5);
    expect(resumed.stepCount).toBe(12);
    expect(resumed.learningRate).toBe(expectedLr);
    expect(await flat(resumed)).toEqual(expected);
  });

  it('a checkpoint at the end restores a finished run', async () => {
    const data = await mnistSubset(64, 0);
    const s = settings({ batchSize: 16, epochs: 1 });
    const a = await TrainingSession.create({ spec: smallLenet(), data, settings: s, backend: new CpuBackend() }); // prettier-ignore
    await a.step(4);
    const b = await TrainingSession.create({ spec: smallLenet(), data, settings: s, backend: new CpuBackend() }); // prettier-ignore
    await b.importWeights(await exportWeights(a.model), 4);
    expect(b.status.state).toBe('finished');
    expect(await flat(b)).toEqual(await flat(a));
    await expect(b.importWeights(new Uint8Array(4), 1)).rejects.toThrow(/too short/);
    await expect(b.importWeights(await exportWeights(a.model), -2)).rejects.toThrow(/step/);
  });
});

describe('fresh optimizer moments after a resume', () => {
  it('Adam restarted at step 1000 takes the same first step as at step 0', async () => {
    const s = settings({ batchSize: 4 });
    const spec = smallLenet();
    const stepOnce = async (from: number) => {
      const model = Model.create(spec, new CpuBackend(), { numClasses: 10 });
      model.initialize('he', 3);
      const t = new Trainer(model, trainConfigFrom(s, 5000));
      t.stepCount = from;
      t.momentsFrom = from;
      for (let i = 0; i < t.batch.x.length; i++) t.batch.x[i] = ((i * 7919) % 255) / 255;
      t.batch.y.set([1, 2, 3, 4]);
      t.step();
      return [...(await model.readTensors()).values()].flatMap((x) => [...x.data]);
    };
    // Counted from step 0 instead, Adam's bias correction would make this step ~3× larger.
    expect(await stepOnce(1000)).toEqual(await stepOnce(0));
  });
});
