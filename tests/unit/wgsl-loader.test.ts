// The CLI runs under plain Node + tsx, which knows nothing of Vite's `?raw` imports:
// scripts/wgsl-loader.mjs teaches Node to load shaders/*.wgsl as text. Run the engine's shader
// module that way in a child process and check every family arrives whole.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('scripts/wgsl-loader.mjs', () => {
  it('loads shaders/*.wgsl?raw as text under node --import tsx', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './scripts/wgsl-loader.mjs',
        'tests/unit/fixtures/shader-sizes.ts',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const sizes = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
    for (const [name, size] of Object.entries(sizes)) {
      expect(size, name).toBe(readFileSync(`shaders/${name}.wgsl`, 'utf8').length);
    }
    expect(Object.keys(sizes)).toContain('conv');
  });
});
