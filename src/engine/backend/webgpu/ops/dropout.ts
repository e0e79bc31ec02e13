// Host side of shaders/dropout.wgsl. The threshold and scale are computed here exactly as the
// CPU backend computes them (src/engine/backend/hash.ts), so both drop the same elements.
import type { Backend, Kernel, Tensor } from '../../backend';
import { dropThreshold } from '../../hash';
import type { GpuContext } from '../context';
import { makeKernel } from '../kernel';
import { asGpu } from '../tensors';
import { f32, u32 } from '../uniforms';

function build(
  ctx: GpuContext,
  src: Tensor,
  dst: Tensor,
  rate: number,
  salt: number,
  scalars: Tensor,
  label: string,
): Kernel {
  const [s, d, sc] = [asGpu(src), asGpu(dst), asGpu(scalars)];
  const uniforms = [
    u32(d.size),
    u32(dropThreshold(rate)),
    u32(salt),
    f32(rate < 1 ? 1 / (1 - rate) : 0),
  ];
  const inPlace = s.buffer === d.buffer && s.offset === d.offset;
  return makeKernel(label, [
    ctx.dispatch({
      label, shader: 'dropout', entry: inPlace ? 'dropout_inplace' : 'dropout', uniforms,
      tensors: inPlace ? [d, null, sc] : [s, d, sc], workgroups: ctx.strideGroups(d.size),
    }),
  ]); // prettier-ignore
}

export function dropout(ctx: GpuContext, p: Parameters<Backend['dropout']>[0]): Kernel {
  return build(ctx, p.x, p.y, p.rate, p.salt, p.scalars, `dropout ${p.y.label}`);
}

export function dropoutBackward(
  ctx: GpuContext,
  p: Parameters<Backend['dropoutBackward']>[0],
): Kernel {
  return build(ctx, p.dy, p.dx, p.rate, p.salt, p.scalars, `dropout.dx ${p.dx.label}`);
}
