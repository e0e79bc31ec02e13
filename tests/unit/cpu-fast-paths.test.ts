// The CPU backend's fast paths against plain reference loops (tests/reference): convolution
// forward and both gradients, and matmul in every transpose combination, on shapes chosen to hit
// every edge of the blocking (sizes not divisible by the 4×8 tile or the 8-wide panels, stride
// 2, dilation, asymmetric padding, 1×1, batch 1). Each case runs on the WebAssembly SIMD path,
// the plain JavaScript float32 path and the float64 path.
import { describe, expect, it } from 'vitest';
import type { Activation, Conv2dGeometry, Tensor } from '../../src/engine/backend/backend';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { kernelModule } from '../../src/engine/backend/cpu/wasm/runtime';
import { Rng } from '../../src/engine/rng';
import {
  convBackwardDataRef,
  convBackwardFilterRef,
  convForwardRef,
  matmulRef,
  maxPoolRef,
} from '../reference/conv-reference';

const BACKENDS: { name: string; make: () => CpuBackend; tol: number }[] = [
  { name: 'wasm simd f32', make: () => new CpuBackend({ precision: 'f32' }), tol: 2e-5 },
  { name: 'javascript f32', make: () => new CpuBackend({ wasm: false }), tol: 2e-5 },
  { name: 'javascript f64', make: () => new CpuBackend({ precision: 'f64' }), tol: 1e-12 },
];

interface ConvCase {
  name: string;
  n: number;
  c: number;
  h: number;
  w: number;
  k: number;
  kh: number;
  kw: number;
  s?: number;
  p?: number;
  d?: number;
  /** Output size override (asymmetric bottom/right padding). */
  oh?: number;
  ow?: number;
}

const CONV_CASES: ConvCase[] = [
  { name: '3×3 pad 1, odd everything', n: 2, c: 3, h: 7, w: 6, k: 5, kh: 3, kw: 3, p: 1 },
  { name: '5×5 pad 2 (Net A conv2 shape, small)', n: 2, c: 8, h: 14, w: 14, k: 16, kh: 5, kw: 5, p: 2 },
  { name: 'stride 2 no pad', n: 2, c: 2, h: 9, w: 7, k: 4, kh: 3, kw: 3, s: 2 },
  { name: 'dilation 2 pad 2', n: 1, c: 2, h: 8, w: 8, k: 3, kh: 3, kw: 3, p: 2, d: 2 },
  { name: '4×4 same (asymmetric pad)', n: 2, c: 3, h: 6, w: 5, k: 3, kh: 4, kw: 4, p: 1, oh: 6, ow: 5 },
  { name: '1×1 pointwise', n: 3, c: 5, h: 4, w: 3, k: 6, kh: 1, kw: 1 },
  { name: '1×1 stride 2', n: 2, c: 5, h: 5, w: 5, k: 9, kh: 1, kw: 1, s: 2 },
  { name: '5×5 stride 3 pad 2', n: 2, c: 1, h: 10, w: 10, k: 2, kh: 5, kw: 5, s: 3, p: 2 },
  { name: 'batch 1, 1 channel, 1 filter', n: 1, c: 1, h: 5, w: 5, k: 1, kh: 3, kw: 3 },
  { name: 'non-square kernel', n: 2, c: 3, h: 9, w: 11, k: 7, kh: 2, kw: 5, p: 1 },
  { name: 'wide: 33 channels, 17 filters', n: 2, c: 33, h: 6, w: 9, k: 17, kh: 3, kw: 3, p: 1 },
  { name: 'output 1×1', n: 3, c: 4, h: 3, w: 3, k: 10, kh: 3, kw: 3 },
]; // prettier-ignore

function geometry(c: ConvCase): Conv2dGeometry {
  const s = c.s ?? 1;
  const p = c.p ?? 0;
  const d = c.d ?? 1;
  const out = (size: number, f: number) => Math.floor((size + 2 * p - d * (f - 1) - 1) / s) + 1;
  return {
    n: c.n, c: c.c, h: c.h, w: c.w, k: c.k, kh: c.kh, kw: c.kw,
    sh: s, sw: s, ph: p, pw: p, dh: d, dw: d,
    oh: c.oh ?? out(c.h, c.kh), ow: c.ow ?? out(c.w, c.kw),
  }; // prettier-ignore
}

function random(rng: Rng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng.normal());
}

/** Every element within tol, relative to the largest reference magnitude (sums cancel). */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string) {
  expect(got.length, `${what} length`).toBe(want.length);
  let scale = 1e-30;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]) / scale;
    if (!(err <= tol)) expect.fail(`${what}[${i}]: got ${got[i]}, want ${want[i]} (rel ${err})`);
  }
}

function load(b: CpuBackend, shape: number[], data: ArrayLike<number>, label: string): Tensor {
  const t = b.tensor(shape, label);
  b.write(t, data);
  return t;
}

