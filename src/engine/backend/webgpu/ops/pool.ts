// Host side of shaders/pool.wgsl: max/avg pooling (global average pooling is avg pooling with
// the whole map as the window), geometry baked into the pipeline.
import type { Backend, Kernel, Pool2dGeometry } from '../../backend';
import type { GpuContext } from '../context';
import { makeKernel } from '../kernel';
import { f32Literal } from '../shaders';
import { asGpu } from '../tensors';
import { fused, NO_FUSION, type Fusion } from './fusion';

/** Windows tile the image: stride = size, no padding (each input in at most one window). */
function tiling(g: Pool2dGeometry): boolean {
  return g.sh === g.kh && g.sw === g.kw && g.ph === 0 && g.pw === 0;
}

function params(g: Pool2dGeometry, mode: string) {
  const inside =
    g.ph === 0 && g.pw === 0 && (g.oh - 1) * g.sh + g.kh <= g.h && (g.ow - 1) * g.sw + g.kw <= g.w;
  return {
    PLANES: g.n * g.c, H: g.h, W: g.w, KH: g.kh, KW: g.kw, SH: g.sh, SW: g.sw, PH: g.ph, PW: g.pw,
    OH: g.oh, OW: g.ow, INV_WINDOW: f32Literal(1 / (g.kh * g.kw)), MODE: mode,
    // Unrolling is for small windows; a global pool's window is the whole map.
    INSIDE: inside && g.kh * g.kw <= 16 ? 1 : 0,
    EXACT: g.h % g.sh === 0 && g.w % g.sw === 0 ? 1 : 0,
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
      label, shader: 'pool', entry: p.mode === 'max' ? 'max_fwd' : 'avg_fwd', params: params(p.g, p.mode),
      tensors, workgroups: ctx.strideGroups(y.size),
    }),
  ]); // prettier-ignore
}

export function pool2dBackward(
  ctx: GpuContext,
  p: Parameters<Backend['pool2dBackward']>[0],
  fusion: Fusion = NO_FUSION,
): Kernel {
  const [dy, dx] = [asGpu(p.dy), asGpu(p.dx)];
  const label = `${p.mode}pool.dx ${p.dx.label}`;
  if (p.mode === 'max' && !p.argmax)
    throw new Error(`${label}: max pooling needs an argmax tensor`);
  const f = fused(fusion, p.mode === 'max' ? [dy, dx, asGpu(p.argmax!)] : [dy, dx]);
  const tile = tiling(p.g) && p.g.kh * p.g.kw <= 16;
  const entry = tile ? 'tile_bwd' : p.mode === 'max' ? 'max_bwd' : 'avg_bwd';
  const work = tile
    ? p.g.n * p.g.c * Math.ceil(p.g.h / p.g.sh) * Math.ceil(p.g.w / p.g.sw)
    : dx.size;
  return makeKernel(label, [
    ctx.dispatch({
      label, shader: 'pool', entry, params: { ...params(p.g, p.mode), ...f.params },
      tensors: f.tensors, workgroups: ctx.strideGroups(work),
    }),
  ]); // prettier-ignore
}
