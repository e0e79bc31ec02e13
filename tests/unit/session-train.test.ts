// A TrainingSession on the bundled MNIST: loss goes down, validation runs on schedule, metrics
// arrive throttled with everything the charts need, the run finishes with a final evaluation,
// and the same seed gives bit-identical weights on the CPU backend however the run is chunked.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { defaultOptimizer } from '../../src/engine/optim/optimizer';
import { TrainingSession } from '../../src/engine/train/session';
import { collect, mnistSubset, settings, smallLenet } from '../helpers/session';

describe('TrainingSession on MNIST', () => {
  it('a run length in steps overrides epochs; a training limit trains on the first N only', async () => {
    const data = await mnistSubset(1280, 100);
    const s = await TrainingSession.create({
      spec: smallLenet(),
      data,
      settings: settings({ batchSize: 32, epochs: 3, steps: 7, trainLimit: 100, validateEvery: 0 }),
      backend: new CpuBackend(),
      metricsIntervalMs: 0,
    });
    expect(s.totalSteps).toBe(7);
    expect(s.summary).toMatchObject({ trainExamples: 100, stepsPerEpoch: 4, totalSteps: 7 });
    expect([...s.trainIndices]).toEqual([...data.splits.train.subarray(0, 100)]);
    const ev = collect();
    s.on(ev.listener);
    s.start();
    await s.whenStopped();
    expect(s.status).toMatchObject({ state: 'finished', step: 7 });
    // A limit below the batch size trains on what there is.
    const tiny = await TrainingSession.create({
      spec: smallLenet(),
      data,
      settings: settings({ batchSize: 32, steps: 2, trainLimit: 10, validateEvery: 0 }),
      backend: new CpuBackend(),
    });
    expect(tiny.summary).toMatchObject({ trainExamples: 10, batchSize: 10, stepsPerEpoch: 1 });
  });

  it('trains a LeNet-style net: loss falls, validation runs, the run finishes', async () => {
    const data = await mnistSubset(1280, 200);
    const s = await TrainingSession.create({
      spec: smallLenet(),
      data,
      settings: settings({
        batchSize: 32,
        epochs: 1,
        validateEvery: 0.5,
        optimizer: { ...defaultOptimizer('adam'), lr: 0.005 },
      }),
      backend: new CpuBackend(),
      metricsIntervalMs: 0,
    });
    expect(s.totalSteps).toBe(40);
    expect(s.summary).toMatchObject({
      trainExamples: 1280,
      validationExamples: 200,
      stepsPerEpoch: 40,
    });
    const ev = collect();
    s.on(ev.listener);
    s.start();
    await s.whenStopped();
    expect(s.status.state).toBe('finished');

    const points = ev.of('metrics').flatMap((e) => e.metrics.loss);
    expect(points).toHaveLength(40);
    const steps = ev.of('metrics').flatMap((e) => e.metrics.steps);
    expect(steps).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const first = mean(points.slice(0, 5));
    const last = mean(points.slice(-5));
    expect(first).toBeGreaterThan(1.5);
    expect(last).toBeLessThan(first * 0.6);

    const last_ = ev.of('metrics').at(-1)!.metrics;
    expect(last_.step).toBe(40);
    expect(last_.totalSteps).toBe(40);
    expect(last_.epoch.at(-1)).toBeCloseTo(1, 5);
    expect(last_.examplesPerSecond).toBeGreaterThan(0);
    expect(last_.msPerStep).toBeGreaterThan(0);
    expect(last_.lr.every((lr) => lr === 0.005)).toBe(true);

    const evals = ev.of('evaluation').map((e) => e.evaluation);
    // At step 20 (half an epoch) and the final one at step 40.
    expect(evals.map((e) => [e.step, e.final])).toEqual([
      [20, false],
      [40, true],
    ]);
    expect(evals[1].count).toBe(200);
    expect(evals[1].accuracy).toBeGreaterThan(0.6);
    const states = ev.of('status').map((e) => e.status.state);
    expect(states[0]).toBe('running');
    expect(states.at(-1)).toBe('finished');
    expect(ev.of('checkpoint').at(-1)!.checkpoint.step).toBe(40);
    // Finished means finished: start() does not run past the end.
    s.start();
    expect(s.status.state).toBe('finished');
  });

  it('throttles metrics to the interval and sends every point exactly once', async () => {
    let clock = 0;
    const s = await TrainingSession.create({
      spec: smallLenet(),
      data: await mnistSubset(320, 0),
      settings: settings({ batchSize: 16, epochs: 1 }),
      backend: new CpuBackend(),
      // Each call of the clock advances 7 ms: chunks look slow, messages must still be ≥100 ms apart.
      now: () => (clock += 7),
      metricsIntervalMs: 100,
      chunkMs: 1,
    });
    const ev = collect();
    s.on(ev.listener);
    s.start();
    await s.whenStopped();
    const updates = ev.of('metrics');
    const steps = updates.flatMap((u) => u.metrics.steps);
    expect(steps).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(updates.length).toBeLessThan(20);
    expect(updates.at(-1)!.metrics.etaSeconds).toBe(0);
    // No validation split: no evaluation at all.
    expect(ev.of('evaluation')).toHaveLength(0);
  });

  it('is deterministic under the seed on the CPU backend', async () => {
    const data = await mnistSubset(256, 0);
    const weights: Float32Array[] = [];
    for (const chunkMs of [1, 1000]) {
      const s = await TrainingSession.create({
        spec: smallLenet(),
        data,
        settings: settings({
          batchSize: 16,
          seed: 42,
          optimizer: defaultOptimizer('momentum'),
          augment: { ...settings().augment, translate: 2, flipHorizontal: true },
        }),
        backend: new CpuBackend(),
        chunkMs,
      });
      await s.step(12);
      const t = await s.model.readTensors();
      weights.push(Float32Array.from([...t.values()].flatMap((x) => [...x.data])));
    }
    expect(weights[0]).toEqual(weights[1]);
  });

  it('refuses a network whose input does not match the data', async () => {
    const spec = { ...smallLenet(), input: { channels: 3, height: 28, width: 28 } };
    await expect(
      TrainingSession.create({
        spec,
        data: await mnistSubset(64, 0),
        settings: settings(),
        backend: new CpuBackend(),
      }),
    ).rejects.toThrow(/expects 3×28×28 inputs .* set the network input to 1×28×28/);
  });
});
