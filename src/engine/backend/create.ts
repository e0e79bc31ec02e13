// Choosing the backend for a run, once. Usable from a page, a Web Worker (WebGPU is exposed in
// dedicated workers as `navigator.gpu`) and Node (pass Dawn's GPU object, see
// src/platform/node-webgpu.ts). The GPU object is a parameter so that the engine itself never
// reaches for browser globals; when it is omitted, `navigator.gpu` is used if it exists.
//
// When WebGPU is missing or fails to start, the CPU backend is returned with a notice the UI
// shows to the user. Falling back *during* a run (device lost, uncaptured error) is the caller's
// part: WebGpuBackend.onFailure() reports it, run() then throws WebGpuFailedError, and the caller
// rebuilds the model on a CpuBackend with weights it copied to the host beforehand — keep a
// recent copy with Model.readTensors() (every few hundred steps, say), because after a device
// loss the GPU buffers can no longer be read.
import type { Backend } from './backend';
import { CpuBackend } from './cpu/cpu-backend';
import { WebGpuUnavailableError } from './webgpu/device';
import { WebGpuBackend, type WebGpuBackendOptions } from './webgpu/webgpu-backend';

export interface CreateBackendOptions {
  readonly prefer: 'webgpu' | 'cpu';
  /** navigator.gpu in a page or worker, Dawn's GPU in Node; default: navigator.gpu if present. */
  readonly gpu?: GPU | null;
  /** Kernel variants for WebGPU (see WebGpuBackendOptions.kernels). */
  readonly kernels?: WebGpuBackendOptions['kernels'];
  readonly featureLevel?: 'core' | 'compatibility';
}

export interface CreatedBackend {
  readonly backend: Backend;
  /** Something the user should be told (a fallback, a slow emulated adapter), or null. */
  readonly notice: string | null;
}

function defaultGpu(): GPU | null {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu ?? null;
}

export async function createBackend(opts: CreateBackendOptions): Promise<CreatedBackend> {
  if (opts.prefer === 'cpu') return { backend: new CpuBackend(), notice: null };
  const gpu = opts.gpu === undefined ? defaultGpu() : opts.gpu;
  if (!gpu) {
    return {
      backend: new CpuBackend(),
      notice: 'WebGPU unavailable: using CPU (this browser does not expose navigator.gpu).',
    };
  }
  try {
    const backend = await WebGpuBackend.create(gpu, {
      kernels: opts.kernels,
      featureLevel: opts.featureLevel,
    });
    const notice = backend.emulated
      ? `WebGPU runs on a CPU-emulated adapter (${backend.description.replace(/^WebGPU: /, '')}); ` +
        'training works but is slower than on a real GPU.'
      : null;
    return { backend, notice };
  } catch (e) {
    const reason =
      e instanceof WebGpuUnavailableError ? e.message : `WebGPU failed to start: ${String(e)}`;
    return { backend: new CpuBackend(), notice: `WebGPU unavailable: using CPU (${reason}).` };
  }
}
