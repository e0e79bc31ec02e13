import { elementCount, shapeText } from '../shapes';
import type { LayerDef } from './types';

/** Residual sum of two or more equally shaped inputs. */
export const add: LayerDef = {
  type: 'add',
  label: 'Add',
  category: 'structure',
  description:
    'Adds its inputs elementwise (a residual connection). All inputs must have the same shape.',
  settings: [],
  arity: [2, 8],
  infer(ctx) {
    const [first, ...rest] = ctx.inputs;
    for (const s of rest) {
      if (s.length !== first.length || s.some((d, i) => d !== first[i])) {
        ctx.fail(
          `inputs have different shapes: ${ctx.inputs.map(shapeText).join(' vs ')}; Add needs equal shapes`,
        );
      }
    }
    return { outShape: first, params: [], flops: (ctx.inputs.length - 1) * elementCount(first) };
  },
  build(ctx) {
    const { backend: b, x, y, dy, dx } = ctx;
    const forward = [b.add(x[0], x[1], y)];
    for (let i = 2; i < x.length; i++) forward.push(b.add(y, x[i], y));
    // d(Σ xᵢ)/dxᵢ = 1: every input receives the output gradient unchanged.
    const backward = dy ? dx.flatMap((t) => (t ? [b.copy(dy, t)] : [])) : [];
    return { forward, backward };
  },
};
