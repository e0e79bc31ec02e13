// One WebGPU backend per test file, on whatever adapter the browser offers (SwiftShader in CI).
import { WebGpuBackend } from '../../src/engine/backend/webgpu/webgpu-backend';

export async function gpuBackend(
  kernels: 'auto' | 'emulated' | 'hardware' = 'auto',
  opts: { fuse?: boolean } = {},
): Promise<WebGpuBackend> {
  if (!('gpu' in navigator) || !navigator.gpu) {
    throw new Error('navigator.gpu is missing: this browser was started without WebGPU');
  }
  const b = await WebGpuBackend.create(navigator.gpu, { kernels, ...opts });
  b.onFailure((f) => console.error(`WebGPU failure (${f.kind}): ${f.message}`));
  return b;
}
