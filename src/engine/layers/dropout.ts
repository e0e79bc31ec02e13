import { elementCount, num } from '../shapes';
import type { LayerDef } from './types';

/** Inverted dropout: scaled by 1/(1 − rate) while training so evaluation is a plain pass-through. */
export const dropout: LayerDef = {
  type: 'dropout',
  label: 'Dropout',
  category: 'regularization',
  description:
    'While training, zeroes each value with probability p and scales the rest by 1/(1 − p); off at evaluation.',
  settings: [
    { key: 'rate', label: 'Drop rate p', kind: 'number', min: 0, max: 0.95, step: 0.05, default: 0.5, help: 'Probability of dropping each value.' },
  ], // prettier-ignore
  arity: [1, 1],
  infer(ctx) {
    return { outShape: ctx.inputs[0], params: [], flops: elementCount(ctx.inputs[0]) };
  },
  build(ctx) {
    const { backend: b, x, y, dy, dx, training, salt, scalars } = ctx;
    const rate = num(ctx.cfg, 'rate');
    if (!training) return { forward: [b.copy(x[0], y)], backward: [] };
    return {
      forward: [b.dropout({ x: x[0], y, rate, salt, scalars })],
      backward: dy && dx[0] ? [b.dropoutBackward({ dy, dx: dx[0], rate, salt, scalars })] : [],
    };
  },
};
