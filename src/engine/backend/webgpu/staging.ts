// Reading tensors back without stalling training. Each read copies the tensor into a MAP_READ
// staging buffer in its own submit, at call time, so a later step that overwrites the tensor
// does not change what the read returns; mapping resolves asynchronously. Staging buffers are
// kept in a small ring per size class and reused, so steady-state reads allocate nothing on
// the GPU, and several reads can be in flight at once.

const KEEP_PER_CLASS = 4;

export class StagingRing {
  private readonly free = new Map<number, GPUBuffer[]>();
  private readonly all = new Set<GPUBuffer>();
  private inFlight = 0;

  constructor(private readonly device: GPUDevice) {}

  /** Reads in flight (for tests and diagnostics). */
  get pending(): number {
    return this.inFlight;
  }

  /** Staging buffers currently owned (free or in flight). */
  get buffers(): number {
    return this.all.size;
  }

  private acquire(bytes: number): GPUBuffer {
    // Power-of-two size classes (at least 256 bytes) so similar reads share buffers.
    const cls = Math.max(256, 2 ** Math.ceil(Math.log2(bytes)));
    const list = this.free.get(cls);
    const b = list?.pop();
    if (b) return b;
    const nb = this.device.createBuffer({
      label: `staging ${cls}`,
      size: cls,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.all.add(nb);
    return nb;
  }

  private release(b: GPUBuffer): void {
    const list = this.free.get(b.size) ?? [];
    if (list.length < KEEP_PER_CLASS) {
      list.push(b);
      this.free.set(b.size, list);
    } else {
      this.all.delete(b);
      b.destroy();
    }
  }

  read(src: GPUBuffer, offsetBytes: number, bytes: number): Promise<Float32Array> {
    if (bytes === 0) return Promise.resolve(new Float32Array(0));
    const staging = this.acquire(bytes);
    const enc = this.device.createCommandEncoder({ label: 'read' });
    enc.copyBufferToBuffer(src, offsetBytes, staging, 0, bytes);
    this.device.queue.submit([enc.finish()]);
    this.inFlight++;
    return staging.mapAsync(GPUMapMode.READ, 0, bytes).then(
      () => {
        const out = new Float32Array(staging.getMappedRange(0, bytes).slice(0));
        staging.unmap();
        this.inFlight--;
        this.release(staging);
        return out;
      },
      (e: unknown) => {
        this.inFlight--;
        this.all.delete(staging);
        staging.destroy();
        throw e;
      },
    );
  }

  dispose(): void {
    for (const b of this.all) b.destroy();
    this.all.clear();
    this.free.clear();
  }
}
