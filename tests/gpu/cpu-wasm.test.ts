// The CPU backend's WebAssembly SIMD path in real Chromium: on the page and in a dedicated Web
// Worker (where the app trains), against the plain JavaScript path.
import { expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';

it('compiles and runs the wasm SIMD kernels on the page', () => {
  const g = { n: 2, c: 3, h: 9, w: 7, k: 5, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, dh: 1, dw: 1, oh: 9, ow: 7 }; // prettier-ignore
  const out = [true, false].map((wasm) => {
    const b = new CpuBackend({ wasm });
    const x = b.tensor([g.n, g.c, g.h, g.w], 'x');
    const w = b.tensor([g.k, g.c, g.kh, g.kw], 'w');
    const y = b.tensor([g.n, g.k, g.oh, g.ow], 'y');
    b.write(
      x,
      Array.from({ length: x.size }, (_, i) => Math.sin(i)),
    );
    b.write(
      w,
      Array.from({ length: w.size }, (_, i) => Math.cos(i)),
    );
    b.run([b.conv2d({ x, w, b: null, y, g, act: 'relu', alpha: 0 })]);
    return { usesWasm: b.usesWasm, y: Array.from(b.readSync(y)) };
  });
  expect(out[0].usesWasm).toBe(true);
  expect(out[1].usesWasm).toBe(false);
  out[0].y.forEach((v, i) => expect(v).toBeCloseTo(out[1].y[i], 4));
});

it('trains Net A in a Web Worker on the wasm path, matching the JavaScript path', async () => {
  const worker = new Worker(new URL('./cpu-wasm-worker.ts', import.meta.url), { type: 'module' });
  const result = await new Promise<{
    fast: { usesWasm: boolean; loss: number; msPerStep: number };
    js: { usesWasm: boolean; loss: number; msPerStep: number };
  }>((resolve, reject) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage('go');
  });
  worker.terminate();
  console.log(
    `Net A in a Chromium worker: wasm ${result.fast.msPerStep.toFixed(1)} ms/step, ` +
      `js ${result.js.msPerStep.toFixed(1)} ms/step`,
  );
  expect(result.fast.usesWasm).toBe(true);
  expect(result.js.usesWasm).toBe(false);
  expect(Number.isFinite(result.fast.loss)).toBe(true);
  expect(result.fast.loss).toBeCloseTo(result.js.loss, 3);
});
