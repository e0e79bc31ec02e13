// What the op builders (ops/*.ts) share: the device, its limits, the pipeline cache, uniform
// arena and tensor store, and `dispatch`, which turns (shader, template parameters, uniforms,
// tensors, workgroup count) into a ready-to-replay step after checking the device's limits.
import { type TemplateParams } from './template';
import { DeviceLimits } from './limits';
import { PipelineCache } from './pipelines';
import { shaderCode, type ShaderName } from './shaders';
import type { Step } from './kernel';
import { binding, type GpuTensor, TensorStore } from './tensors';
import { packUniforms, UniformArena, type UniformField } from './uniforms';
import type { ConvTuning } from './ops/conv';

/** Tile overrides per kernel family (for tuning on a new adapter; normally empty). */
export interface KernelTuning {
  readonly conv?: ConvTuning;
}

export interface DispatchSpec {
  /** Names the kernel in errors and GPU debug labels: `conv2d train64.conv1.out`. */
  readonly label: string;
  readonly shader: ShaderName;
  readonly entry?: string;
  readonly params?: TemplateParams;
  readonly uniforms?: readonly UniformField[];
  /** Storage bindings 1, 2, ...; null leaves a binding number unused. */
  readonly tensors: readonly (GpuTensor | null)[];
  /** Workgroups to launch (folded into a 2D grid when over the per-dimension limit). */
  readonly workgroups: number;
}

export class GpuContext {
  readonly limits: DeviceLimits;
  readonly pipelines: PipelineCache;
  readonly uniforms: UniformArena;
  readonly tensors: TensorStore;

  constructor(
    readonly device: GPUDevice,
    /** CPU-emulated adapter: pick the kernel variants that suit SIMD-on-CPU execution. */
    readonly emulated: boolean,
    /** Lanes of a 4-wide subgroup may share loads through subgroupBroadcast. */
    readonly subgroups4: boolean,
    readonly tuning: KernelTuning = {},
  ) {
    this.limits = new DeviceLimits(device.limits);
    this.pipelines = new PipelineCache(device);
    this.uniforms = new UniformArena(device, this.limits.minUniformBufferOffsetAlignment);
    this.tensors = new TensorStore(device, this.limits);
  }

  /**
   * Workgroups of 64 for a grid-stride loop over n elements. Emulated adapters pay per
   * workgroup (measured ~0.6 µs each on SwiftShader) and have few cores: few, long workgroups.
   * GPUs want plenty of them to hide latency.
   */
  strideGroups(n: number): number {
    const groups = Math.ceil(n / 64);
    return Math.max(1, Math.min(groups, this.emulated ? 16 : 4096));
  }

  dispatch(spec: DispatchSpec): Step {
    const { label } = spec;
    const storage: number[] = [];
    const entries: GPUBindGroupEntry[] = [];
    spec.tensors.forEach((t, i) => {
      if (!t) return;
      const b = binding(t);
      this.limits.checkBinding(b.size ?? 0, t.label, label);
      storage.push(i + 1);
      entries.push({ binding: i + 1, resource: b });
    });
    this.limits.checkStorageCount(storage.length, label);
    checkAliasing(spec.tensors, label);
    const hasUniforms = !!spec.uniforms && spec.uniforms.length > 0;
    if (hasUniforms) {
      entries.push({ binding: 0, resource: this.uniforms.alloc(packUniforms(spec.uniforms!)) });
    }
    const code = shaderCode(spec.shader, { ENTRY: spec.entry ?? 'main', ...spec.params });
    const entry = spec.entry ?? 'main';
    const { pipeline, layout } = this.pipelines.get(
      code,
      entry,
      { uniform: hasUniforms, storage },
      `${spec.shader}.${entry}`,
    );
    const bindGroup = this.device.createBindGroup({ label, layout, entries });
    const [x, y] = this.limits.grid(spec.workgroups, label);
    return { kind: 'dispatch', label, pipeline, bindGroup, x, y };
  }

  /** A tensor private to a kernel (transposed weights, partial sums). */
  scratch(size: number, label: string): GpuTensor {
    return this.tensors.create([size], label);
  }

  dispose(): void {
    this.tensors.dispose();
    this.uniforms.dispose();
  }
}

/**
 * Two bindings of one buffer are allowed only at disjoint ranges (WebGPU rejects aliasing
 * writable bindings). In-place ops use their own entry points; anything else is a bug.
 */
function checkAliasing(tensors: readonly (GpuTensor | null)[], label: string): void {
  const list = tensors.filter((t): t is GpuTensor => !!t);
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i];
      const b = list[j];
      if (a.buffer !== b.buffer) continue;
      const overlap = a.offset < b.offset + b.size && b.offset < a.offset + a.size;
      if (overlap) {
        throw new Error(
          `${label}: tensors "${a.label}" and "${b.label}" overlap in one GPU buffer; ` +
            'this op cannot run in place on WebGPU',
        );
      }
    }
  }
}
