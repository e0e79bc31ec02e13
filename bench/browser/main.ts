// The bench page: exposes window.convplayBench for the runner (bench/run.ts), which opens one
// fresh page per contestant and net in one headless Chromium and calls run() through Playwright.
import { findContestant } from '../contestants/registry';
import { makeTask, runContestant, type RunOptions, type RunResult } from '../harness';
import type { NetDef } from '../netdef';
import { adapterInfoJson, type AdapterInfoJson } from '../webgpu-info';

export interface BrowserEnv {
  userAgent: string;
  hardwareConcurrency: number;
  isSecureContext: boolean;
  crossOriginIsolated: boolean;
  webgpu: {
    available: boolean;
    adapter?: AdapterInfoJson;
    /** From adapter.isFallbackAdapter where the browser still has it, else adapter.info. */
    isFallbackAdapter?: boolean;
    features?: string[];
    error?: string;
  };
  webgl: { version?: string; vendor?: string; renderer?: string; error?: string };
}

export interface BenchPage {
  environment(): Promise<BrowserEnv>;
  run(name: string, net: NetDef, batch: number, seed: number, opts: RunOptions): Promise<RunResult>;
}

declare global {
  interface Window {
    convplayBench?: BenchPage;
  }
}

const logEl = document.getElementById('log');
function log(msg: string): void {
  // The runner echoes console lines that start with [bench].
  console.log(`[bench] ${msg}`);
  if (logEl) logEl.textContent += `${msg}\n`;
}

async function webgpuEnv(): Promise<BrowserEnv['webgpu']> {
  if (!('gpu' in navigator)) return { available: false, error: 'navigator.gpu is missing' };
  try {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { available: false, error: 'requestAdapter() returned null' };
    const info = adapterInfoJson(adapter.info);
    const legacy = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
    return {
      available: true,
      adapter: info,
      isFallbackAdapter: legacy ?? info?.isFallbackAdapter,
      features: [...adapter.features].sort(),
    };
  } catch (e) {
    return { available: false, error: String(e) };
  }
}

function webglEnv(): BrowserEnv['webgl'] {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return { error: 'no webgl2 context' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return {
      version: String(gl.getParameter(gl.VERSION)),
      vendor: String(ext ? gl.getParameter(ext.UNMASKED_VENDOR_WEBGL) : gl.getParameter(gl.VENDOR)),
      renderer: String(
        ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
      ),
    };
  } catch (e) {
    return { error: String(e) };
  }
}

window.convplayBench = {
  async environment() {
    return {
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
      isSecureContext: window.isSecureContext,
      crossOriginIsolated: window.crossOriginIsolated,
      webgpu: await webgpuEnv(),
      webgl: webglEnv(),
    };
  },
  async run(name, net, batch, seed, opts) {
    const entry = findContestant(name);
    if (entry.env !== 'browser') throw new Error(`${name} runs in ${entry.env}, not the browser`);
    const mod = await entry.load();
    return runContestant(name, mod.default, makeTask(net, batch, seed), opts, log);
  },
};
log('bench page ready');
