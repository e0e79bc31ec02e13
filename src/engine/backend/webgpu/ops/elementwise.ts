// Host side of shaders/elementwise.wgsl: fill, copy, add, activations, Concat block copies and
// per-channel sums.
import type { Activation, Backend, Kernel, Tensor } from '../../backend';
import type { GpuContext } from '../context';
import { makeKernel, type GpuKernel, type Step } from '../kernel';
import { f32Literal } from '../shaders';
import { asGpu, type GpuTensor } from '../tensors';
import { f32, u32 } from '../uniforms';

export function activationParams(act: Activation, alpha: number) {
  return { ACT: act, ALPHA: f32Literal(alpha) };
}

function same(a: GpuTensor, b: GpuTensor): boolean {
  return a.buffer === b.buffer && a.offset === b.offset && a.size === b.size;
}

function overlaps(a: GpuTensor, b: GpuTensor): boolean {
  return a.buffer === b.buffer && a.offset < b.offset + b.size && b.offset < a.offset + a.size;
}

export function fill(ctx: GpuContext, t: Tensor, value: number): Kernel {
  const g = asGpu(t);
  const label = `fill ${t.label}`;
  if (value === 0 && !Object.is(value, -0)) {
    return makeKernel(label, [
      { kind: 'clear', buffer: g.buffer, offset: g.offset * 4, size: g.size * 4 },
    ]);
  }
  return makeKernel(label, [
    ctx.dispatch({
      label, shader: 'elementwise', entry: 'fill',
      uniforms: [u32(g.size), f32(value)], tensors: [g], workgroups: ctx.strideGroups(g.size),
    }),
  ]); // prettier-ignore
}

export function copy(_ctx: GpuContext, src: Tensor, dst: Tensor): Kernel {
  const [s, d] = [asGpu(src), asGpu(dst)];
  const label = `copy ${src.label}→${dst.label}`;
  if (s.size > d.size) throw new RangeError(`${label}: source larger than destination`);
  if (same(s, d) || s.size === 0) return makeKernel(label, []);
  if (overlaps(s, d)) throw new Error(`${label}: source and destination overlap`);
  const step: Step = {
    kind: 'copy', src: s.buffer, srcOffset: s.offset * 4, dst: d.buffer, dstOffset: d.offset * 4, size: s.size * 4,
  }; // prettier-ignore
  return makeKernel(label, [step]);
}

export function add(ctx: GpuContext, a: Tensor, b: Tensor, out: Tensor): Kernel {
  const [ga, gb, go] = [asGpu(a), asGpu(b), asGpu(out)];
  const label = `add ${out.label}`;
  const n = go.size;
  const common = {
    label,
    shader: 'elementwise' as const,
    uniforms: [u32(n)],
    workgroups: ctx.strideGroups(n),
  };
  let step: Step;
  if (same(ga, go) && same(gb, go)) {
    step = ctx.dispatch({ ...common, entry: 'add_self', tensors: [go] });
  } else if (same(ga, go)) {
    step = ctx.dispatch({ ...common, entry: 'add_inplace', tensors: [go, gb] });
  } else if (same(gb, go)) {
    step = ctx.dispatch({ ...common, entry: 'add_inplace', tensors: [go, ga] });
  } else if (same(ga, gb)) {
    // out = 2a without binding a twice: copy, then double in place.
    const first = copy(ctx, ga, go) as GpuKernel;
    return makeKernel(label, [
      ...first.steps,
      ctx.dispatch({ ...common, entry: 'add_self', tensors: [go] }),
    ]);
  } else {
    step = ctx.dispatch({ ...common, entry: 'add', tensors: [ga, gb, go] });
  }
  return makeKernel(label, [step]);
}

export function activation(ctx: GpuContext, p: Parameters<Backend['activation']>[0]): Kernel {
  const [x, y] = [asGpu(p.x), asGpu(p.y)];
  const label = `${p.act} ${p.y.label}`;
  const params = activationParams(p.act, p.alpha);
  const common = {
    label,
    shader: 'elementwise' as const,
    params,
    uniforms: [u32(y.size)],
    workgroups: ctx.strideGroups(y.size),
  };
  if (same(x, y)) {
    if (p.act === 'none') return makeKernel(label, []);
    return makeKernel(label, [ctx.dispatch({ ...common, entry: 'act_inplace', tensors: [y] })]);
  }
  return makeKernel(label, [ctx.dispatch({ ...common, entry: 'act', tensors: [x, y] })]);
}

export function activationBackward(
  ctx: GpuContext,
  p: Parameters<Backend['activationBackward']>[0],
): Kernel {
  const [x, y, dy, dx] = [asGpu(p.x), asGpu(p.y), asGpu(p.dy), asGpu(p.dx)];
  const label = `${p.act}.dx ${p.dx.label}`;
  if (p.act === 'none') return copy(ctx, dy, dx);
  // Bind only what the derivative reads: x for leaky ReLU, x and y for ELU, y otherwise.
  const useX = p.act === 'leaky_relu' || p.act === 'elu';
  const useY = p.act !== 'leaky_relu';
  return makeKernel(label, [
    ctx.dispatch({
      label, shader: 'elementwise', entry: 'act_grad', params: activationParams(p.act, p.alpha),
      uniforms: [u32(dx.size)], tensors: [useX ? x : null, useY ? y : null, dy, dx],
      workgroups: ctx.strideGroups(dx.size),
    }),
  ]); // prettier-ignore
}

export function copyChannels(ctx: GpuContext, p: Parameters<Backend['copyChannels']>[0]): Kernel {
  const [src, dst] = [asGpu(p.src), asGpu(p.dst)];
  const { n, srcC, dstC, offsetC, hw, direction } = p;
  const label = `copyChannels ${direction} ${p.src.label}`;
  const total = n * srcC * hw;
  return makeKernel(label, [
    ctx.dispatch({
      label, shader: 'elementwise', entry: 'copy_channels',
      uniforms: [u32(total), f32(0), u32(srcC * hw), u32(dstC * hw), u32(offsetC * hw), u32(direction === 'scatter' ? 1 : 0)],
      tensors: [src, dst], workgroups: ctx.strideGroups(total),
    }),
  ]); // prettier-ignore
}

export function channelSum(ctx: GpuContext, p: Parameters<Backend['channelSum']>[0]): Kernel {
  const [dy, out] = [asGpu(p.dy), asGpu(p.out)];
  const label = `channelSum ${p.out.label}`;
  // Short sums (dense bias gradients) take one invocation per channel; long ones (per-channel
  // sums over feature maps) one workgroup per channel with a reduction in workgroup memory.
  const small = p.n * p.hw <= 4096;
  return makeKernel(label, [
    ctx.dispatch({
      label, shader: 'elementwise', entry: small ? 'channel_sum_small' : 'channel_sum',
      uniforms: [u32(p.n), f32(0), u32(p.c), u32(p.hw)], tensors: [dy, out],
      workgroups: small ? ctx.strideGroups(p.c) : p.c,
    }),
  ]); // prettier-ignore
}
