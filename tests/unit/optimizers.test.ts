// Each update rule against steps worked by hand, and each schedule against its formula.
import { describe, expect, it } from 'vitest';
import { SCALAR, SCALAR_COUNT, type OptimizerKind } from '../../src/engine/backend/backend';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { defaultOptimizer, optimizerHyper } from '../../src/engine/optim/optimizer';
import {
  CONSTANT_SCHEDULE,
  learningRate,
  type ScheduleConfig,
} from '../../src/engine/optim/schedule';

/** Runs `grads.length` updates of one parameter starting at w0; returns w after each. */
function run(
  kind: OptimizerKind,
  w0: number,
  grads: number[],
  lr: number,
  extra: Partial<ReturnType<typeof defaultOptimizer>> = {},
) {
  const b = new CpuBackend({ precision: 'f64' });
  const cfg = { ...defaultOptimizer(kind), lr, ...extra };
  const w = b.tensor([1], 'w');
  const g = b.tensor([1], 'g');
  const s1 = b.tensor([1], 's1');
  const s2 = b.tensor([1], 's2');
  const sc = b.tensor([SCALAR_COUNT], 'sc');
  b.write(w, [w0]);
  const k = b.optimizerStep({
    params: w,
    grads: g,
    s1,
    s2,
    scalars: sc,
    hyper: optimizerHyper(cfg),
  });
  return grads.map((gv, i) => {
    const t = i + 1;
    const s = new Float64Array(SCALAR_COUNT);
    s[SCALAR.lr] = lr;
    s[SCALAR.step] = t;
    s[SCALAR.bias1] = 1 - Math.pow(cfg.beta1, t);
    s[SCALAR.bias2] = 1 - Math.pow(cfg.beta2, t);
    b.write(sc, s);
    b.write(g, [gv]);
    b.run([k]);
    return b.readSync(w)[0];
  });
}

describe('optimizer updates', () => {
  it('SGD: w ← w − lr·g', () => {
    expect(run('sgd', 1, [0.5, -2], 0.1)).toEqual([1 - 0.05, 0.95 + 0.2]);
  });
  it('momentum: v ← μv − lr·g; w ← w + v', () => {
    const [a, b] = run('momentum', 1, [1, 1], 0.1, { momentum: 0.9 });
    expect(a).toBeCloseTo(0.9, 12); // v = −0.1
    expect(b).toBeCloseTo(0.9 - 0.19, 12); // v = 0.9·(−0.1) − 0.1 = −0.19
  });
  it('Nesterov: w ← w − μ·v_prev + (1 + μ)·v', () => {
    const [a, b] = run('nesterov', 1, [1, 1], 0.1, { momentum: 0.9 });
    expect(a).toBeCloseTo(1 - 1.9 * 0.1, 12); // v_prev 0, v −0.1
    expect(b).toBeCloseTo(a + 0.9 * 0.1 + 1.9 * -0.19, 12);
  });
  it('Adagrad: cache += g²; w −= lr·g/(√cache + ε)', () => {
    const [a, b] = run('adagrad', 0, [2, 1], 0.5, { eps: 0 });
    expect(a).toBeCloseTo(-0.5, 12); // 0.5·2/2
    expect(b).toBeCloseTo(-0.5 - 0.5 / Math.sqrt(5), 12);
  });
  it('RMSProp: cache ← ρ·cache + (1 − ρ)g²', () => {
    const [a] = run('rmsprop', 0, [2], 0.01, { rho: 0.9, eps: 0 });
    expect(a).toBeCloseTo((-0.01 * 2) / Math.sqrt(0.1 * 4), 12);
  });
  it('Adam with bias correction: the first step moves by lr·sign(g)', () => {
    const [a, b] = run('adam', 0, [3, -1], 1e-3, { eps: 0 });
    expect(a).toBeCloseTo(-1e-3, 12);
    const m = 0.9 * 0.1 * 3 + 0.1 * -1;
    const v = 0.999 * 0.001 * 9 + 0.001 * 1;
    expect(b).toBeCloseTo(a - (1e-3 * (m / (1 - 0.81))) / Math.sqrt(v / (1 - 0.999 ** 2)), 12);
  });
  it('Adam defaults are β1 0.9, β2 0.999, lr 1e-3', () => {
    expect(defaultOptimizer('adam')).toMatchObject({ beta1: 0.9, beta2: 0.999, lr: 1e-3 });
  });
});

describe('learning-rate schedules', () => {
  const s = (o: Partial<ScheduleConfig>): ScheduleConfig => ({ ...CONSTANT_SCHEDULE, ...o });
  it('constant', () => expect(learningRate(0.1, s({}), 500)).toBe(0.1));
  it('step decay', () => {
    const c = s({ kind: 'step', stepSize: 10, gamma: 0.5 });
    expect([0, 9, 10, 25].map((t) => learningRate(1, c, t))).toEqual([1, 1, 0.5, 0.25]);
  });
  it('exponential', () =>
    expect(learningRate(2, s({ kind: 'exponential', k: 0.1 }), 10)).toBeCloseTo(
      2 * Math.exp(-1),
      12,
    ));
  it('1/t', () =>
    expect(learningRate(1, s({ kind: 'inverse', k: 0.5 }), 4)).toBeCloseTo(1 / 3, 12));
  it('linear to a final fraction, then flat', () => {
    const c = s({ kind: 'linear', totalSteps: 100, finalFraction: 0.1 });
    expect(learningRate(1, c, 50)).toBeCloseTo(0.55, 12);
    expect(learningRate(1, c, 200)).toBeCloseTo(0.1, 12);
  });
  it('cosine', () => {
    const c = s({ kind: 'cosine', totalSteps: 100, finalFraction: 0 });
    expect(learningRate(1, c, 0)).toBeCloseTo(1, 12);
    expect(learningRate(1, c, 50)).toBeCloseTo(0.5, 12);
    expect(learningRate(1, c, 100)).toBeCloseTo(0, 12);
  });
  it('warm-up ramps linearly over its steps, then hands over', () => {
    const c = s({ kind: 'cosine', totalSteps: 100, warmupSteps: 4 });
    expect(learningRate(1, c, 0)).toBeCloseTo(0.25 * (0.5 * (1 + Math.cos(0))), 12);
    expect(learningRate(1, c, 3)).toBeCloseTo(0.5 * (1 + Math.cos((Math.PI * 3) / 100)), 12);
  });
});
