// Controlling a TrainingSession: pause / resume / step(n) semantics, learning-rate changes that
// take effect at the next step, NaN auto-pause with rollback, reset, overfitting a tiny subset,
// and moving to a fallback backend when the device fails mid-run.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { defaultOptimizer } from '../../src/engine/optim/optimizer';
import { TrainingSession } from '../../src/engine/train/session';
import { yieldToEventLoop } from '../../src/engine/train/scheduling';
import { collect, mnistSubset, settings, smallLenet } from '../helpers/session';
import { seq } from '../helpers/specs';

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20000; i++) {
    if (cond()) return;
    await yieldToEventLoop();
  }
  throw new Error(`timed out waiting for ${what}`);
}

const flat = async (s: TrainingSession) =>
  Float32Array.from([...(await s.model.readTensors()).values()].flatMap((t) => [...t.data]));

describe('TrainingSession control', () => {
  it('pauses promptly, resumes, and steps exactly n', async () => {
    const s = await TrainingSession.create({
      spec: smallLenet(),
      data: await mnistSubset(512, 0),
      settings: settings({ batchSize: 8, epochs: 10 }),
      backend: new CpuBackend(),
      chunkMs: 5,
    });
    const ev = collect();
    s.on(ev.listener);
    expect(s.status.state).toBe('idle');
    s.start();
    expect(s.status.state).toBe('running');
    await until(() => s.stepCount >= 3, 'three steps');
    await s.pause();
    expect(s.status).toMatchObject({ state: 'paused', reason: 'user' });
    const at = s.stepCount;
    for (let i = 0; i < 20; i++) await yieldToEventLoop();
    expect(s.stepCount).toBe(at);
    // Every point up to the pause has been sent.
    expect(
      ev
        .of('metrics')
        .flatMap((e) => e.metrics.steps)
        .at(-1),
    ).toBe(at);
    // A checkpoint is taken at the pause, so a lost device loses nothing.
    expect(s.checkpoint!.step).toBe(at);

    s.resume();
    await until(() => s.stepCount >= at + 2, 'more steps');
    await s.pause();
    const at2 = s.stepCount;
    expect(at2).toBeGreaterThan(at);

    await s.step(3);
    expect(s.stepCount).toBe(at2 + 3);
    expect(s.status).toMatchObject({ state: 'paused', reason: 'steps' });
    await s.step();
    expect(s.stepCount).toBe(at2 + 4);

    // Pause then resume before the pause has landed: it keeps running.
    s.start();
    const pausing = s.pause();
    s.resume();
    await pausing;
    await until(() => s.status.state === 'running' && s.stepCount > at2 + 6, 'restart');
    await s.pause();

    await s.reset();
    expect(s.status.state).toBe('idle');
    expect(s.stepCount).toBe(0);
    expect(s.epoch).toBe(0);
  });

  it('a learning-rate change takes effect at the next step', async () => {
    const data = await mnistSubset(256, 0);
    const make = () =>
      TrainingSession.create({
        spec: smallLenet(),
        data,
        settings: settings({ batchSize: 16, optimizer: { ...defaultOptimizer('sgd'), lr: 0.01 } }),
        backend: new CpuBackend(),
      });
    const [a, b] = [await make(), await make()];
    await a.step(3);
    await b.step(3);
    const w0 = await flat(a);
    b.setLearningRate(0.1);
    expect(b.learningRate).toBe(0.1);
    const ev = collect();
    b.on(ev.listener);
    await a.step(1);
    await b.step(1);
    const [wa, wb] = [await flat(a), await flat(b)];
    // Plain SGD: the update is lr × gradient, and both saw the same weights and batch.
    let da = 0;
    let db = 0;
    for (let i = 0; i < w0.length; i++) {
      da += (wa[i] - w0[i]) ** 2;
      db += (wb[i] - w0[i]) ** 2;
    }
    expect(Math.sqrt(db) / Math.sqrt(da)).toBeCloseTo(10, 3);
    expect(ev.of('metrics').at(-1)!.metrics.lr).toEqual([0.1]);
    expect(() => b.setLearningRate(-1)).toThrow(/learning rate/);
  });

  it('pauses on a NaN loss, explains why and rolls the weights back', async () => {
    // Leaky ReLUs never die, so with a huge rate the activations grow until they overflow.
    const spec = seq([1, 28, 28], [
      ['c', 'conv2d', { filters: 4, kernel: 5 }],
      ['r', 'leakyrelu'],
      ['p', 'maxpool', { size: 2, stride: 2 }],
      ['f', 'flatten'],
      ['h', 'dense', { units: 16 }],
      ['r2', 'leakyrelu'],
      ['fc', 'dense', { units: 10 }],
    ]); // prettier-ignore
    const s = await TrainingSession.create({
      spec,
      data: await mnistSubset(512, 0),
      settings: settings({ batchSize: 16, optimizer: { ...defaultOptimizer('sgd'), lr: 50 } }),
      backend: new CpuBackend(),
    });
    const ev = collect();
    s.on(ev.listener);
    s.start();
    await s.whenStopped();
    expect(s.status).toMatchObject({ state: 'paused', reason: 'nan' });
    expect(s.status.message).toMatch(/learning rate too high/);
    const [nan] = ev.of('nanPaused').map((e) => e.nan);
    expect(Number.isFinite(nan.loss)).toBe(false);
    expect(nan.lr).toBe(50);
    expect(nan.rolledBackTo).toBe(0);
    expect(nan.message).toMatch(/Try a learning rate ten times lower \(5\)/);
    expect((await flat(s)).every(Number.isFinite)).toBe(true);
    // The diverged points were still sent, so the chart shows the explosion.
    const losses = ev.of('metrics').flatMap((e) => e.metrics.loss);
    expect(Number.isFinite(losses.at(-1)!)).toBe(false);
    // With a sane rate it trains on from the restored weights.
    s.setLearningRate(0.01);
    await s.step(2);
    expect(Number.isFinite(ev.of('metrics').at(-1)!.metrics.loss.at(-1)!)).toBe(true);
  });

  it('overfits 20 examples to 100% training accuracy', async () => {
    const s = await TrainingSession.create({
      spec: smallLenet(),
      data: await mnistSubset(2000, 100),
      settings: settings({
        batchSize: 64,
        l2: 0.1,
        augment: { ...settings().augment, rotateDegrees: 30 },
        optimizer: { ...defaultOptimizer('adam'), lr: 0.01 },
        overfit: { enabled: true, examples: 20, steps: 120 },
      }),
      backend: new CpuBackend(),
    });
    expect(s.batchSize).toBe(20);
    expect(s.totalSteps).toBe(120);
    expect(s.trainIndices).toHaveLength(20);
    const ev = collect();
    s.on(ev.listener);
    s.start();
    await s.whenStopped();
    const m = ev
      .of('metrics')
      .flatMap((e) => e.metrics.accuracy.map((a, i) => [a, e.metrics.loss[i]]));
    const [acc, loss] = m.at(-1)!;
    expect(acc).toBe(1);
    expect(loss).toBeLessThan(0.05);
    // Regularisation is off in this mode: no regularisation loss is reported.
    expect(ev.of('metrics').at(-1)!.metrics.regLoss).toBe(0);
  });

  it('moves to the fallback backend when the device fails mid-run', async () => {
    const flaky = new CpuBackend();
    Object.defineProperty(flaky, 'name', { value: 'webgpu' });
    const run = flaky.run.bind(flaky);
    let calls = 0;
    flaky.run = (program) => {
      if (++calls > 15) throw new Error('GPU device was lost');
      run(program);
    };
    const s = await TrainingSession.create({
      spec: smallLenet(),
      data: await mnistSubset(160, 32),
      settings: settings({ batchSize: 16, epochs: 1 }),
      backend: flaky,
      fallbackBackend: () => new CpuBackend(),
    });
    const ev = collect();
    s.on(ev.listener);
    s.start();
    await s.whenStopped();
    expect(s.status.state).toBe('finished');
    expect(s.backend.name).toBe('cpu');
    const [changed] = ev.of('backendChanged').map((e) => e.backend);
    expect(changed.name).toBe('cpu');
    expect(changed.notice).toMatch(/GPU stopped working \(GPU device was lost\)/);
    expect(s.stepCount).toBe(10);
  });

  it('without a fallback a backend failure ends in the error state', async () => {
    const broken = new CpuBackend();
    broken.run = () => {
      throw new Error('kernel exploded');
    };
    const s = await TrainingSession.create({
      spec: smallLenet(),
      data: await mnistSubset(64, 0),
      settings: settings({ batchSize: 16 }),
      backend: broken,
    });
    s.start();
    await s.whenStopped();
    expect(s.status).toMatchObject({ state: 'error', message: 'kernel exploded' });
  });
});
