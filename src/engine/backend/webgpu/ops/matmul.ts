// Host side of shaders/matmul.wgsl. CPU-emulated adapters get the register-tiled family (no
// workgroup memory: barriers are very costly there); real GPUs get the workgroup-memory tiles.
import type { Backend, Kernel } from '../../backend';
import type { GpuContext } from '../context';
import { makeKernel } from '../kernel';
import { asGpu } from '../tensors';
import { fused, NO_FUSION, type Fusion } from './fusion';

export type MatmulFamily = 'registers' | 'tiled';

export function matmul(
  ctx: GpuContext,
  p: Parameters<Backend['matmul']>[0],
  family: MatmulFamily,
  fusion: Fusion = NO_FUSION,
): Kernel {
  const { m, n, k, transA, transB } = p;
  const label = `matmul ${p.c.label}`;
  const [a, b, c] = [asGpu(p.a), asGpu(p.b), asGpu(p.c)];
  const bias = p.bias ? asGpu(p.bias) : null;
  const f = fused(fusion, bias ? [a, b, c, bias] : [a, b, c], p.act, p.alpha);
  const base = {
    M: m, N: n, K: k, TRANS_A: transA ? 1 : 0, TRANS_B: transB ? 1 : 0, HAS_BIAS: bias ? 1 : 0,
    ...f.params,
  }; // prettier-ignore
  const tensors = f.tensors;
  if (family === 'tiled') {
    return makeKernel(label, [
      ctx.dispatch({
        label, shader: 'matmul', params: { ...base, FAMILY: 'tiled', VEC_A: 0, VEC_B: 0 },
        tensors, workgroups: Math.ceil(m / 32) * Math.ceil(n / 64),
      }),
    ]); // prettier-ignore
  }
  // a and b both contiguous along k: vec4 dot products; otherwise walk k with b as vec4 rows.
  const dot = transB && !transA && k % 4 === 0;
  // Outer mode loads RM values of a and RN4 vec4s of b per k for 4·RM·RN4 multiply-adds: 8×8
  // tiles when the matrix is big enough to keep the device busy (measured on SwiftShader).
  const big = !dot && m >= 16 && n >= 256;
  const rm = Math.min(big ? 8 : 4, m);
  const rn4 = big ? 2 : 1;
  const threads = Math.ceil(m / rm) * Math.ceil(n / (4 * rn4));
  return makeKernel(label, [
    ctx.dispatch({
      label, shader: 'matmul',
      params: {
        ...base, FAMILY: 'registers', MODE: dot ? 'dot' : 'outer', RM: rm, RN4: rn4,
        VEC_A: dot ? 1 : 0, VEC_B: dot || (!transB && n % 4 === 0) ? 1 : 0,
      },
      tensors, workgroups: Math.ceil(threads / 64),
    }),
  ]); // prettier-ignore
}
