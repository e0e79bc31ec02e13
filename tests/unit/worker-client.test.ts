// The page-side client against the real host through the in-process worker (structured clones
// and transfer lists included): init, configure on the bundled MNIST, streamed metrics, pause,
// inspections with transferred buffers, the lr range test, weights out and back in, errors.
import { describe, expect, it } from 'vitest';
import { readSafetensors } from '../../src/engine/io/safetensors';
import { defaultOptimizer } from '../../src/engine/optim/optimizer';
import type { SessionStatus } from '../../src/engine/train/session-events';
import { chooseBackend, cpuBackend } from '../../src/worker/backend-choice';
import { TrainingClient, WorkerCommandError } from '../../src/worker/client';
import { createInProcessWorker } from '../../src/worker/in-process';
import { PROTOCOL_VERSION, type EventOf } from '../../src/worker/protocol';
import { loadMnistBundle } from '../../src/platform/node-data';
import { settings, smallLenet } from '../helpers/session';
import { seq } from '../helpers/specs';

function setup() {
  const worker = createInProcessWorker({
    chooseBackend,
    cpuBackend,
    loadMnist: async (_url, onProgress) => {
      const b = await loadMnistBundle();
      onProgress(7850032, 7850032);
      return b;
    },
    sessionOptions: { metricsIntervalMs: 0 },
  });
  return { worker, client: new TrainingClient(worker) };
}

