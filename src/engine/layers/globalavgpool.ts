import { poolGeometry } from '../shapes';
import { requireImage } from './common';
import type { LayerDef } from './types';

/** Averages each channel over the whole feature map: C×H×W → a flat vector of C. */
export const globalavgpool: LayerDef = {
  type: 'globalavgpool',
  label: 'GlobalAvgPool',
  category: 'pooling',
  description:
    'Averages each channel over its whole feature map, giving one value per channel (a flat vector). No parameters.',
  settings: [],
  arity: [1, 1],
  infer(ctx) {
    const [c, h, w] = requireImage(ctx, 'GlobalAvgPool');
    return { outShape: [c], params: [], flops: c * h * w };
  },
  build(ctx) {
    const { backend: b, x, y, dy, dx } = ctx;
    const [c, h, w] = ctx.inShapes[0];
    const geo = poolGeometry(ctx.batch, [c, h, w], [c, 1, 1], 0, 1, 0);
    const g = { ...geo, kh: h, kw: w };
    return {
      forward: [b.pool2d({ x: x[0], y, argmax: null, g, mode: 'avg' })],
      backward:
        dy && dx[0] ? [b.pool2dBackward({ dy, dx: dx[0], argmax: null, g, mode: 'avg' })] : [],
    };
  },
};
