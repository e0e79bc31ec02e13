// The one place the worker picks its backend: createBackend() tries WebGPU (navigator.gpu exists
// in dedicated workers) and falls back to the CPU with a notice.
import type { Backend } from '../engine/backend/backend';
import { CpuBackend } from '../engine/backend/cpu/cpu-backend';
import { createBackend } from '../engine/backend/create';
import type { BackendPreference } from './protocol';

export interface BackendChoice {
  readonly backend: Backend;
  /** Why the backend is not the one preferred, in a sentence for the user; null when it is. */
  readonly notice: string | null;
}

export async function chooseBackend(prefer: BackendPreference): Promise<BackendChoice> {
  return createBackend({ prefer });
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
