// Per-kernel uniform blocks (sizes, coefficients), written once when the kernel is built and
// sub-allocated from shared 64 KiB buffers at the device's uniform offset alignment, so that a
// program of hundreds of kernels uses a handful of buffers and replay writes nothing.

export type UniformField = readonly ['u32' | 'i32' | 'f32', number];

/**
 * Packs 4-byte scalars in order. The block is at least 64 bytes, so a kernel may pass fewer
 * fields than its shader's struct declares (the binding must cover the whole struct; the rest
 * reads as zero), and a multiple of 16 bytes as uniform layout requires.
 */
export function packUniforms(fields: readonly UniformField[]): ArrayBuffer {
  const bytes = Math.max(64, Math.ceil((fields.length * 4) / 16) * 16);
  const buf = new ArrayBuffer(bytes);
  const view = new DataView(buf);
  fields.forEach(([type, v], i) => {
    if (type === 'f32') view.setFloat32(i * 4, v, true);
    else if (type === 'i32') view.setInt32(i * 4, v, true);
    else view.setUint32(i * 4, v >>> 0, true);
  });
  return buf;
}

export const u32 = (v: number): UniformField => ['u32', v];
export const i32 = (v: number): UniformField => ['i32', v];
export const f32 = (v: number): UniformField => ['f32', v];

const PAGE = 65536;

export class UniformArena {
  private page: GPUBuffer | null = null;
  private used = PAGE;
  private readonly pages: GPUBuffer[] = [];

  constructor(
    private readonly device: GPUDevice,
    private readonly align: number,
  ) {}

  alloc(data: ArrayBuffer): GPUBufferBinding {
    const size = data.byteLength;
    let offset = Math.ceil(this.used / this.align) * this.align;
    if (!this.page || offset + size > PAGE) {
      this.page = this.device.createBuffer({
        label: `uniforms#${this.pages.length}`,
        size: PAGE,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      });
      this.pages.push(this.page);
      offset = 0;
    }
    this.device.queue.writeBuffer(this.page, offset, data);
    this.used = offset + size;
    return { buffer: this.page, offset, size };
  }

  dispose(): void {
    for (const p of this.pages) p.destroy();
    this.pages.length = 0;
    this.page = null;
  }
}
