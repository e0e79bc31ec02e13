// WebGPU in Node: Dawn on Mesa's OpenGL ES (compatibility mode), as the CLI uses it. CI installs
// Mesa's EGL/GLES libraries, so this must run there: if Dawn cannot start, the test fails with
// the reason instead of being skipped. A few layers forward and backward against the CPU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Tensor } from '../../src/engine/backend/backend';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import type { WebGpuBackend } from '../../src/engine/backend/webgpu/webgpu-backend';
import { createNodeWebGpuBackend } from '../../src/platform/node-webgpu';
import { worstMismatch } from '../helpers/compare';
import { LAYER_CASES } from '../helpers/layer-cases';
import { buildLayer, caseData, type LayerCase } from '../helpers/layer-harness';

const CASES = [
  'conv 3×3 pad 1',
  'conv 3×3 stride 2 no bias',
  'maxpool 2/2',
  'dense',
  'batchnorm spatial',
  'dropout 0.3',
];

async function run(b: Backend, c: LayerCase) {
  const data = caseData(c, 5);
  const L = buildLayer(b, c, data);
  b.run(L.forward);
  b.run(L.backward);
  const ts: Tensor[] = [L.y, ...L.dx, ...Object.values(L.g)];
  return Promise.all(ts.map((t) => b.read(t)));
}

describe('WebGPU in Node (Dawn, OpenGL ES compatibility mode)', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await createNodeWebGpuBackend();
  }, 60_000);
  afterAll(() => gpu?.dispose());

  it('starts a device and reports the adapter', () => {
    expect(gpu.name).toBe('webgpu');
    expect(gpu.description).toMatch(/^WebGPU: /);
  });

  for (const name of CASES) {
    it(`${name}: forward and backward match the CPU (1e-4 relative)`, async () => {
      const c = LAYER_CASES.find((x) => x.name === name)!;
      const [want, got] = [await run(new CpuBackend(), c), await run(gpu, c)];
      await gpu.sync();
      want.forEach((w, i) =>
        expect(worstMismatch(got[i], w, { atol: 5e-5, rtol: 1e-4 }), `${name} #${i}`).toBeNull(),
      );
    });
  }
});