it('the WebAssembly SIMD module compiles here (Node 20+), so the wasm cases are real', () => {
  expect(kernelModule()).not.toBeNull();
  expect(new CpuBackend().usesWasm).toBe(true);
  expect(new CpuBackend({ wasm: false }).usesWasm).toBe(false);
  expect(new CpuBackend({ precision: 'f64' }).usesWasm).toBe(false);
});

for (const be of BACKENDS) {
  describe(`convolution on ${be.name} matches the reference`, () => {
    for (const cc of CONV_CASES) {
      it(cc.name, () => {
        const g = geometry(cc);
        const rng = new Rng(11);
        const xd = random(rng, g.n * g.c * g.h * g.w);
        const wd = random(rng, g.k * g.c * g.kh * g.kw);
        const bd = random(rng, g.k);
        const dyd = random(rng, g.n * g.k * g.oh * g.ow);
        const b = be.make();
        const x = load(b, [g.n, g.c, g.h, g.w], xd, 'x');
        const w = load(b, [g.k, g.c, g.kh, g.kw], wd, 'w');
        const bias = load(b, [g.k], bd, 'b');
        const dy = load(b, [g.n, g.k, g.oh, g.ow], dyd, 'dy');
        const y = b.tensor([g.n, g.k, g.oh, g.ow], 'y');
        const yr = b.tensor([g.n, g.k, g.oh, g.ow], 'y.relu');
        const dx = b.tensor([g.n, g.c, g.h, g.w], 'dx');
        const dw = b.tensor([g.k, g.c, g.kh, g.kw], 'dw');
        const db = b.tensor([g.k], 'db');
        // Stale values in the outputs must be overwritten, not accumulated into.
        b.write(dx, new Float64Array(dx.size).fill(3));
        b.write(dw, new Float64Array(dw.size).fill(3));
        b.write(db, new Float64Array(db.size).fill(3));
        const act = (a: Activation, out: Tensor) =>
          b.conv2d({ x, w, b: bias, y: out, g, act: a, alpha: 0 });
        b.run([
          act('none', y),
          act('relu', yr),
          b.conv2dBackwardData({ dy, w, dx, g }),
          b.conv2dBackwardFilter({ dy, x, dw, db, g }),
        ]);
        const yRef = convForwardRef(xd, wd, bd, g);
        expectClose(b.readSync(y), yRef, be.tol, 'y');
        expectClose(
          b.readSync(yr),
          yRef.map((v) => Math.max(0, v)),
          be.tol,
          'relu(y)',
        );
        expectClose(b.readSync(dx), convBackwardDataRef(dyd, wd, g), be.tol, 'dx');
        const ref = convBackwardFilterRef(dyd, xd, g);
        expectClose(b.readSync(dw), ref.dw, be.tol, 'dw');
        expectClose(b.readSync(db), ref.db, be.tol, 'db');
      });
    }
  });

  describe(`matmul on ${be.name} matches the reference`, () => {
    const sizes = [
      [1, 1, 1],
      [3, 7, 13],
      [9, 17, 5],
      [32, 64, 70],
      [5, 10, 1],
    ];
    for (const [m, n, kk] of sizes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          it(`${m}×${kk} · ${kk}×${n}${transA ? ' Aᵀ' : ''}${transB ? ' Bᵀ' : ''}`, () => {
            const rng = new Rng(m * 1000 + n * 10 + kk);
            const ad = random(rng, m * kk);
            const bd = random(rng, kk * n);
            const biasd = random(rng, n);
            const b = be.make();
            const a = load(b, transA ? [kk, m] : [m, kk], ad, 'a');
            const bm = load(b, transB ? [n, kk] : [kk, n], bd, 'b');
            const bias = load(b, [n], biasd, 'bias');
            const c = b.tensor([m, n], 'c');
            const cr = b.tensor([m, n], 'c.relu');
            const c0 = b.tensor([m, n], 'c.nobias');
            const common = { a, b: bm, m, n, k: kk, transA, transB, alpha: 0 };
            b.run([
              b.matmul({ ...common, c, bias, act: 'none' }),
              b.matmul({ ...common, c: cr, bias, act: 'relu' }),
              b.matmul({ ...common, c: c0, bias: null, act: 'none' }),
            ]);
            const ref = matmulRef(ad, bd, biasd, m, n, kk, transA, transB);
            expectClose(b.readSync(c), ref, be.tol, 'c');
            expectClose(
              b.readSync(cr),
              ref.map((v) => Math.max(0, v)),
              be.tol,
              'relu(c)',
            );
            const ref0 = matmulRef(ad, bd, null, m, n, kk, transA, transB);
            expectClose(b.readSync(c0), ref0, be.tol, 'c without bias');
          });
        }
      }
    }
  });
}

