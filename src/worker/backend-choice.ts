// The one place the worker picks its backend. Until the WebGPU backend lands this is always the
// CPU; when src/engine/backend/create.ts arrives, `chooseBackend` becomes a call to its
// createBackend({ prefer }) and nothing else changes.
import type { Backend } from '../engine/backend/backend';
import { CpuBackend } from '../engine/backend/cpu/cpu-backend';
import type { BackendPreference } from './protocol';

export interface BackendChoice {
  readonly backend: Backend;
  /** Why the backend is not the one preferred, in a sentence for the user; null when it is. */
  readonly notice: string | null;
}

export async function chooseBackend(prefer: BackendPreference): Promise<BackendChoice> {
  return {
    backend: new CpuBackend(),
    notice:
      prefer === 'webgpu'
        ? 'This build has no WebGPU backend yet: training runs on the CPU (slower, same results).'
        : null,
  };
}

/** The fallback when a GPU device is lost mid-run. */
export function cpuBackend(): Backend {
  return new CpuBackend();
}

/**
 * The promise a backend exposes for device loss, if it has one (the WebGPU backend's device
 * `lost` promise); the CPU never loses its device.
 */
export function deviceLost(backend: Backend): Promise<unknown> | null {
  const lost = (backend as { lost?: unknown }).lost;
  return lost instanceof Promise ? lost : null;
}
