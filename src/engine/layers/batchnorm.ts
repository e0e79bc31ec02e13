import { elementCount, num } from '../shapes';
import { channelsAndSpatial } from './common';
import type { LayerDef } from './types';

/**
 * Batch normalisation per channel (per feature for flat inputs): batch statistics while
 * training, running statistics at evaluation, learnable scale γ (`weight`) and shift β (`bias`),
 * named as torch.nn.BatchNorm2d/1d names them.
 */
export const batchnorm: LayerDef = {
  type: 'batchnorm',
  label: 'BatchNorm',
  category: 'normalization',
  description:
    'Normalises each channel over the batch, then scales and shifts it (γ, β). Lets deeper nets train at higher learning rates.',
  settings: [
    { key: 'momentum', label: 'Momentum', kind: 'number', min: 0, max: 1, step: 0.01, default: 0.1, help: 'Weight of each new batch in the running statistics.' },
    { key: 'eps', label: 'ε', kind: 'number', min: 1e-8, max: 0.1, step: 1e-5, default: 1e-5, help: 'Added to the variance for stability.' },
  ], // prettier-ignore
  arity: [1, 1],
  infer(ctx) {
    const shape = ctx.inputs[0];
    const { c } = channelsAndSpatial(shape);
    return {
      outShape: shape,
      params: [
        { name: 'weight', shape: [c], role: 'norm', init: 'ones', fanIn: 1, fanOut: 1 },
        { name: 'bias', shape: [c], role: 'norm', init: 'zeros', fanIn: 1, fanOut: 1 },
        { name: 'running_mean', shape: [c], role: 'buffer', init: 'zeros', fanIn: 1, fanOut: 1 },
        { name: 'running_var', shape: [c], role: 'buffer', init: 'ones', fanIn: 1, fanOut: 1 },
      ],
      flops: 4 * elementCount(shape),
    };
  },
  build(ctx) {
    const { backend: b, x, y, dy, dx, p, g, training, batch } = ctx;
    const { c, hw } = channelsAndSpatial(ctx.inShapes[0]);
    const eps = num(ctx.cfg, 'eps');
    const dims = { n: batch, c, hw };
    const common = { x: x[0], y, gamma: p.weight, beta: p.bias, runMean: p.running_mean, runVar: p.running_var, eps, ...dims }; // prettier-ignore
    if (!training) return { forward: [b.batchNormEval(common)], backward: [] };
    const mean = ctx.scratch([c], `${ctx.id}.mean`);
    const invStd = ctx.scratch([c], `${ctx.id}.invstd`);
    const momentum = num(ctx.cfg, 'momentum');
    return {
      forward: [b.batchNormTrain({ ...common, mean, invStd, momentum })],
      backward: dy
        ? [
            b.batchNormBackward({
              dy, x: x[0], gamma: p.weight, mean, invStd, dx: dx[0], dgamma: g.weight, dbeta: g.bias, ...dims,
            }),
          ]
        : [],
    }; // prettier-ignore
  },
};
