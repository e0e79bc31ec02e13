// MaxPool and AvgPool share settings and shape rules; they differ in the kernel mode.
import type { PoolMode } from '../backend/backend';
import { num, planWindow, poolGeometry } from '../shapes';
import { requireImage } from './common';
import type { LayerDef } from './types';

function poolLayer(mode: PoolMode): LayerDef {
  const label = mode === 'max' ? 'MaxPool' : 'AvgPool';
  return {
    type: mode === 'max' ? 'maxpool' : 'avgpool',
    label,
    category: 'pooling',
    description:
      mode === 'max'
        ? 'Keeps the largest value in each window: downsamples and adds a little translation invariance. No parameters.'
        : 'Averages each window (padding counts as zeros). No parameters.',
    settings: [
      { key: 'size', label: 'Size', kind: 'int', min: 1, max: 8, default: 2, help: 'Window size F (F×F).' },
      { key: 'stride', label: 'Stride', kind: 'int', min: 1, max: 8, default: 2, help: 'Step S between windows.' },
      { key: 'padding', label: 'Padding', kind: 'int', min: 0, max: 4, default: 0, help: 'Padding on each side (at most half the window).' },
    ], // prettier-ignore
    arity: [1, 1],
    infer(ctx) {
      const [c, h, w] = requireImage(ctx, label);
      const size = num(ctx.cfg, 'size');
      const padding = num(ctx.cfg, 'padding');
      if (2 * padding > size) {
        ctx.fail(`padding ${padding} is more than half the window ${size}`, {
          label: `Set padding to ${Math.floor(size / 2)}`,
          action: { kind: 'set', layerId: ctx.id, key: 'padding', value: Math.floor(size / 2) },
        });
      }
      const plan = planWindow(ctx, 'Pooling', h, w, size, num(ctx.cfg, 'stride'), padding, 1);
      return {
        outShape: [c, plan.oh, plan.ow],
        params: [],
        flops: c * plan.oh * plan.ow * size * size,
      };
    },
    build(ctx) {
      const { backend: b, x, y, dy, dx, cfg } = ctx;
      const size = num(cfg, 'size');
      const geo = poolGeometry(
        ctx.batch,
        ctx.inShapes[0],
        ctx.outShape,
        size,
        num(cfg, 'stride'),
        num(cfg, 'padding'),
      );
      const argmax = mode === 'max' ? ctx.scratch(y.shape, `${ctx.id}.argmax`) : null;
      const forward = [b.pool2d({ x: x[0], y, argmax, g: geo, mode })];
      const backward =
        dy && dx[0] ? [b.pool2dBackward({ dy, dx: dx[0], argmax, g: geo, mode })] : [];
      return { forward, backward };
    },
  };
}

export const maxpool = poolLayer('max');
export const avgpool = poolLayer('avg');
