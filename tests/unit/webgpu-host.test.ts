// Host-side pieces of the WebGPU backend that need no GPU: the WGSL template expander, limit
// checks and grid folding, and backend selection with its fallback notices.
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../src/engine/backend/create';
import { DeviceLimits, WebGpuLimitError } from '../../src/engine/backend/webgpu/limits';
import { f32Literal, shaderCode } from '../../src/engine/backend/webgpu/shaders';
import { expandTemplate } from '../../src/engine/backend/webgpu/template';

describe('WGSL templates', () => {
  it('unrolls loops, substitutes expressions and picks branches', () => {
    const src = [
      '#for q in 0..N',
      'let a{{q}} = x[{{q * 2 + 1}}u];',
      '#end',
      "#if KIND == 'relu' && N > 1",
      'relu',
      "#elif KIND == 'tanh'",
      'tanh',
      '#else',
      'other',
      '#end',
      '#for d in LIST',
      '#if d % 2 == 0',
      'even {{d}}',
      '#end',
      '#end',
    ].join('\n');
    expect(expandTemplate(src, { N: 3, KIND: 'relu', LIST: [4, 5, 6] })).toBe(
      ['let a0 = x[1u];', 'let a1 = x[3u];', 'let a2 = x[5u];', 'relu', 'even 4', 'even 6'].join(
        '\n',
      ),
    );
    expect(expandTemplate(src, { N: 0, KIND: 'tanh', LIST: [] })).toBe('tanh');
  });

  it('reports unknown names and unbalanced blocks with the line', () => {
    expect(() => expandTemplate('a\n{{NOPE}}', {}, 'f.wgsl')).toThrow(
      /f\.wgsl:2: .*unknown name NOPE/,
    );
    expect(() => expandTemplate('#if 1\nx', {}, 'g.wgsl')).toThrow(/g\.wgsl: unclosed #if/);
    expect(() => expandTemplate('#end', {}, 'h.wgsl')).toThrow(/h\.wgsl:1: #end without/);
  });

  it('every kernel family expands (shader text compiles on the GPU tests)', () => {
    const code = shaderCode('elementwise', { ACT: 'elu', ALPHA: f32Literal(1.5) });
    expect(code).toContain('fn act_fwd');
    expect(code).toContain('1.5');
    expect(f32Literal(2)).toBe('2.0');
    expect(f32Literal(0.1)).toBe(String(Math.fround(0.1)));
    // Directives go first even when a snippet is prepended.
    const conv = shaderCode('conv', {
      ENTRY: 'filter_partial', N: 1, C: 4, H: 4, W: 4, K: 4, KH: 3, KW: 3, SH: 1, SW: 1, PH: 1,
      PW: 1, DH: 1, DW: 1, OH: 4, OW: 4, HAS_BIAS: 1, RM: 4, RI: 3, KB: 1, RPS: 4, SPLITS: 1,
      SPAN: 3, SHARE: 'dy',
    }); // prettier-ignore
    expect(conv.split('\n')[0]).toBe('enable subgroups;');
  });
});

function limits(over: Partial<GPUSupportedLimits> = {}): DeviceLimits {
  return new DeviceLimits({
    maxBufferSize: 1 << 28, maxStorageBufferBindingSize: 1 << 27, maxStorageBuffersPerShaderStage: 8,
    maxComputeWorkgroupsPerDimension: 65535, maxComputeWorkgroupStorageSize: 16384,
    maxComputeInvocationsPerWorkgroup: 128, minStorageBufferOffsetAlignment: 256,
    minUniformBufferOffsetAlignment: 256, ...over,
  } as GPUSupportedLimits); // prettier-ignore
}

describe('device limits', () => {
  it('folds large dispatches into a 2D grid and refuses impossible ones', () => {
    const l = limits();
    expect(l.grid(10, 'k')).toEqual([10, 1]);
    const [x, y] = l.grid(100_000, 'k');
    expect(x).toBeLessThanOrEqual(65535);
    expect(x * y).toBeGreaterThanOrEqual(100_000);
    expect(() => l.grid(65536 * 65536, 'conv2d train.c1.out')).toThrow(
      /conv2d train\.c1\.out.*maxComputeWorkgroupsPerDimension/,
    );
  });

  it('names the tensor, the kernel and the limit', () => {
    const l = limits();
    expect(() => l.checkBuffer(1 << 28, 'train64.c1.out')).toThrow(WebGpuLimitError);
    expect(() => l.checkBuffer(1 << 28, 'train64.c1.out')).toThrow(
      /"train64\.c1\.out".*maxStorageBufferBindingSize/,
    );
    expect(() => l.checkBinding(1 << 28, 'x', 'matmul y')).toThrow(/"matmul y" binds tensor "x"/);
    expect(() => l.checkStorageCount(9, 'batchnorm.dx')).toThrow(
      /needs 9 storage buffers.*allows 8/,
    );
    expect(() => l.checkStorageCount(8, 'ok')).not.toThrow();
  });
});

describe('createBackend', () => {
  it('returns the CPU backend when asked', async () => {
    const r = await createBackend({ prefer: 'cpu' });
    expect(r.backend.name).toBe('cpu');
    expect(r.notice).toBeNull();
  });

  it('falls back to the CPU with a notice when there is no WebGPU or no adapter', async () => {
    const none = await createBackend({ prefer: 'webgpu', gpu: null });
    expect(none.backend.name).toBe('cpu');
    expect(none.notice).toMatch(/^WebGPU unavailable: using CPU/);
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    const r = await createBackend({ prefer: 'webgpu', gpu: noAdapter });
    expect(r.backend.name).toBe('cpu');
    expect(r.notice).toMatch(/no GPU adapter/);
    const broken = { requestAdapter: async () => { throw new Error('driver crashed'); } } as unknown as GPU; // prettier-ignore
    const b = await createBackend({ prefer: 'webgpu', gpu: broken });
    expect(b.notice).toMatch(/driver crashed/);
  });
});
