// A GPU device lost while the session is paused: the worker moves the session to the CPU from
// its last checkpoint, tells the page (backendChanged with a notice), and training goes on.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { cpuBackend } from '../../src/worker/backend-choice';
import { TrainingClient } from '../../src/worker/client';
import { createInProcessWorker } from '../../src/worker/in-process';
import type { EventOf } from '../../src/worker/protocol';
import { settings } from '../helpers/session';
import { seq } from '../helpers/specs';

describe('device loss', () => {
  it('moves a paused session to the CPU and keeps training', async () => {
    let loseDevice: (info: { message: string }) => void = () => {};
    const gpu = new CpuBackend();
    Object.defineProperty(gpu, 'name', { value: 'webgpu' });
    Object.defineProperty(gpu, 'description', { value: 'Fake GPU' });
    Object.defineProperty(gpu, 'lost', { value: new Promise((r) => (loseDevice = r)) });
    const client = new TrainingClient(
      createInProcessWorker({
        chooseBackend: async () => ({ backend: gpu, notice: null }),
        cpuBackend,
        loadMnist: () => Promise.reject(new Error('unused')),
      }),
    );
    expect(await client.init()).toEqual({ name: 'webgpu', description: 'Fake GPU', notice: null });
    const spec = seq(
      [1, 16, 16],
      [
        ['f', 'flatten'],
        ['fc', 'dense', { units: 3 }],
      ],
    );
    await client.configure({ spec, dataset: { kind: 'shapes', count: 30, size: 16, channels: 1, classes: 3 }, settings: settings({ batchSize: 5 }) }); // prettier-ignore
    await client.step(2);
    const changed = new Promise<EventOf<'backendChanged'>>((resolve) => client.on('backendChanged', resolve)); // prettier-ignore
    loseDevice({ message: 'GPU hung' });
    const e = await changed;
    expect(e.backend.name).toBe('cpu');
    expect(e.backend.notice).toMatch(/GPU stopped working \(GPU hung\).*CPU/);
    await client.step(2);
    const metrics = new Promise<EventOf<'metrics'>>((resolve) => client.on('metrics', resolve));
    await client.step(1);
    expect((await metrics).metrics.step).toBe(5);
    await client.dispose();
  });
});
