// The WGSL sources (shaders/*.wgsl, one kernel family a file), imported as text. Vite and Vitest
// understand `?raw`; under plain Node (the CLI via tsx) scripts/wgsl-loader.mjs registers a
// module hook that does the same. Sources are templates (see template.ts), expanded per kernel.
import activation from '../../../../shaders/activation.wgsl?raw';
import batchnorm from '../../../../shaders/batchnorm.wgsl?raw';
import conv from '../../../../shaders/conv.wgsl?raw';
import dropout from '../../../../shaders/dropout.wgsl?raw';
import elementwise from '../../../../shaders/elementwise.wgsl?raw';
import loss from '../../../../shaders/loss.wgsl?raw';
import matmul from '../../../../shaders/matmul.wgsl?raw';
import optimizer from '../../../../shaders/optimizer.wgsl?raw';
import pool from '../../../../shaders/pool.wgsl?raw';
import { expandTemplate, type TemplateParams } from './template';

export const SHADERS = {
  batchnorm,
  conv,
  dropout,
  elementwise,
  loss,
  matmul,
  optimizer,
  pool,
} as const;

export type ShaderName = keyof typeof SHADERS;

/** Families whose kernels apply an activation get activation.wgsl prepended. */
const WITH_ACTIVATION: ReadonlySet<ShaderName> = new Set(['conv', 'elementwise', 'matmul', 'pool']);

const expanded = new Map<string, string>();

export function shaderCode(name: ShaderName, params: TemplateParams): string {
  const key = `${name}:${JSON.stringify(params)}`;
  let code = expanded.get(key);
  if (code === undefined) {
    const full = { ACT: 'none', ALPHA: '0.0', FUSE: 'none', ...params };
    const body = expandTemplate(SHADERS[name], full, `shaders/${name}.wgsl`);
    const all = WITH_ACTIVATION.has(name)
      ? `${expandTemplate(activation, full, 'shaders/activation.wgsl')}\n${body}`
      : body;
    // Directives (enable, diagnostic) must precede every declaration, prepended snippets too.
    const lines = all.split('\n');
    const isDirective = (l: string) => /^\s*(enable\s+\w+|diagnostic\s*\(.*\))\s*;\s*$/.test(l);
    const directives = lines.filter(isDirective).map((l) => l.trim());
    const ordered = [
      ...directives.filter((l) => l.startsWith('enable')),
      ...directives.filter((l) => !l.startsWith('enable')),
    ];
    code = [...new Set(ordered), ...lines.filter((l) => !isDirective(l))].join('\n');
    expanded.set(key, code);
  }
  return code;
}

/** A WGSL f32 literal that round-trips the value (always has a '.' or an exponent). */
export function f32Literal(v: number): string {
  const f = Math.fround(v);
  if (!Number.isFinite(f)) throw new RangeError(`${v} has no finite f32 literal`);
  const s = String(f);
  return /[.e]/.test(s) ? s : `${s}.0`;
}
