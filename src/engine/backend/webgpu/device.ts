// Acquiring a GPUDevice from a GPU object (navigator.gpu in a page or worker, Dawn's GPU in
// Node) with the limits the kernels need. Compatibility-mode adapters (Dawn on OpenGL ES) grant
// tight defaults, e.g. 4 storage buffers per stage, unless more is asked for: ask for what the
// adapter offers on the limits that bound model size and kernel shape.

export interface AcquiredDevice {
  readonly device: GPUDevice;
  /** "SwiftShader (google, fallback adapter)" or the adapter's description. */
  readonly description: string;
  /** True for CPU-emulated adapters (SwiftShader, llvmpipe): kernels pick CPU-friendly variants. */
  readonly emulated: boolean;
  /** The subgroup size when the device has the 'subgroups' feature and the size is fixed. */
  readonly subgroupSize: number | null;
}

export interface AcquireOptions {
  readonly powerPreference?: GPUPowerPreference;
  /** 'compatibility' for Dawn on OpenGL ES (Node); browsers ignore unknown feature levels. */
  readonly featureLevel?: 'core' | 'compatibility';
}

/** Limits raised to what the adapter supports (never above it). */
const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
] as const;

export class WebGpuUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebGpuUnavailableError';
  }
}

export function describeAdapter(info: GPUAdapterInfo | undefined, fallback: boolean): string {
  const parts = [info?.description, info?.device, info?.architecture, info?.vendor].filter(
    (s): s is string => !!s,
  );
  const name = parts.length ? parts.join(' / ') : 'unknown adapter';
  return fallback ? `${name} (fallback adapter)` : name;
}

export function isEmulated(info: GPUAdapterInfo | undefined, fallback: boolean): boolean {
  const text = `${info?.architecture ?? ''} ${info?.description ?? ''} ${info?.device ?? ''}`;
  return fallback || /swiftshader|llvmpipe|lavapipe|softpipe|warp/i.test(text);
}

export async function acquireDevice(gpu: GPU, opts: AcquireOptions = {}): Promise<AcquiredDevice> {
  const request: GPURequestAdapterOptions & { featureLevel?: string } = {
    powerPreference: opts.powerPreference ?? 'high-performance',
  };
  if (opts.featureLevel) request.featureLevel = opts.featureLevel;
  const adapter = await gpu.requestAdapter(request);
  if (!adapter) throw new WebGpuUnavailableError('WebGPU is present but no GPU adapter was found');
  const requiredLimits: Record<string, number> = {};
  const limits = adapter.limits as unknown as Record<string, number>;
  for (const name of WANTED_LIMITS) {
    if (typeof limits[name] === 'number') requiredLimits[name] = limits[name];
  }
  // Subgroups let the lanes of an emulated adapter's SIMD group share loads (see conv.wgsl).
  const requiredFeatures: GPUFeatureName[] = adapter.features.has('subgroups')
    ? ['subgroups' as GPUFeatureName]
    : [];
  const device = await adapter.requestDevice({
    requiredLimits,
    requiredFeatures,
    label: 'convplay',
  });
  // isFallbackAdapter moved from the adapter to its info; read both.
  const info = adapter.info as GPUAdapterInfo | undefined;
  const fallback = Boolean(
    (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ??
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter,
  );
  const sg = info as { subgroupMinSize?: number; subgroupMaxSize?: number } | undefined;
  const subgroupSize =
    device.features.has('subgroups') &&
    sg?.subgroupMinSize &&
    sg.subgroupMinSize === sg.subgroupMaxSize
      ? sg.subgroupMinSize
      : null;
  return {
    device,
    description: describeAdapter(info, fallback),
    emulated: isEmulated(info, fallback),
    subgroupSize,
  };
}
