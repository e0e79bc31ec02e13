// Host side of shaders/optimizer.wgsl: the update over the flat parameter buffer (one dispatch
// for the whole model), regularisation and max-norm.
import type { Backend, Kernel, OptimizerHyper } from '../../backend';
import type { GpuContext } from '../context';
import { makeKernel } from '../kernel';
import { asGpu } from '../tensors';
import { f32, u32 } from '../uniforms';

function uniforms(
  n: number,
  h: Partial<OptimizerHyper>,
  extra: { cols?: number; l1?: number; l2?: number; limit?: number } = {},
) {
  return [
    u32(n), u32(extra.cols ?? 0), f32(h.momentum ?? 0), f32(h.rho ?? 0), f32(h.beta1 ?? 0),
    f32(h.beta2 ?? 0), f32(h.eps ?? 0), f32(extra.l1 ?? 0), f32(extra.l2 ?? 0), f32(extra.limit ?? 0),
    u32(0), u32(0),
  ]; // prettier-ignore
}

export function optimizerStep(ctx: GpuContext, p: Parameters<Backend['optimizerStep']>[0]): Kernel {
  const { kind } = p.hyper;
  const [params, grads, scalars] = [p.params, p.grads, p.scalars].map(asGpu);
  // Bind only the state the rule uses: SGD has none, and unused slots may share a placeholder.
  const states = kind === 'sgd' ? 0 : kind === 'adam' ? 2 : 1;
  const tensors = [
    params,
    grads,
    scalars,
    states >= 1 ? asGpu(p.s1) : null,
    states >= 2 ? asGpu(p.s2) : null,
  ];
  const label = `optimizer ${kind}`;
  return makeKernel(label, [
    ctx.dispatch({
      label, shader: 'optimizer', entry: 'step', params: { KIND: kind },
      uniforms: uniforms(params.size, p.hyper), tensors, workgroups: ctx.strideGroups(params.size),
    }),
  ]); // prettier-ignore
}

export function regularize(ctx: GpuContext, p: Parameters<Backend['regularize']>[0]): Kernel {
  const [w, g] = [asGpu(p.params), asGpu(p.grads)];
  return makeKernel('regularize', [
    ctx.dispatch({
      label: 'regularize', shader: 'optimizer', entry: 'regularize', params: { KIND: 'none' },
      uniforms: uniforms(w.size, {}, { l1: p.l1, l2: p.l2 }), tensors: [w, g], workgroups: ctx.strideGroups(w.size),
    }),
  ]); // prettier-ignore
}

export function regLoss(ctx: GpuContext, p: Parameters<Backend['regLoss']>[0]): Kernel {
  const [w, m] = [asGpu(p.params), asGpu(p.metrics)];
  return makeKernel('regLoss', [
    ctx.dispatch({
      label: 'regLoss', shader: 'optimizer', entry: 'reg_loss', params: { KIND: 'none' },
      uniforms: uniforms(w.size, {}, { l1: p.l1, l2: p.l2 }), tensors: [w, m], workgroups: 1,
    }),
  ]); // prettier-ignore
}

export function maxNorm(ctx: GpuContext, p: Parameters<Backend['maxNorm']>[0]): Kernel {
  const w = asGpu(p.w);
  const label = `maxNorm ${p.w.label}`;
  return makeKernel(label, [
    ctx.dispatch({
      label, shader: 'optimizer', entry: 'max_norm', params: { KIND: 'none' },
      uniforms: uniforms(p.rows, {}, { cols: p.cols, limit: p.maxNorm }), tensors: [w],
      workgroups: ctx.strideGroups(p.rows),
    }),
  ]); // prettier-ignore
}
