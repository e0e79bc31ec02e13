// Gradient check through the model compiler: a DAG with a residual fan-out, concat, batch norm
// and dropout, compiled by Model/Plan, checked end to end (every parameter and the input)
// against central differences of the full softmax loss, in float64.
import { describe, expect, it } from 'vitest';
import { METRIC, SCALAR } from '../../src/engine/backend/backend';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { Model } from '../../src/engine/model/model';
import { Rng } from '../../src/engine/rng';
import { dag } from '../helpers/specs';

const spec = dag([2, 5, 5], [
  { id: 'a', type: 'conv2d', config: { filters: 2, kernel: 3, padding: 1 } },
  { id: 'bn', type: 'batchnorm', config: {} },
  { id: 'r', type: 'elu', config: {} },
  { id: 'b', type: 'conv2d', config: { filters: 2, kernel: 3, padding: 1 } },
  { id: 'sum', type: 'add', inputs: ['input', 'b'], config: {} },
  { id: 'cat', type: 'concat', inputs: ['a', 'sum'], config: {} },
  { id: 'drop', type: 'dropout', config: { rate: 0.25 } },
  { id: 'pool', type: 'avgpool', config: { size: 3, stride: 2 } },
  { id: 'flat', type: 'flatten', config: {} },
  { id: 'fc', type: 'dense', config: { units: 3 } },
]); // prettier-ignore

describe('network gradient through the compiler', () => {
  it('matches central differences for all parameters and the input', () => {
    const b = new CpuBackend({ precision: 'f64' });
    const model = Model.create(spec, b, { numClasses: 3 });
    model.initialize('he', 3);
    const batch = 3;
    const plan = model.plan(batch, 'train', { inputGrad: true });
    const metrics = b.tensor([4], 'metrics');
    const loss = b.softmaxCrossEntropy({
      logits: plan.logits, labels: plan.labels, grad: plan.logitsGrad, metrics, n: batch, c: 3, scale: 1,
    }); // prettier-ignore
    const rng = new Rng(11);
    b.write(
      plan.input,
      Array.from({ length: plan.input.size }, () => rng.normal()),
    );
    b.write(plan.labels, [0, 2, 1]);
    const scalars = new Float64Array(8);
    scalars[SCALAR.seed] = 99;
    b.write(model.scalars, scalars);

    const total = () => {
      b.readSync(metrics).fill(0);
      b.run([...plan.forward, loss]);
      return b.readSync(metrics)[METRIC.lossSum];
    };
    total();
    b.run(plan.backward);
    const gradParams = Float64Array.from(b.readSync(model.grads));
    const gradInput = Float64Array.from(b.readSync(plan.inputGrad!));

    const check = (
      values: Float64Array | Float32Array,
      analytic: Float64Array,
      where: string,
      idx: number,
    ) => {
      const eps = 1e-6;
      const orig = values[idx];
      values[idx] = orig + eps;
      const lp = total();
      values[idx] = orig - eps;
      const lm = total();
      values[idx] = orig;
      const numeric = (lp - lm) / (2 * eps);
      const err =
        Math.abs(analytic[idx] - numeric) /
        Math.max(1e-7, Math.abs(analytic[idx]) + Math.abs(numeric));
      if (err > 1e-5 && Math.abs(analytic[idx] - numeric) > 1e-8) {
        expect.fail(`${where}: analytic ${analytic[idx]} numeric ${numeric}`);
      }
    };
    const params = b.readSync(model.params);
    for (const e of model.entries) {
      if (!e.trainable) continue;
      for (let j = 0; j < Math.min(e.size, 6); j++)
        check(params, gradParams, `${e.name}[${j}]`, e.offset + j);
    }
    const input = b.readSync(plan.input);
    for (let j = 0; j < input.length; j += 7) check(input, gradInput, `input[${j}]`, j);
    // The input feeds two layers: its gradient must include both paths (non-trivially).
    expect(gradInput.some((v) => Math.abs(v) > 1e-3)).toBe(true);
  });
});