describe('wasm heap', () => {
  it('kernels built before the heap grows still see their tensors afterwards', () => {
    const b = new CpuBackend();
    const g = geometry(CONV_CASES[0]);
    const rng = new Rng(3);
    const xd = random(rng, g.n * g.c * g.h * g.w);
    const wd = random(rng, g.k * g.c * g.kh * g.kw);
    const x = load(b, [g.n, g.c, g.h, g.w], xd, 'x');
    const w = load(b, [g.k, g.c, g.kh, g.kw], wd, 'w');
    const y = b.tensor([g.n, g.k, g.oh, g.ow], 'y');
    const before = b.readSync(y);
    const prog = [b.conv2d({ x, w, b: null, y, g, act: 'none', alpha: 0 })];
    // 64 MiB more: the memory grows and every earlier view detaches.
    const big = b.tensor([16 << 20], 'big');
    expect(before.length).toBe(0);
    b.write(big, [1, 2, 3]);
    b.run(prog);
    expectClose(b.readSync(y), convForwardRef(xd, wd, null, g), 2e-5, 'y after growth');
    expect(b.readSync(big)[2]).toBe(3);
  });
});

describe('relu matches the JavaScript reference semantics on every CPU path', () => {
  for (const be of BACKENDS) {
    it(`${be.name}: relu and its gradient are exact, NaN passes forward and stops backward`, () => {
      const b = be.make();
      const xs = [-2, -0.5, 0, 0.25, 3, NaN, -1e-30, 7, 1, -1, 2, -Infinity, Infinity, 4, -3];
      const dys = xs.map((_, i) => (i === 12 ? Infinity : i === 11 ? -Infinity : i + 1));
      const x = load(b, [xs.length], xs, 'x');
      const y = b.tensor([xs.length], 'y');
      const dy = load(b, [xs.length], dys, 'dy');
      const dx = b.tensor([xs.length], 'dx');
      b.run([
        b.activation({ x, y, act: 'relu', alpha: 0 }),
        b.activationBackward({ x, y, dy, dx, act: 'relu', alpha: 0 }),
      ]);
      const show = (a: ArrayLike<number>) =>
        Array.from(a, (v) => (Number.isNaN(v) ? 'NaN' : v === 0 ? 0 : v));
      expect(show(b.readSync(y))).toEqual(show(xs.map((v) => (v < 0 ? 0 : v))));
      expect(show(b.readSync(dx))).toEqual(show(xs.map((v, i) => (v > 0 ? dys[i] : 0))));
    });
  }
});

describe('max pooling matches the reference on every CPU path', () => {
  const cases = [
    { name: '2×2/2 even', n: 2, c: 3, h: 8, w: 16 },
    { name: '2×2/2 odd sizes (uncovered last row and column)', n: 2, c: 2, h: 7, w: 11 },
    { name: '2×2/2 output width not a multiple of 4', n: 1, c: 3, h: 6, w: 14 },
    { name: '2×2/2 tiny', n: 1, c: 1, h: 2, w: 2 },
  ];
  for (const be of BACKENDS) {
    for (const pc of cases) {
      it(`${be.name}: ${pc.name}`, () => {
        const g = { ...pc, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0 };
        const geo = { ...g, oh: Math.floor(g.h / 2), ow: Math.floor(g.w / 2) };
        const rng = new Rng(5);
        // Few distinct values: many ties, so the first-maximum rule is exercised; plus NaNs.
        const xd = Float64Array.from({ length: g.n * g.c * g.h * g.w }, () => rng.int(4) - 2);
        xd[3] = NaN;
        xd[g.w + 1] = NaN;
        const dyd = random(rng, g.n * g.c * geo.oh * geo.ow);
        const b = be.make();
        const x = load(b, [g.n, g.c, g.h, g.w], xd, 'x');
        const dy = load(b, [g.n, g.c, geo.oh, geo.ow], dyd, 'dy');
        const y = b.tensor([g.n, g.c, geo.oh, geo.ow], 'y');
        const am = b.tensor([g.n, g.c, geo.oh, geo.ow], 'argmax');
        const dx = b.tensor([g.n, g.c, g.h, g.w], 'dx');
        b.write(dx, new Float64Array(dx.size).fill(5));
        b.run([
          b.pool2d({ x, y, argmax: am, g: geo, mode: 'max' }),
          b.pool2dBackward({ dy, dx, argmax: am, g: geo, mode: 'max' }),
        ]);
        const ref = maxPoolRef(xd, geo);
        const show = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isNaN(v) ? 'NaN' : v));
        expect(show(b.readSync(y))).toEqual(show(Float32Array.from(ref.y)));
        expect(Array.from(b.readSync(am))).toEqual(Array.from(ref.argmax));
        const dxRef = new Float64Array(xd.length);
        ref.argmax.forEach((idx, o) => (dxRef[idx] += dyd[o]));
        expectClose(b.readSync(dx), dxRef, be.tol, 'dx');
      });
    }
  }
});

it('running out of wasm heap is a clear error, not a crash', () => {
  const b = new CpuBackend();
  expect(() => b.tensor([1 << 30], 'huge')).toThrow(/out of memory/);
  // The backend still works afterwards.
  const t = b.tensor([4], 'small');
  b.write(t, [1, 2, 3, 4]);
  expect(Array.from(b.readSync(t))).toEqual([1, 2, 3, 4]);
});
