// Whole training runs on both backends from the same initial weights and batches: the loss
// curves must agree. Float32 rounding differs between the backends (summation order, GPU
// transcendental functions), and training amplifies differences slowly. Measured on SwiftShader:
// losses within 2.3e-6 relative, parameters within 1.6e-6; the tolerances below (1e-4) keep
// ~50× margin for other adapters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import type { WebGpuBackend } from '../../src/engine/backend/webgpu/webgpu-backend';
import { FUSED_BWD, LENET, MIXED, trainConfig, trainCurve, type Curve } from '../helpers/nets';
import { gpuBackend } from './gpu-setup';

function maxRelDiff(a: readonly number[], b: readonly number[]): number {
  let worst = 0;
  a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[i]) / Math.max(1, Math.abs(b[i])))));
  return worst;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('training runs: WebGPU follows the CPU backend', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await gpuBackend();
  });
  afterAll(() => gpu?.dispose());

  it('LeNet-style, fixed seed, 50 steps of SGD with momentum: same loss curve', async () => {
    const cfg = trainConfig(16, 'momentum');
    const cpu = await trainCurve(new CpuBackend(), LENET, cfg, 50);
    const web = await trainCurve(gpu, LENET, cfg, 50);
    // The task is learnable: the curve really goes down (so the comparison means something).
    expect(cpu.losses[49]).toBeLessThan(cpu.losses[0] * 0.5);
    // Tolerance: 1e-4 relative (absolute below 1) at every step.
    expect(maxRelDiff(web.losses, cpu.losses), `cpu ${cpu.losses}\ngpu ${web.losses}`).toBeLessThan(
      1e-4,
    );
    expect(maxAbsDiff(web.params, cpu.params)).toBeLessThan(1e-4);
    expect(maxAbsDiff(web.accuracies, cpu.accuracies)).toBeLessThanOrEqual(1 / 16 + 1e-9);
  });

  const variants: [string, Parameters<typeof trainConfig>[1], Parameters<typeof trainConfig>[2]][] = [
    ['Adam, hinge loss, L1+L2 on weights and biases, max-norm', 'adam', { loss: 'hinge', l1: 1e-4, l2: 1e-3, regularizeBiases: true, maxNorm: 2 }],
    ['RMSProp, softmax', 'rmsprop', {}],
    ['Nesterov, L2', 'nesterov', { l2: 1e-3 }],
    ['Adagrad', 'adagrad', {}],
    ['plain SGD, hinge', 'sgd', { loss: 'hinge' }],
  ]; // prettier-ignore
  for (const [name, kind, over] of variants) {
    it(`mixed network (every fused activation, BN, dropout, add, concat), ${name}: 8 steps`, async () => {
      const cfg = trainConfig(6, kind, over);
      const cpu: Curve = await trainCurve(new CpuBackend(), MIXED, cfg, 8);
      const web = await trainCurve(gpu, MIXED, cfg, 8);
      // Hinge and L1 are discontinuous (a margin term or sign(w) switches), so a
      // rounding difference can flip one term and move a parameter by ~lr: looser for them.
      const tol = over?.loss === 'hinge' ? 2e-3 : 1e-4;
      const curves = `cpu ${cpu.losses}\ngpu ${web.losses}`;
      expect(maxRelDiff(web.losses, cpu.losses), curves).toBeLessThan(tol);
      // Parameters after 8 updates (values are O(1)).
      expect(maxAbsDiff(web.params, cpu.params)).toBeLessThan(tol);
      // Inference mode (running batch-norm statistics, dropout off, padding rows skipped).
      expect(web.evaluation.count).toBe(10);
      expect(Math.abs(web.evaluation.loss - cpu.evaluation.loss)).toBeLessThan(
        tol * Math.max(1, cpu.evaluation.loss),
      );
    });
  }

  it('activation backwards fused into max-pool, strided-conv and dense gradients: 8 steps', async () => {
    const cfg = trainConfig(5, 'momentum');
    const cpu = await trainCurve(new CpuBackend(), FUSED_BWD, cfg, 8);
    const web = await trainCurve(gpu, FUSED_BWD, cfg, 8);
    expect(maxRelDiff(web.losses, cpu.losses), `cpu ${cpu.losses}\ngpu ${web.losses}`).toBeLessThan(
      1e-4,
    );
    expect(maxAbsDiff(web.params, cpu.params)).toBeLessThan(1e-4);
  });

  it('the same run without fusion gives the same curve (both code paths stay correct)', async () => {
    const { gpuBackend: make } = await import('./gpu-setup');
    const unfused = await make('auto', { fuse: false });
    try {
      const cfg = trainConfig(6, 'adam');
      const a = await trainCurve(gpu, MIXED, cfg, 4);
      const b = await trainCurve(unfused, MIXED, cfg, 4);
      expect(maxRelDiff(a.losses, b.losses)).toBeLessThan(1e-5);
      expect(maxAbsDiff(a.params, b.params)).toBeLessThan(1e-5);
    } finally {
      unfused.dispose();
    }
  });
});
