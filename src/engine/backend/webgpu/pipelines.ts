// Compute pipelines cached by (generated source, entry point, binding layout): layers with the
// same shapes share pipelines, and a run compiles each distinct kernel once. Layouts are
// explicit, built from the bindings the host passes (uniform block at 0, storage from 1), so
// a shader may declare bindings an entry point does not use.

export interface LayoutKey {
  readonly uniform: boolean;
  /** Storage binding numbers. */
  readonly storage: readonly number[];
}

export interface CachedPipeline {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

export class PipelineCache {
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly layouts = new Map<string, GPUBindGroupLayout>();
  private readonly pipelines = new Map<string, CachedPipeline>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  private layout(key: LayoutKey): { bgl: GPUBindGroupLayout; id: string } {
    const id = `${key.uniform ? 'u' : ''}:${key.storage.join(',')}`;
    let bgl = this.layouts.get(id);
    if (!bgl) {
      const entries: GPUBindGroupLayoutEntry[] = [];
      if (key.uniform) {
        entries.push({
          binding: 0,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: 'uniform' },
        });
      }
      for (const b of key.storage) {
        entries.push({
          binding: b,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: 'storage' },
        });
      }
      bgl = this.device.createBindGroupLayout({ label: `layout ${id}`, entries });
      this.layouts.set(id, bgl);
    }
    return { bgl, id };
  }

  get(code: string, entry: string, key: LayoutKey, label: string): CachedPipeline {
    const { bgl, id } = this.layout(key);
    const cacheKey = `${id}\n${entry}\n${code}`;
    let p = this.pipelines.get(cacheKey);
    if (!p) {
      let module = this.modules.get(code);
      if (!module) {
        module = this.device.createShaderModule({ label, code });
        this.modules.set(code, module);
      }
      const pipeline = this.device.createComputePipeline({
        label,
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [bgl] }),
        compute: { module, entryPoint: entry },
      });
      p = { pipeline, layout: bgl };
      this.pipelines.set(cacheKey, p);
    }
    return p;
  }
}
