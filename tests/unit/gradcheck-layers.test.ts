// Numerical gradient checks: every layer's analytic backward (inputs and parameters) against
// central differences of its forward pass, all in float64 on the CPU backend.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { Rng } from '../../src/engine/rng';
import { LAYER_CASES } from '../helpers/layer-cases';
import { buildLayer, caseData } from '../helpers/layer-harness';

const EPS = 1e-6;
const TOL = 1e-6;
const SAMPLES = 24;

function relErr(a: number, n: number): number {
  return Math.abs(a - n) / Math.max(1e-7, Math.abs(a) + Math.abs(n));
}

describe('layer gradients match central differences (float64)', () => {
  for (const c of LAYER_CASES) {
    it(c.name, () => {
      const b = new CpuBackend({ precision: 'f64' });
      const data = caseData(c, 42);
      const L = buildLayer(b, c, data);
      const loss = () => {
        b.run(L.forward);
        const y = b.readSync(L.y);
        let s = 0;
        for (let i = 0; i < y.length; i++) s += y[i] * data.r[i];
        return s;
      };
      loss();
      b.run(L.backward);
      const rng = new Rng(7);
      const targets = [
        ...L.x.map((t, i) => ({ what: `input ${i}`, value: t, grad: L.dx[i] })),
        ...Object.keys(L.g).map((k) => ({ what: k, value: L.p[k], grad: L.g[k] })),
      ];
      let checked = 0;
      for (const { what, value, grad } of targets) {
        const v = b.readSync(value);
        const analytic = Float64Array.from(b.readSync(grad));
        for (let s = 0; s < Math.min(SAMPLES, v.length); s++) {
          const i = v.length <= SAMPLES ? s : rng.int(v.length);
          const orig = v[i];
          v[i] = orig + EPS;
          const lp = loss();
          v[i] = orig - EPS;
          const lm = loss();
          v[i] = orig;
          const numeric = (lp - lm) / (2 * EPS);
          const err = relErr(analytic[i], numeric);
          if (err > TOL && Math.abs(analytic[i] - numeric) > 1e-8) {
            expect.fail(
              `${c.name} d/d${what}[${i}]: analytic ${analytic[i]} numeric ${numeric} (rel ${err})`,
            );
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
