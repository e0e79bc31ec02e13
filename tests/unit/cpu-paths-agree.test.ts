// Every layer case, forward and backward, on the float32 CPU paths (WebAssembly SIMD with
// tensors in the wasm heap, and plain JavaScript) against the float64 path the gradient checks
// validate. Catches a kernel that only the fast path routes differently, and any kernel that
// keeps a stale view of the wasm heap.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { LAYER_CASES } from '../helpers/layer-cases';
import { buildLayer, caseData } from '../helpers/layer-harness';

function run(b: CpuBackend, c: (typeof LAYER_CASES)[number]) {
  const data = caseData(c, 42);
  const L = buildLayer(b, c, data);
  b.run(L.forward);
  b.run(L.backward);
  const copy = (t: Parameters<CpuBackend['readSync']>[0]) => Float64Array.from(b.readSync(t));
  return {
    y: copy(L.y),
    dx: L.dx.map(copy),
    g: Object.fromEntries(Object.entries(L.g).map(([k, t]) => [k, copy(t)])),
  };
}

function close(got: Float64Array, want: Float64Array, what: string) {
  let scale = 1e-30;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]) / scale;
    if (!(err <= 1e-5)) expect.fail(`${what}[${i}]: ${got[i]} vs ${want[i]} (rel ${err})`);
  }
}

for (const [name, make] of [
  ['wasm simd', () => new CpuBackend()],
  ['javascript f32', () => new CpuBackend({ wasm: false })],
] as const) {
  describe(`${name} float32 agrees with float64 on every layer`, () => {
    for (const c of LAYER_CASES) {
      it(c.name, () => {
        const want = run(new CpuBackend({ precision: 'f64' }), c);
        const got = run(make(), c);
        close(got.y, want.y, 'y');
        got.dx.forEach((d, i) => close(d, want.dx[i], `dx${i}`));
        for (const k of Object.keys(want.g)) close(got.g[k], want.g[k], `d${k}`);
      });
    }
  });
}
