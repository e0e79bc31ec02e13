// Host side of shaders/loss.wgsl: softmax cross-entropy and multiclass hinge, each one kernel
// that writes the gradient and accumulates the metrics on the GPU.
import type { Backend, Kernel } from '../../backend';
import type { GpuContext } from '../context';
import { makeKernel } from '../kernel';
import { asGpu } from '../tensors';
import { f32, u32 } from '../uniforms';

export function softmaxCrossEntropy(
  ctx: GpuContext,
  p: Parameters<Backend['softmaxCrossEntropy']>[0],
): Kernel {
  const t = [p.logits, p.labels, p.grad, p.metrics].map(asGpu);
  return makeKernel('softmax-xent', [
    ctx.dispatch({
      label: 'softmax-xent', shader: 'loss', entry: 'softmax_xent',
      uniforms: [u32(p.n), u32(p.c), f32(p.scale), f32(0)], tensors: t, workgroups: 1,
    }),
  ]); // prettier-ignore
}

export function hinge(ctx: GpuContext, p: Parameters<Backend['hinge']>[0]): Kernel {
  const t = [p.scores, p.labels, p.grad, p.metrics].map(asGpu);
  return makeKernel('hinge', [
    ctx.dispatch({
      label: 'hinge', shader: 'loss', entry: 'hinge',
      uniforms: [u32(p.n), u32(p.c), f32(p.scale), f32(p.margin)], tensors: t, workgroups: 1,
    }),
  ]); // prettier-ignore
}
