// The five activation layers differ only in their function and its slope parameter.
import type { Activation } from '../backend/backend';
import { elementCount, num } from '../shapes';
import type { LayerDef, SettingSchema } from './types';

export function activationLayer(opts: {
  type: string;
  label: string;
  act: Activation;
  description: string;
  flopsPerValue: number;
  alpha?: SettingSchema & { kind: 'number' };
}): LayerDef {
  return {
    type: opts.type,
    label: opts.label,
    category: 'activation',
    description: opts.description,
    settings: opts.alpha ? [opts.alpha] : [],
    arity: [1, 1],
    infer(ctx) {
      const shape = ctx.inputs[0];
      return { outShape: shape, params: [], flops: opts.flopsPerValue * elementCount(shape) };
    },
    build(ctx) {
      const { backend: b, x, y, dy, dx } = ctx;
      const alpha = opts.alpha ? num(ctx.cfg, opts.alpha.key) : 0;
      return {
        forward: [b.activation({ x: x[0], y, act: opts.act, alpha })],
        backward:
          dy && dx[0]
            ? [b.activationBackward({ x: x[0], y, dy, dx: dx[0], act: opts.act, alpha })]
            : [],
      };
    },
  };
}
