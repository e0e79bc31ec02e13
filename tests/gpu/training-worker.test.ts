// The real training worker in real Chromium: the client starts the module worker exactly as
// the app does, the worker fetches the bundled MNIST from public/data, trains, streams metrics,
// pauses, and answers inspections with transferred buffers.
import { describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../src/engine/train/session-events';
import { DEFAULT_TRAINING_SETTINGS } from '../../src/engine/train/settings';
import { bundledMnistUrl } from '../../src/platform/fetch-data';
import { TrainingClient } from '../../src/worker/client';
import type { EventOf } from '../../src/worker/protocol';
import { seq } from '../helpers/specs';

const spec = seq([1, 28, 28], [
  ['conv1', 'conv2d', { filters: 4, kernel: 5, padding: 2 }],
  ['relu1', 'relu'],
  ['pool1', 'maxpool', { size: 2, stride: 2 }],
  ['flat', 'flatten'],
  ['fc', 'dense', { units: 10 }],
]); // prettier-ignore

describe('training worker in the browser', () => {
  it('trains on the bundled MNIST, streams metrics, pauses and inspects', async () => {
    const head = await fetch(bundledMnistUrl(), { method: 'HEAD' });
    if (!head.ok) {
      console.warn(`SKIPPED: ${bundledMnistUrl()} not served (run \`npm run data\`)`);
      return;
    }
    const client = new TrainingClient();
    try {
      const backend = await client.init({ prefer: 'webgpu' });
      // Dedicated workers expose navigator.gpu: the worker trains on WebGPU (SwiftShader here).
      expect(backend.name).toBe('webgpu');
      expect(backend.description.length).toBeGreaterThan(0);

      let downloaded = 0;
      const summary = await client.configure(
        {
          spec,
          dataset: { kind: 'mnist' },
          settings: { ...DEFAULT_TRAINING_SETTINGS, batchSize: 16, validateEvery: 0 },
        },
        { onProgress: (n) => (downloaded = n) },
      );
      expect(downloaded).toBe(7850032);
      expect(summary).toMatchObject({ trainExamples: 8000, validationExamples: 1000 });

      const metrics: EventOf<'metrics'>[] = [];
      const statuses: SessionStatus[] = [];
      client.on('metrics', (e) => metrics.push(e));
      client.on('status', (e) => statuses.push(e.status));
      const threeSteps = new Promise<void>((resolve) =>
        client.on('metrics', (e) => e.metrics.step >= 3 && resolve()),
      );
      await client.start();
      await threeSteps;
      await client.pause();
      expect(statuses.at(-1)).toMatchObject({ state: 'paused', reason: 'user' });
      const steps = metrics.flatMap((m) => m.metrics.steps);
      expect(steps.slice(0, 3)).toEqual([1, 2, 3]);
      expect(metrics[0].metrics.loss.every(Number.isFinite)).toBe(true);
      expect(metrics.at(-1)!.metrics.examplesPerSecond).toBeGreaterThan(0);

      const filters = (await client.filters())!;
      expect(filters.rgba).toBeInstanceOf(Uint8ClampedArray);
      expect(filters.rgba.length).toBe(4 * 5 * 5 * 4);
      const act = await client.activations(0, ['conv1']);
      expect(act.maps[0].shape).toEqual([4, 28, 28]);
      expect(act.maps[0].values).toBeInstanceOf(Float32Array);
      const preds = await client.predictions({ count: 4 });
      expect(preds.predictions).toHaveLength(4);
      expect(preds.images.length).toBe(4 * 784);
    } finally {
      await client.dispose();
    }
  });
});
