// The device's limits, checked when a kernel is built (that is, when a model is compiled for a
// run, before any training): a tensor or dispatch that does not fit fails with a message naming
// the tensor, the kernel and the limit, never a silent wrong answer. Dispatches larger than one
// grid dimension are folded into two dimensions, which the kernels index as flat workgroup ids.

export class WebGpuLimitError extends Error {
  constructor(
    message: string,
    readonly limit: string,
    readonly needed: number,
    readonly allowed: number,
  ) {
    super(message);
    this.name = 'WebGpuLimitError';
  }
}

function mib(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${bytes} bytes`;
}

export class DeviceLimits {
  readonly maxBufferSize: number;
  readonly maxStorageBufferBindingSize: number;
  readonly maxStorageBuffersPerShaderStage: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly minStorageBufferOffsetAlignment: number;
  readonly minUniformBufferOffsetAlignment: number;

  constructor(l: GPUSupportedLimits) {
    this.maxBufferSize = l.maxBufferSize;
    this.maxStorageBufferBindingSize = l.maxStorageBufferBindingSize;
    this.maxStorageBuffersPerShaderStage = l.maxStorageBuffersPerShaderStage;
    this.maxComputeWorkgroupsPerDimension = l.maxComputeWorkgroupsPerDimension;
    this.maxComputeWorkgroupStorageSize = l.maxComputeWorkgroupStorageSize;
    this.maxComputeInvocationsPerWorkgroup = l.maxComputeInvocationsPerWorkgroup;
    this.minStorageBufferOffsetAlignment = l.minStorageBufferOffsetAlignment;
    this.minUniformBufferOffsetAlignment = l.minUniformBufferOffsetAlignment;
  }

  /** A new tensor of `bytes`. */
  checkBuffer(bytes: number, tensor: string): void {
    // A tensor bigger than one binding can never be read by a kernel whole: report that, the
    // tighter of the two limits, at allocation.
    const allowed = Math.min(this.maxBufferSize, this.maxStorageBufferBindingSize);
    if (bytes > allowed) {
      const limit =
        allowed === this.maxBufferSize ? 'maxBufferSize' : 'maxStorageBufferBindingSize';
      throw new WebGpuLimitError(
        `Tensor "${tensor}" needs ${mib(bytes)}, but this GPU allows at most ${mib(allowed)} ` +
          `per buffer (${limit}). Use a smaller batch size or smaller layers, or train on the CPU.`,
        limit,
        bytes,
        allowed,
      );
    }
  }

  checkBinding(bytes: number, tensor: string, kernel: string): void {
    if (bytes > this.maxStorageBufferBindingSize) {
      throw new WebGpuLimitError(
        `Kernel "${kernel}" binds tensor "${tensor}" of ${mib(bytes)}, but this GPU allows at ` +
          `most ${mib(this.maxStorageBufferBindingSize)} per storage binding ` +
          `(maxStorageBufferBindingSize). Use a smaller batch size or smaller layers.`,
        'maxStorageBufferBindingSize',
        bytes,
        this.maxStorageBufferBindingSize,
      );
    }
  }

  checkStorageCount(count: number, kernel: string): void {
    if (count > this.maxStorageBuffersPerShaderStage) {
      throw new WebGpuLimitError(
        `Kernel "${kernel}" needs ${count} storage buffers, but this GPU allows ` +
          `${this.maxStorageBuffersPerShaderStage} per shader stage ` +
          `(maxStorageBuffersPerShaderStage).`,
        'maxStorageBuffersPerShaderStage',
        count,
        this.maxStorageBuffersPerShaderStage,
      );
    }
  }

  /** Workgroup grid for `count` workgroups: [x, y] with x·y ≥ count, each within the limit. */
  grid(count: number, kernel: string): [number, number] {
    const max = this.maxComputeWorkgroupsPerDimension;
    const n = Math.max(1, count);
    if (n <= max) return [n, 1];
    const y = Math.ceil(n / max);
    if (y > max) {
      throw new WebGpuLimitError(
        `Kernel "${kernel}" needs ${n} workgroups, more than this GPU can launch ` +
          `(${max}² with maxComputeWorkgroupsPerDimension = ${max}).`,
        'maxComputeWorkgroupsPerDimension',
        n,
        max * max,
      );
    }
    return [Math.ceil(n / y), y];
  }
}
