// Fusing activation layers into the kernels next to them (see activation.wgsl). The backend
// decides when (webgpu-backend.ts); this module turns a decision into template parameters and
// the extra bindings 5–7.
import type { Activation } from '../../backend';
import type { GpuTensor } from '../tensors';
import { activationParams } from './elementwise';

export type Fusion =
  | { readonly kind: 'none' }
  /** Also store act(v) into `out` (an activation layer reading this kernel's output). */
  | {
      readonly kind: 'fwd';
      readonly act: Activation;
      readonly alpha: number;
      readonly out: GpuTensor;
    }
  /** Also store act'(x, y)·v into `dx` (the backward pass of an activation whose dy this is). */
  | {
      readonly kind: 'bwd';
      readonly act: Activation;
      readonly alpha: number;
      readonly x: GpuTensor;
      readonly y: GpuTensor;
      readonly dx: GpuTensor;
    };

export const NO_FUSION: Fusion = { kind: 'none' };

/**
 * Template parameters and bindings for a kernel with its own activation (`act`, applied when
 * nothing is fused) and storage bindings `own` (1..n, n ≤ 4).
 */
export function fused(
  f: Fusion,
  own: readonly (GpuTensor | null)[],
  act: Activation = 'none',
  alpha = 0,
): { params: Record<string, string>; tensors: (GpuTensor | null)[] } {
  const tensors: (GpuTensor | null)[] = [...own];
  if (f.kind === 'none')
    return { params: { FUSE: 'none', ...activationParams(act, alpha) }, tensors };
  if (act !== 'none') throw new Error('cannot fuse an activation into a kernel that applies one');
  while (tensors.length < 4) tensors.push(null);
  if (f.kind === 'fwd') {
    tensors.push(f.out);
  } else {
    const needX = f.act === 'leaky_relu' || f.act === 'elu';
    const needY = f.act !== 'leaky_relu';
    tensors.push(needX ? f.x : null, needY ? f.y : null, f.dx);
  }
  return { params: { FUSE: f.kind, ...activationParams(f.act, f.alpha) }, tensors };
}
