// Which backend the CLI trains on. The CPU backend is always there; WebGPU runs in Node through
// Dawn (npm `webgpu`) when the machine can start it.
import type { Backend } from '../engine/backend/backend';
import { CpuBackend } from '../engine/backend/cpu/cpu-backend';
import { CliError } from './args';

export type BackendChoice = 'cpu' | 'webgpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['cpu', 'webgpu'];

export async function openBackend(choice: BackendChoice): Promise<Backend> {
  if (choice === 'cpu') return new CpuBackend();
  try {
    // Loaded on demand: the CPU path never touches Dawn or the shaders.
    const { createNodeWebGpuBackend } = await import('../platform/node-webgpu');
    return await createNodeWebGpuBackend();
  } catch (e) {
    throw new CliError(`${e instanceof Error ? e.message : String(e)} (or use --backend cpu)`);
  }
}
