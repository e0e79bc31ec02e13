import { convGeometry, num, planWindow } from '../shapes';
import { requireImage } from './common';
import type { LayerDef } from './types';

export const conv2d: LayerDef = {
  type: 'conv2d',
  label: 'Conv2D',
  category: 'convolution',
  description:
    'Slides K learned F×F filters over the input; each filter produces one output channel. ' +
    'Output size (W − F + 2P)/S + 1; parameters F·F·C·K + K.',
  settings: [
    { key: 'filters', label: 'Filters', kind: 'int', min: 1, max: 1024, default: 8, help: 'Number of filters K = output channels.' },
    { key: 'kernel', label: 'Kernel', kind: 'int', min: 1, max: 15, default: 3, help: 'Filter size F (F×F).' },
    { key: 'stride', label: 'Stride', kind: 'int', min: 1, max: 8, default: 1, help: 'Step S between filter positions.' },
    { key: 'padding', label: 'Padding', kind: 'padding', max: 15, default: 0, help: 'Zeros P added on each side, or "same" to keep the size (at stride 1).' },
    { key: 'dilation', label: 'Dilation', kind: 'int', min: 1, max: 8, default: 1, help: 'Spacing between filter taps.' },
    { key: 'bias', label: 'Bias', kind: 'bool', default: true, help: 'Learn one bias per filter.' },
  ], // prettier-ignore
  arity: [1, 1],
  infer(ctx) {
    const [c, h, w] = requireImage(ctx, 'Conv2D');
    const { cfg } = ctx;
    const k = num(cfg, 'filters');
    const f = num(cfg, 'kernel');
    const padding = cfg.padding as number | 'same';
    const plan = planWindow(
      ctx,
      'Convolution',
      h,
      w,
      f,
      num(cfg, 'stride'),
      padding,
      num(cfg, 'dilation'),
    );
    const bias = cfg.bias === true;
    const outPixels = plan.oh * plan.ow;
    return {
      outShape: [k, plan.oh, plan.ow],
      params: [
        { name: 'weight', shape: [k, c, f, f], role: 'weight', init: 'scheme', fanIn: c * f * f, fanOut: k * f * f },
        ...(bias ? [{ name: 'bias', shape: [k], role: 'bias' as const, init: 'zeros' as const, fanIn: c * f * f, fanOut: 1 }] : []),
      ], // prettier-ignore
      flops: 2 * k * outPixels * c * f * f + (bias ? k * outPixels : 0),
    };
  },
  build(ctx) {
    const { backend: b, x, y, dy, dx, p, g, training } = ctx;
    const geo = convGeometry(ctx.batch, ctx.inShapes[0], ctx.outShape, ctx.cfg);
    const forward = [
      b.conv2d({ x: x[0], w: p.weight, b: p.bias ?? null, y, g: geo, act: 'none', alpha: 0 }),
    ];
    const backward = [];
    if (training && dy) {
      backward.push(
        b.conv2dBackwardFilter({ dy, x: x[0], dw: g.weight, db: g.bias ?? null, g: geo }),
      );
      if (dx[0]) backward.push(b.conv2dBackwardData({ dy, w: p.weight, dx: dx[0], g: geo }));
    }
    return { forward, backward };
  },
};
