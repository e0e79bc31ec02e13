// Says what this browser can train on. A placeholder for the backend the training session
// actually picks (it will report it): for now it probes for a WebGPU adapter, as the session will.
import { useEffect, useState } from 'react';

type Probe =
  | { state: 'probing' }
  | { state: 'webgpu'; detail: string; fallback: boolean }
  | { state: 'cpu'; reason: string };

async function probe(): Promise<Probe> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { state: 'cpu', reason: 'this browser has no WebGPU' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { state: 'cpu', reason: 'no WebGPU adapter available' };
    const info = adapter.info;
    const detail = [info?.vendor, info?.architecture].filter(Boolean).join(' ') || 'GPU';
    return { state: 'webgpu', detail, fallback: Boolean(info?.isFallbackAdapter) };
  } catch (e) {
    return { state: 'cpu', reason: e instanceof Error ? e.message : String(e) };
  }
}

export function BackendBadge() {
  const [p, setP] = useState<Probe>({ state: 'probing' });
  useEffect(() => {
    let live = true;
    void probe().then((r) => live && setP(r));
    return () => {
      live = false;
    };
  }, []);
  if (p.state === 'probing') return <span className="badge">Checking GPU…</span>;
  if (p.state === 'cpu') {
    return (
      <span className="badge badge-cpu" title={`Training will use the CPU: ${p.reason}`}>
        CPU
      </span>
    );
  }
  return (
    <span
      className="badge badge-gpu"
      title={`WebGPU adapter: ${p.detail}${p.fallback ? ' (software fallback: slow)' : ''}`}
    >
      WebGPU{p.fallback ? ' (software)' : ''}
    </span>
  );
}
