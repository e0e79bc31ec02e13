// The cross-backend op suite: every layer case (odd sizes, strides, padding, dilation, batch 1,
// channel counts not divisible by 4) built on the CPU backend (float32) and on WebGPU with
// identical data; forward outputs and every gradient must agree within the tolerance stated
// for the layer type below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import type { Backend, Tensor } from '../../src/engine/backend/backend';
import type { WebGpuBackend } from '../../src/engine/backend/webgpu/webgpu-backend';
import { worstMismatch, type Tolerance } from '../helpers/compare';
import { LAYER_CASES } from '../helpers/layer-cases';
import { buildLayer, caseData, type LayerCase } from '../helpers/layer-harness';
import { gpuBackend } from './gpu-setup';

/**
 * Per layer type. Sums of products (conv, dense, pooling sums, batch-norm statistics) differ
 * from the CPU only in float32 rounding order: ~1e-6 relative per term, so 1e-4 relative with a
 * small absolute floor for values that cancel to ~0. Elementwise ops with transcendental
 * functions (tanh, sigmoid, exp) differ by the GPU's function precision: 2e-6 relative.
 * Copies, ReLU, max pooling and dropout masks are exact.
 */
const TOLERANCE: Record<string, Tolerance> = {
  conv2d: { atol: 2e-5, rtol: 1e-4 },
  dense: { atol: 2e-5, rtol: 1e-4 },
  batchnorm: { atol: 5e-5, rtol: 2e-4 },
  avgpool: { atol: 1e-6, rtol: 1e-5 },
  globalavgpool: { atol: 1e-6, rtol: 1e-5 },
  maxpool: { atol: 0, rtol: 0 },
  relu: { atol: 0, rtol: 0 },
  leakyrelu: { atol: 1e-7, rtol: 1e-6 },
  elu: { atol: 1e-6, rtol: 1e-5 },
  tanh: { atol: 1e-6, rtol: 1e-5 },
  sigmoid: { atol: 1e-6, rtol: 1e-5 },
  dropout: { atol: 1e-7, rtol: 1e-6 },
  flatten: { atol: 0, rtol: 0 },
  add: { atol: 0, rtol: 0 },
  concat: { atol: 0, rtol: 0 },
};

async function results(b: Backend, c: LayerCase, data: ReturnType<typeof caseData>) {
  const L = buildLayer(b, c, data);
  b.run(L.forward);
  b.run(L.backward);
  const named: [string, Tensor][] = [
    ['y', L.y],
    ...L.dx.map((t, i): [string, Tensor] => [`dx${i}`, t]),
    ...Object.entries(L.g).map(([k, t]): [string, Tensor] => [`d${k}`, t]),
    // Batch-norm running statistics are updated in the forward pass.
    ...Object.entries(L.p)
      .filter(([k]) => k.startsWith('running'))
      .map(([k, t]): [string, Tensor] => [k, t]),
  ];
  const out = new Map<string, Float32Array>();
  for (const [name, t] of named) out.set(name, await b.read(t));
  return out;
}

/**
 * Extra shapes for the WebGPU kernel variants the shared cases do not reach: ≥ 16 output channels
 * (lanes share input rows), rows longer than a thread's pixel block, stride-1 input gradients
 * with many channels, batch 1 with an odd row length.
 */
const GPU_CASES: (LayerCase & { name: string })[] = [
  { name: 'conv 20 filters 3×3 pad 1 (shared rows)', type: 'conv2d', cfg: { filters: 20, kernel: 3, padding: 1 }, inShapes: [[18, 9, 19]], batch: 2 },
  { name: 'conv 16 filters 5×5 pad 2 dilation 2', type: 'conv2d', cfg: { filters: 16, kernel: 5, padding: 2, dilation: 2 }, inShapes: [[3, 11, 13]], batch: 1 },
  { name: 'conv 33 filters 2×2 stride 2', type: 'conv2d', cfg: { filters: 33, kernel: 2, stride: 2 }, inShapes: [[17, 10, 10]], batch: 2 },
  { name: 'dense 37→19 batch 5', type: 'dense', cfg: { units: 19 }, inShapes: [[37]], batch: 5 },
  { name: 'dense 64→32 (vector loads)', type: 'dense', cfg: { units: 32 }, inShapes: [[64]], batch: 8 },
  { name: 'dense 300→20 batch 17 (8×8 tiles)', type: 'dense', cfg: { units: 20 }, inShapes: [[300]], batch: 17 },
  { name: 'dense 258→16 batch 16 (8×8 tiles, odd width)', type: 'dense', cfg: { units: 16 }, inShapes: [[258]], batch: 16 },
]; // prettier-ignore

describe('layer ops: WebGPU matches the CPU backend', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await gpuBackend();
  });
  afterAll(() => gpu?.dispose());

  for (const c of [...LAYER_CASES, ...GPU_CASES]) {
    it(c.name, async () => {
      const data = caseData(c, 42);
      const expected = await results(new CpuBackend(), c, data);
      const actual = await results(gpu, c, data);
      await gpu.sync();
      const tol = TOLERANCE[c.type];
      expect(tol, `no tolerance for ${c.type}`).toBeDefined();
      for (const [name, ref] of expected) {
        const bad = worstMismatch(actual.get(name)!, ref, tol);
        expect(bad, `${c.name}: ${name}`).toBeNull();
      }
    });
  }
});

// The variants picked on real GPUs (workgroup-memory matmul tiles, no subgroup sharing, small
// conv tiles) run here on the emulated adapter too, so users with a GPU get tested kernels.
describe('layer ops with the kernel variants for real GPUs', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await gpuBackend('hardware');
  });
  afterAll(() => gpu?.dispose());

  const kinds = new Set(['conv2d', 'dense', 'maxpool', 'avgpool', 'globalavgpool']);
  for (const c of [...LAYER_CASES, ...GPU_CASES].filter((x) => kinds.has(x.type))) {
    it(c.name, async () => {
      const data = caseData(c, 43);
      const expected = await results(new CpuBackend(), c, data);
      const actual = await results(gpu, c, data);
      await gpu.sync();
      for (const [name, ref] of expected) {
        expect(
          worstMismatch(actual.get(name)!, ref, TOLERANCE[c.type]),
          `${c.name}: ${name}`,
        ).toBeNull();
      }
    });
  }
});
