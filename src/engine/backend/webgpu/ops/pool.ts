// Host side of shaders/pool.wgsl: max/avg pooling (global average pooling is avg pooling with
// the whole map as the window), geometry baked into the pipeline.
import type { Backend, Kernel, Pool2dGeometry } from '../../backend';
import type { GpuContext } from '../context';
import { makeKernel } from '../kernel';
import { f32Literal } from '../shaders';
import { asGpu } from '../tensors';

function params(g: Pool2dGeometry) {
  return {
    PLANES: g.n * g.c, H: g.h, W: g.w, KH: g.kh, KW: g.kw, SH: g.sh, SW: g.sw, PH: g.ph, PW: g.pw,
    OH: g.oh, OW: g.ow, INV_WINDOW: f32Literal(1 / (g.kh * g.kw)),
  }; // prettier-ignore
}

export function pool2d(ctx: GpuContext, p: Parameters<Backend['pool2d']>[0]): Kernel {
  const [x, y] = [asGpu(p.x), asGpu(p.y)];
  const label = `${p.mode}pool ${p.y.label}`;
  if (p.mode === 'max' && !p.argmax)
    throw new Error(`${label}: max pooling needs an argmax tensor`);
  const tensors = p.mode === 'max' ? [x, y, asGpu(p.argmax!)] : [x, y];
  return makeKernel(label, [
    ctx.dispatch({
      label, shader: 'pool', entry: p.mode === 'max' ? 'max_fwd' : 'avg_fwd', params: params(p.g),
      tensors, workgroups: ctx.strideGroups(y.size),
    }),
  ]); // prettier-ignore
}

export function pool2dBackward(
  ctx: GpuContext,
  p: Parameters<Backend['pool2dBackward']>[0],
): Kernel {
  const [dy, dx] = [asGpu(p.dy), asGpu(p.dx)];
  const label = `${p.mode}pool.dx ${p.dx.label}`;
  if (p.mode === 'max' && !p.argmax)
    throw new Error(`${label}: max pooling needs an argmax tensor`);
  const tensors = p.mode === 'max' ? [dy, dx, asGpu(p.argmax!)] : [dy, dx];
  return makeKernel(label, [
    ctx.dispatch({
      label, shader: 'pool', entry: p.mode === 'max' ? 'max_bwd' : 'avg_bwd', params: params(p.g),
      tensors, workgroups: ctx.strideGroups(dx.size),
    }),
  ]); // prettier-ignore
}
