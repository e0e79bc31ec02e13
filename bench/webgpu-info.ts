// GPUAdapterInfo is a host object: JSON.stringify gives {}. Copy the fields worth reporting.
export interface AdapterInfoJson {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter?: boolean;
}

export function adapterInfoJson(info: GPUAdapterInfo | undefined): AdapterInfoJson | undefined {
  if (!info) return undefined;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: (info as { isFallbackAdapter?: boolean }).isFallbackAdapter,
  };
}