describe('TrainingClient ↔ worker host', () => {
  it('trains on MNIST, streams metrics, pauses and answers inspections', async () => {
    const { client } = setup();
    const backend = await client.init({ prefer: 'webgpu' });
    expect(backend.name).toBe('cpu');
    expect(backend.notice).toMatch(/WebGPU unavailable: using CPU/);

    const progress: number[] = [];
    const summary = await client.configure(
      {
        spec: smallLenet(),
        dataset: { kind: 'mnist' },
        settings: settings({ batchSize: 32, epochs: 0.04, validationLimit: 100, validateEvery: 0.02, optimizer: { ...defaultOptimizer('adam'), lr: 0.005 } }), // prettier-ignore
      },
      { onProgress: (n) => progress.push(n) },
    );
    expect(progress).toEqual([7850032]);
    expect(summary).toMatchObject({ trainExamples: 8000, validationExamples: 1000, stepsPerEpoch: 250, totalSteps: 10, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] }); // prettier-ignore

    const metrics: EventOf<'metrics'>[] = [];
    const statuses: SessionStatus[] = [];
    const evaluations: EventOf<'evaluation'>[] = [];
    client.on('metrics', (e) => metrics.push(e));
    client.on('status', (e) => statuses.push(e.status));
    client.on('evaluation', (e) => evaluations.push(e));
    await client.step(4);
    expect(statuses.map((s) => s.state)).toEqual(['running', 'paused']);
    expect(metrics.flatMap((m) => m.metrics.steps)).toEqual([1, 2, 3, 4]);
    expect(evaluations).toHaveLength(0);
    await client.start();
    await new Promise<void>((resolve) => client.on('status', (e) => e.status.state === 'finished' && resolve())); // prettier-ignore
    expect(metrics.flatMap((m) => m.metrics.steps)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Every 0.02 epochs = 5 steps: at step 5, then the final (whole split) at step 10.
    expect(evaluations.map((e) => [e.evaluation.step, e.evaluation.count])).toEqual([[5, 100], [10, 1000]]); // prettier-ignore

    const filters = (await client.filters())!;
    expect(filters.rgba).toBeInstanceOf(Uint8ClampedArray);
    expect(filters.rgba.length).toBe(4 * 5 * 5 * 4);
    const act = await client.activations(0, ['conv1', 'fc']);
    expect(act.maps[0].values).toBeInstanceOf(Float32Array);
    expect(act.maps[0].values.length).toBe(4 * 28 * 28);
    expect(act.image).toBeInstanceOf(Uint8Array);
    const cm = await client.confusion();
    expect(cm.total).toBe(1000);
    expect(cm.cellExamples).toBeInstanceOf(Uint32Array);
    const preds = await client.predictions({ count: 3 });
    expect(preds.predictions).toHaveLength(3);
    const health = await client.health(16);
    expect(health.layers.map((l) => l.layerId)).toContain('relu1');
    const grad = await client.gradientCheck({ layerId: 'fc', samples: 3 });
    expect(grad.maxRelError).toBeLessThan(1e-2);
    const ev = await client.evaluate();
    expect(ev.count).toBe(1000);

    const range = await client.lrRangeTest({ lo: 1e-5, hi: 1, steps: 12 });
    expect(range.lrs).toHaveLength(range.losses.length);

    const bytes = await client.exportWeights();
    const file = readSafetensors(bytes);
    expect([...file.tensors.keys()]).toContain('conv1.weight');
    expect(JSON.parse(file.metadata['convplay.preprocess'])).toEqual(summary.preprocess);
    await client.importWeights(bytes);
    expect(bytes.byteLength).toBe(0); // transferred to the worker
    await client.dispose();
    await expect(client.start()).rejects.toThrow(/disposed/);
  });

  it('rejects failed commands and reports messages it cannot tie to one', async () => {
    const { client, worker } = setup();
    await expect(client.start()).rejects.toThrow(WorkerCommandError);
    await expect(client.start()).rejects.toThrow(/configure first/);
    await client.init({ prefer: 'cpu' });
    await expect(
      client.configure({ spec: smallLenet(), dataset: { kind: 'shapes', count: 20, size: 16 }, settings: settings() }), // prettier-ignore
    ).rejects.toThrow(/expects 1×28×28 inputs .* 3×16×16/);
    await expect(client.setLearningRate(-1)).rejects.toThrow(/"lr" must be > 0/);

    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.message));
    worker.postMessage({ v: PROTOCOL_VERSION, type: 'start' });
    worker.postMessage({ v: 0, id: 1, type: 'start' });
    await new Promise((r) => setTimeout(r, 20));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/"id" must be a whole number/);
    expect(errors[1]).toMatch(/protocol version 0/);
    await client.dispose();
  });

  it('trains on generated shapes and a transferred custom dataset', async () => {
    const { client } = setup();
    const spec = seq([3, 16, 16], [
      ['c', 'conv2d', { filters: 4, kernel: 3 }],
      ['f', 'flatten'],
      ['fc', 'dense', { units: 4 }],
    ]); // prettier-ignore
    const summary = await client.configure({ spec, dataset: { kind: 'shapes', count: 80, size: 16, classes: 4 }, settings: settings({ batchSize: 8, validationFraction: 0.25 }) }); // prettier-ignore
    expect(summary).toMatchObject({ trainExamples: 60, validationExamples: 20, datasetName: 'Shapes (4 classes)' }); // prettier-ignore
    await client.step(2);

    const images = new Uint8Array(12 * 3 * 16 * 16).map((_, i) => (i * 7) % 256);
    const labels = Uint16Array.from({ length: 12 }, (_, i) => i % 4);
    const dataset = { name: 'mine', channels: 3, height: 16, width: 16, classNames: ['a', 'b', 'c', 'd'], count: 12, images, labels }; // prettier-ignore
    const s2 = await client.configure({ spec, dataset: { kind: 'custom', dataset }, settings: settings({ batchSize: 4, validationFraction: 0.25 }) }); // prettier-ignore
    expect(s2).toMatchObject({ datasetName: 'mine', trainExamples: 8, validationExamples: 4 });
    expect(images.byteLength).toBe(0); // transferred, not copied
    await client.step(3);
    expect((await client.predictions({ count: 2 })).predictions).toHaveLength(2);
    await client.dispose();
  });
});
