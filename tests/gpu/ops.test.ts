// Ops outside the layer suite, WebGPU against the CPU backend (float32) on identical data:
// losses (with label < 0 padding rows), regularisation, max-norm, every optimizer over several
// steps, data movement including in-place forms. Tolerances per op are in the calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  METRIC_COUNT,
  SCALAR,
  SCALAR_COUNT,
  type Backend,
  type OptimizerKind,
  type Tensor,
} from '../../src/engine/backend/backend';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import type { WebGpuBackend } from '../../src/engine/backend/webgpu/webgpu-backend';
import { Rng } from '../../src/engine/rng';
import { worstMismatch, type Tolerance } from '../helpers/compare';
import { gpuBackend } from './gpu-setup';

const EXACT: Tolerance = { atol: 0, rtol: 0 };

function randn(n: number, seed: number, scale = 1): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: n }, () => r.normal() * scale);
}

/** Runs the same scenario on both backends and compares the tensors it returns. */
async function both(
  gpu: Backend,
  scenario: (b: Backend) => Promise<Record<string, Tensor>> | Record<string, Tensor>,
  tol: Tolerance | Record<string, Tolerance>,
) {
  const out: Record<string, Float32Array>[] = [];
  for (const b of [new CpuBackend(), gpu]) {
    const ts = await scenario(b);
    const vals: Record<string, Float32Array> = {};
    for (const [k, t] of Object.entries(ts)) vals[k] = await b.read(t);
    out.push(vals);
  }
  for (const k of Object.keys(out[0])) {
    const t = 'atol' in tol ? (tol as Tolerance) : (tol as Record<string, Tolerance>)[k];
    expect(worstMismatch(out[1][k], out[0][k], t), k).toBeNull();
  }
  return out;
}

function filled(b: Backend, shape: number[], data: ArrayLike<number>, label: string): Tensor {
  const t = b.tensor(shape, label);
  b.write(t, data);
  return t;
}

