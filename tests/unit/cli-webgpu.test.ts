// `convplay train --backend webgpu` end to end in a child process, exactly as a user runs it:
// bin/convplay.mjs (tsx + the WGSL loader) → Dawn on Mesa's OpenGL ES. Same data, same seed as
// on the CPU: the logged losses must agree.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encodeIdxImages, encodeIdxLabels } from '../../src/engine/data/idx';
import { Rng } from '../../src/engine/rng';
import { seq } from '../helpers/specs';

const dir = mkdtempSync(join(tmpdir(), 'convplay-cli-webgpu-'));
const p = (f: string) => join(dir, f);

function writeData(n: number) {
  const rng = new Rng(3);
  const px = new Uint8Array(n * 64);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rng.int(2);
    for (let k = 0; k < 64; k++) {
      px[i * 64 + k] = k % 8 < 4 === (labels[i] === 0) ? 150 + rng.int(100) : rng.int(60);
    }
  }
  writeFileSync(p('images.idx'), encodeIdxImages(px, n, 8, 8));
  writeFileSync(p('labels.idx'), encodeIdxLabels(labels));
}

async function train(backend: string) {
  const { stderr } = await promisify(execFile)(
    process.execPath,
    [
      'bin/convplay.mjs', 'train', '--spec', p('net.json'), '--images', p('images.idx'),
      '--labels', p('labels.idx'), '--steps', '12', '--batch', '8', '--optimizer', 'momentum',
      '--lr', '0.05', '--log-every', '4', '--no-shuffle', '--backend', backend,
      '--out', p(`${backend}.safetensors`),
    ],
    { timeout: 120_000 },
  ); // prettier-ignore
  return stderr; // progress lines go to stderr, the JSON summary to stdout
}

const losses = (out: string) => [...out.matchAll(/loss ([0-9.]+)/g)].map((m) => Number(m[1]));

describe('CLI --backend webgpu', () => {
  it('trains through Dawn and logs the same losses as the CPU', { timeout: 240_000 }, async () => {
    writeData(64);
    const net = seq([1, 8, 8], [
      ['c1', 'conv2d', { filters: 4, kernel: 3, padding: 1 }],
      ['r1', 'relu'],
      ['p1', 'maxpool', { size: 2, stride: 2 }],
      ['f', 'flatten'],
      ['fc', 'dense', { units: 2 }],
    ]); // prettier-ignore
    writeFileSync(p('net.json'), JSON.stringify(net));
    const [cpu, gpu] = [await train('cpu'), await train('webgpu')];
    expect(gpu).toMatch(/WebGPU/);
    const [a, b] = [losses(cpu), losses(gpu)];
    expect(a.length).toBeGreaterThan(1);
    expect(b.length).toBe(a.length);
    // Printed with 4 decimals: equal up to the last printed digit.
    b.forEach((v, i) => expect(Math.abs(v - a[i])).toBeLessThanOrEqual(2e-4));
  });
});
