// Host side of shaders/batchnorm.wgsl: statistics per channel (one workgroup each), then an
// elementwise normalisation; backward likewise.
import type { Backend, Kernel } from '../../backend';
import type { GpuContext } from '../context';
import { makeKernel } from '../kernel';
import { asGpu } from '../tensors';
import { f32, u32 } from '../uniforms';

function uniforms(n: number, c: number, hw: number, momentum = 0, eps = 0) {
  return [u32(n), u32(c), u32(hw), u32(n * c * hw), f32(momentum), f32(eps), u32(0), u32(0)];
}

export function batchNormTrain(
  ctx: GpuContext,
  p: Parameters<Backend['batchNormTrain']>[0],
): Kernel {
  const [x, y, gamma, beta, mean, invStd, runMean, runVar] = [
    p.x, p.y, p.gamma, p.beta, p.mean, p.invStd, p.runMean, p.runVar,
  ].map(asGpu); // prettier-ignore
  const label = `batchnorm ${p.y.label}`;
  const u = uniforms(p.n, p.c, p.hw, p.momentum, p.eps);
  return makeKernel(label, [
    ctx.dispatch({ label: `${label} stats`, shader: 'batchnorm', entry: 'stats', uniforms: u, tensors: [x, mean, invStd, runMean, runVar], workgroups: p.c }),
    ctx.dispatch({ label, shader: 'batchnorm', entry: 'apply_train', uniforms: u, tensors: [x, y, gamma, beta, mean, invStd], workgroups: ctx.strideGroups(y.size) }),
  ]); // prettier-ignore
}

export function batchNormEval(ctx: GpuContext, p: Parameters<Backend['batchNormEval']>[0]): Kernel {
  const [x, y, gamma, beta, runMean, runVar] = [p.x, p.y, p.gamma, p.beta, p.runMean, p.runVar].map(
    asGpu,
  );
  const label = `batchnorm.eval ${p.y.label}`;
  return makeKernel(label, [
    ctx.dispatch({
      label, shader: 'batchnorm', entry: 'apply_eval', uniforms: uniforms(p.n, p.c, p.hw, 0, p.eps),
      tensors: [x, y, gamma, beta, runMean, runVar], workgroups: ctx.strideGroups(y.size),
    }),
  ]); // prettier-ignore
}

export function batchNormBackward(
  ctx: GpuContext,
  p: Parameters<Backend['batchNormBackward']>[0],
): Kernel {
  const [dy, x, gamma, mean, invStd, dgamma, dbeta] = [
    p.dy, p.x, p.gamma, p.mean, p.invStd, p.dgamma, p.dbeta,
  ].map(asGpu); // prettier-ignore
  const label = `batchnorm.dx ${p.x.label}`;
  const u = uniforms(p.n, p.c, p.hw);
  const steps = [
    ctx.dispatch({ label: `${label} stats`, shader: 'batchnorm', entry: 'grad_stats', uniforms: u, tensors: [dy, x, mean, invStd, dgamma, dbeta], workgroups: p.c }),
  ]; // prettier-ignore
  if (p.dx) {
    const dx = asGpu(p.dx);
    steps.push(
      ctx.dispatch({ label, shader: 'batchnorm', entry: 'grad_input', uniforms: u, tensors: [dy, x, gamma, mean, invStd, dgamma, dbeta, dx], workgroups: ctx.strideGroups(dx.size) }),
    ); // prettier-ignore
  }
  return makeKernel(label, steps);
}