describe('ops: WebGPU matches the CPU backend', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await gpuBackend();
  });
  afterAll(() => gpu?.dispose());

  // Softmax: exp/log differ by a few ulps; metrics are sums of the per-row losses.
  const LOSS_TOL = { grad: { atol: 1e-7, rtol: 1e-5 }, metrics: { atol: 1e-5, rtol: 1e-5 } };

  for (const [name, n, c] of [['batch 7 × 10 classes', 7, 10], ['batch 1 × 3 classes', 1, 3], ['batch 70 × 5 (more rows than a workgroup)', 70, 5]] as const) {
    it(`softmax cross-entropy ${name}, padding rows ignored, metrics accumulate`, async () => {
      const logits = randn(n * c, 3, 3);
      const labels = Float32Array.from({ length: n }, (_, i) => (i % 4 === 3 ? -1 : (i * 7) % c));
      await both(gpu, (b) => {
        const [l, y] = [filled(b, [n, c], logits, 'logits'), filled(b, [n], labels, 'labels')];
        const grad = b.tensor([n, c], 'grad');
        const metrics = b.tensor([METRIC_COUNT], 'metrics');
        const k = b.softmaxCrossEntropy({ logits: l, labels: y, grad, metrics, n, c, scale: 1 / n });
        b.run([k, k]); // twice: metrics accumulate
        return { grad, metrics };
      }, LOSS_TOL);
    });

    it(`multiclass hinge ${name}, padding rows ignored`, async () => {
      const scores = randn(n * c, 4, 2);
      const labels = Float32Array.from({ length: n }, (_, i) => (i % 3 === 1 ? -1 : (i * 5) % c));
      await both(gpu, (b) => {
        const [s, y] = [filled(b, [n, c], scores, 'scores'), filled(b, [n], labels, 'labels')];
        const grad = b.tensor([n, c], 'grad');
        const metrics = b.tensor([METRIC_COUNT], 'metrics');
        b.run([b.hinge({ scores: s, labels: y, grad, metrics, n, c, margin: 1, scale: 1 / n })]);
        return { grad, metrics };
        // The CPU multiplies by the scale in float64, the GPU in float32: 1 ulp on the gradient.
      }, { grad: { atol: 1e-7, rtol: 1e-6 }, metrics: { atol: 1e-5, rtol: 1e-6 } });
    });
  } // prettier-ignore

  it('hinge on the course example gives 2.9, 0, 12.9 (mean 5.27)', async () => {
    // Columns cat, car, frog; labels cat, car, frog.
    const scores = [3.2, 5.1, -1.7, 1.3, 4.9, 2.0, 2.2, 2.5, -3.1];
    const s = filled(gpu, [3, 3], scores, 's');
    const y = filled(gpu, [3], [0, 1, 2], 'y');
    const grad = gpu.tensor([3, 3], 'g');
    const metrics = gpu.tensor([METRIC_COUNT], 'm');
    gpu.run([gpu.hinge({ scores: s, labels: y, grad, metrics, n: 3, c: 3, margin: 1, scale: 1 })]);
    const m = await gpu.read(metrics);
    expect(m[0] / m[2]).toBeCloseTo((2.9 + 0 + 12.9) / 3, 4);
  });

  it('regularize and regLoss over views of a flat buffer', async () => {
    const w = randn(300, 5, 0.5);
    w[7] = 0; // sign(0) = 0
    const g = randn(300, 6, 0.1);
    await both(gpu, (b) => {
      const params = filled(b, [320], [...w, ...new Array(20).fill(1)], 'params');
      const grads = filled(b, [320], [...g, ...new Array(20).fill(0)], 'grads');
      const metrics = b.tensor([METRIC_COUNT], 'metrics');
      const pv = b.view(params, 0, [256], 'params.reg');
      const gv = b.view(grads, 0, [256], 'grads.reg');
      b.run([b.regularize({ params: pv, grads: gv, l1: 1e-3, l2: 1e-2 }), b.regLoss({ params: pv, metrics, l1: 1e-3, l2: 1e-2 })]);
      return { grads, metrics };
    }, { grads: { atol: 1e-8, rtol: 1e-6 }, metrics: { atol: 1e-6, rtol: 1e-5 } }); // prettier-ignore
  });

  it('maxNorm clamps only rows above the limit', async () => {
    const w = randn(7 * 13, 8, 0.6);
    await both(
      gpu,
      (b) => {
        const t = filled(b, [7, 13], w, 'w');
        b.run([b.maxNorm({ w: t, rows: 7, cols: 13, maxNorm: 2 })]);
        return { w: t };
      },
      { atol: 1e-7, rtol: 1e-5 },
    );
  });

  const KINDS: OptimizerKind[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'];
  for (const kind of KINDS) {
    it(`${kind}: five updates over the flat parameter buffer`, async () => {
      const n = 200;
      const hyper = { kind, momentum: 0.9, rho: 0.95, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
      await both(
        gpu,
        (b) => {
          const params = filled(b, [n], randn(n, 9), 'params');
          const grads = b.tensor([n], 'grads');
          const s1 = b.tensor([n], 's1');
          const s2 = kind === 'adam' ? b.tensor([n], 's2') : s1;
          const scalars = b.tensor([SCALAR_COUNT], 'scalars');
          const k = b.optimizerStep({ params, grads, s1, s2, scalars, hyper });
          for (let t = 1; t <= 5; t++) {
            const s = new Float32Array(SCALAR_COUNT);
            s[SCALAR.lr] = 0.01 * t;
            s[SCALAR.step] = t;
            s[SCALAR.bias1] = 1 - 0.9 ** t;
            s[SCALAR.bias2] = 1 - 0.999 ** t;
            b.write(scalars, s);
            b.write(grads, randn(n, 100 + t));
            b.run([k]);
          }
          return { params, s1 };
        },
        { atol: 1e-6, rtol: 1e-5 },
      );
    });
  }

  it('fill, copy and add, including in-place forms', async () => {
    const a = randn(100, 11);
    const c = randn(100, 12);
    await both(
      gpu,
      (b) => {
        const [x, y] = [filled(b, [100], a, 'x'), filled(b, [100], c, 'y')];
        const out = b.tensor([100], 'out');
        const acc = filled(b, [100], a, 'acc');
        const twice = filled(b, [100], a, 'twice');
        const doubled = b.tensor([100], 'doubled');
        const seven = b.tensor([100], 'seven');
        const zero = filled(b, [100], a, 'zero');
        const copied = b.tensor([100], 'copied');
        b.run([
        b.add(x, y, out), b.add(acc, y, acc), b.add(y, acc, acc), b.add(twice, twice, twice),
        b.add(x, x, doubled), b.fill(seven, 7), b.fill(zero, 0), b.copy(y, copied),
      ]); // prettier-ignore
        return { out, acc, twice, doubled, seven, zero, copied };
      },
      EXACT,
    );
  });

  for (const [n, c, hw] of [[5, 7, 1], [3, 5, 2000]] as const) {
    it(`channelSum over ${n}×${c}×${hw} (${n * hw > 4096 ? 'workgroup reduction' : 'one thread per channel'})`, async () => {
      const dy = randn(n * c * hw, 15);
      await both(gpu, (b) => {
        const out = b.tensor([c], 'out');
        b.run([b.channelSum({ dy: filled(b, [n, c, hw], dy, 'dy'), out, n, c, hw })]);
        return { out };
      }, { atol: 1e-4, rtol: 1e-5 });
    });
  } // prettier-ignore

  it('copyChannels scatter and gather (Concat)', async () => {
    const n = 3, srcC = 2, dstC = 5, hw = 6; // prettier-ignore
    const src = randn(n * srcC * hw, 13);
    const dst = randn(n * dstC * hw, 14);
    await both(
      gpu,
      (b) => {
        const s = filled(b, [n, srcC, hw], src, 's');
        const d = filled(b, [n, dstC, hw], dst, 'd');
        const back = b.tensor([n, srcC, hw], 'back');
        const d2 = filled(
          b,
          [n, dstC, hw],
          dst.map((v) => v * 2),
          'd2',
        );
        b.run([
          b.copyChannels({ src: s, dst: d, n, srcC, dstC, offsetC: 2, hw, direction: 'scatter' }),
          b.copyChannels({
            src: back,
            dst: d2,
            n,
            srcC,
            dstC,
            offsetC: 3,
            hw,
            direction: 'gather',
          }),
        ]);
        return { d, back };
      },
      EXACT,
    );
  });

  it('the matmul kernel family for real GPUs (workgroup-memory tiles) matches too', async () => {
    const hw = await gpuBackend('hardware');
    try {
      for (const [m, n, k, transA, transB] of [[5, 7, 13, false, true], [33, 70, 17, true, false], [64, 65, 3, false, false], [1, 1, 1, true, true]] as const) {
        const a = randn(m * k, m + n);
        const bb = randn(k * n, k);
        const bias = randn(n, 3);
        await both(hw, (b) => {
          const c = b.tensor([m, n], 'c');
          b.run([b.matmul({ a: filled(b, [m * k], a, 'a'), b: filled(b, [k * n], bb, 'b'), c, m, n, k, transA, transB, bias: filled(b, [n], bias, 'bias'), act: 'relu', alpha: 0 })]);
          return { c };
        }, { atol: 1e-5, rtol: 1e-4 });
      } // prettier-ignore
    } finally {
      hw.dispose();
    }
  });
});
