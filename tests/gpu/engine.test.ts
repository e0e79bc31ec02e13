// The engine around the kernels: asynchronous reads through the staging ring, the model-vs-
// limits check, and what happens when the device is lost or raises an error.
import { describe, expect, it } from 'vitest';
import { Model } from '../../src/engine/model/model';
import { WebGpuFailedError } from '../../src/engine/backend/webgpu/webgpu-backend';
import { WebGpuLimitError } from '../../src/engine/backend/webgpu/limits';
import { createBackend } from '../../src/engine/backend/create';
import type { NetworkSpec } from '../../src/engine/spec';
import { gpuBackend } from './gpu-setup';

describe('WebGPU engine', () => {
  it('reads in flight see the snapshot at call time, interleaved with runs', async () => {
    const b = await gpuBackend();
    try {
      const t = b.tensor([1000], 't');
      const one = b.tensor([1000], 'one');
      const inc = [b.fill(one, 1), b.add(t, one, t)];
      const reads: Promise<Float32Array>[] = [];
      for (let i = 0; i < 12; i++) {
        b.run(inc); // t = i + 1
        reads.push(b.read(t)); // enqueued now: must see i + 1 whatever runs later
      }
      b.run([b.fill(t, -5)]);
      expect(b.readStats.pending).toBeGreaterThan(1); // several reads really were in flight
      const values = await Promise.all(reads);
      values.forEach((v, i) => {
        expect(v[0]).toBe(i + 1);
        expect(v[999]).toBe(i + 1);
      });
      expect((await b.read(t))[0]).toBe(-5);
      // Staging buffers are reused, not one per read.
      for (let i = 0; i < 20; i++) await b.read(t);
      expect(b.readStats.buffers).toBeLessThanOrEqual(12);
    } finally {
      b.dispose();
    }
  });

  it('a model too big for one storage binding fails before training with a clear message', async () => {
    const b = await gpuBackend();
    try {
      const limit = b.device.limits.maxStorageBufferBindingSize;
      // One activation of batch·16·1024·1024 floats: 64 MiB per example, over any binding limit
      // below 4 GiB for a batch that reaches it.
      const batch = Math.ceil(limit / (16 * 1024 * 1024 * 4)) + 1;
      const spec: NetworkSpec = {
        format: 'convplay.network', version: 1, input: { channels: 1, height: 1024, width: 1024 },
        layers: [
          { id: 'wide', type: 'conv2d', config: { filters: 16, kernel: 3, padding: 1 } },
          { id: 'gap', type: 'globalavgpool', config: {} },
          { id: 'out', type: 'dense', config: { units: 10 } },
        ],
      }; // prettier-ignore
      const model = Model.create(spec, b);
      let err: unknown;
      try {
        model.plan(batch, 'train');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(WebGpuLimitError);
      const msg = (err as Error).message;
      expect(msg).toMatch(/wide\.out/); // names the layer's tensor
      expect(msg).toMatch(/maxStorageBufferBindingSize|maxBufferSize/); // and the limit
      expect(msg).toMatch(/batch size/); // and what to do
    } finally {
      b.dispose();
    }
  });

  // Once in a while Chromium delivers `device.lost` only when the page next talks to the GPU
  // (the app always does: the next training step); the poke stands in for that step, and one
  // retry keeps a rare stuck delivery from holding CI for the whole timeout.
  it(
    'device loss stops the backend cleanly and tells its listeners',
    { timeout: 30_000, retry: 1 },
    async () => {
      const b = await gpuBackend();
      const t = b.tensor([4], 't');
      const k = b.fill(t, 2);
      b.run([k]);
      const failure = new Promise((resolve) => b.onFailure(resolve));
      b.device.destroy(); // as a driver reset would
      const poke = setInterval(
        () => void b.device.queue.onSubmittedWorkDone().catch(() => {}),
        200,
      );
      try {
        expect(await failure).toMatchObject({ kind: 'lost' });
      } finally {
        clearInterval(poke);
      }
      expect(() => b.run([k])).toThrow(WebGpuFailedError);
      await expect(b.sync()).rejects.toThrow(/lost/);
      b.dispose();
    },
  );

  it(
    'an uncaptured WebGPU error stops the backend with the error message',
    { timeout: 20_000 },
    async () => {
      const b = await gpuBackend();
      try {
        const failure = new Promise<{ kind: string; message: string }>((r) => b.onFailure(r));
        // A shader that does not compile raises a validation error nobody captures.
        b.device.createShaderModule({ code: 'this is not WGSL' });
        // Errors are delivered when the device next flushes its work, as after any training step.
        await b.device.queue.onSubmittedWorkDone();
        const f = await failure;
        expect(f.kind).toBe('error');
        expect(f.message.length).toBeGreaterThan(0);
        expect(() => b.run([])).toThrow(WebGpuFailedError);
      } finally {
        b.dispose();
      }
    },
  );

  it('createBackend gives WebGPU here, and the CPU with a notice when there is no GPU', async () => {
    const web = await createBackend({ prefer: 'webgpu', gpu: navigator.gpu });
    expect(web.backend.name).toBe('webgpu');
    web.backend.dispose();
    const none = await createBackend({ prefer: 'webgpu', gpu: null });
    expect(none.backend.name).toBe('cpu');
    expect(none.notice).toMatch(/WebGPU unavailable: using CPU/);
  });
});
