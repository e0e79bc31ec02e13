// Tensors on the GPU: each tensor() is its own storage buffer, a view is an element offset into
// another tensor's buffer (aligned to VIEW_ALIGN = 256 bytes, the storage binding offset
// alignment). Everything stays on the GPU for the whole run; the host only writes inputs and
// reads results.
import { shapeSize, VIEW_ALIGN, type Tensor } from '../backend';
import type { DeviceLimits } from './limits';

export interface GpuTensor extends Tensor {
  readonly buffer: GPUBuffer;
  /** Offset into `buffer`, in elements. */
  readonly offset: number;
}

export function isGpuTensor(t: Tensor): t is GpuTensor {
  return (t as GpuTensor).buffer !== undefined;
}

export function asGpu(t: Tensor): GpuTensor {
  if (!isGpuTensor(t)) throw new Error(`tensor "${t.label}" does not belong to the WebGPU backend`);
  return t;
}

/** The binding resource for a tensor (at least 4 bytes: a binding may not be empty). */
export function binding(t: GpuTensor): GPUBufferBinding {
  const size = Math.min(Math.max(t.size, 1) * 4, t.buffer.size - t.offset * 4);
  return { buffer: t.buffer, offset: t.offset * 4, size };
}

export class TensorStore {
  private readonly owned = new Set<GPUBuffer>();

  constructor(
    private readonly device: GPUDevice,
    private readonly limits: DeviceLimits,
  ) {}

  /** Bytes currently allocated for tensors. */
  get bytes(): number {
    let s = 0;
    for (const b of this.owned) s += b.size;
    return s;
  }

  create(shape: readonly number[], label: string): GpuTensor {
    const size = shapeSize(shape);
    // Whole vec4s, so kernels may bind any tensor as array<vec4<f32>>.
    const bytes = Math.max(16, Math.ceil(size / 4) * 16);
    this.limits.checkBuffer(bytes, label);
    const buffer = this.device.createBuffer({
      label,
      size: bytes,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    this.owned.add(buffer);
    // WebGPU zero-initialises new buffers.
    return { shape: [...shape], size, label, buffer, offset: 0 };
  }

  view(base: GpuTensor, offset: number, shape: readonly number[], label: string): GpuTensor {
    const size = shapeSize(shape);
    if (offset < 0 || offset + size > base.size) {
      throw new RangeError(`view ${label} [${offset}, ${offset + size}) outside ${base.label}`);
    }
    const abs = base.offset + offset;
    if (abs % VIEW_ALIGN !== 0) {
      throw new RangeError(
        `view ${label} starts at element ${abs} of ${base.label}; WebGPU needs multiples of ${VIEW_ALIGN}`,
      );
    }
    return { shape: [...shape], size, label, buffer: base.buffer, offset: abs };
  }

  dispose(): void {
    for (const b of this.owned) b.destroy();
    this.owned.clear();
  }
}
