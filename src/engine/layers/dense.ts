import { num } from '../shapes';
import { requireFlat } from './common';
import type { LayerDef } from './types';

/** Fully connected: y = x·Wᵀ + b with W stored [units, in], as torch.nn.Linear. */
export const dense: LayerDef = {
  type: 'dense',
  label: 'Dense',
  category: 'dense',
  description:
    'Fully connected: every output unit sees every input value. Parameters in·units + units.',
  settings: [
    { key: 'units', label: 'Units', kind: 'int', min: 1, max: 8192, default: 10, help: 'Number of outputs.' },
    { key: 'bias', label: 'Bias', kind: 'bool', default: true, help: 'Learn one bias per unit.' },
  ], // prettier-ignore
  arity: [1, 1],
  infer(ctx) {
    const inF = requireFlat(ctx, 'Dense');
    const units = num(ctx.cfg, 'units');
    const bias = ctx.cfg.bias === true;
    return {
      outShape: [units],
      params: [
        { name: 'weight', shape: [units, inF], role: 'weight', init: 'scheme', fanIn: inF, fanOut: units },
        ...(bias ? [{ name: 'bias', shape: [units], role: 'bias' as const, init: 'zeros' as const, fanIn: inF, fanOut: 1 }] : []),
      ], // prettier-ignore
      flops: 2 * inF * units + (bias ? units : 0),
    };
  },
  build(ctx) {
    const { backend: b, x, y, dy, dx, p, g, training, batch } = ctx;
    const inF = ctx.inShapes[0][0];
    const units = ctx.outShape[0];
    const forward = [
      b.matmul({
        a: x[0], b: p.weight, c: y, m: batch, n: units, k: inF,
        transA: false, transB: true, bias: p.bias ?? null, act: 'none', alpha: 0,
      }),
    ]; // prettier-ignore
    const backward = [];
    if (training && dy) {
      // dW[units×in] = dyᵀ·x ; db = Σ_batch dy ; dx[batch×in] = dy·W
      backward.push(
        b.matmul({
          a: dy, b: x[0], c: g.weight, m: units, n: inF, k: batch,
          transA: true, transB: false, bias: null, act: 'none', alpha: 0,
        }),
      ); // prettier-ignore
      if (g.bias) backward.push(b.channelSum({ dy, out: g.bias, n: batch, c: units, hw: 1 }));
      if (dx[0]) {
        backward.push(
          b.matmul({
            a: dy, b: p.weight, c: dx[0], m: batch, n: inF, k: units,
            transA: false, transB: false, bias: null, act: 'none', alpha: 0,
          }),
        ); // prettier-ignore
      }
    }
    return { forward, backward };
  },
};
