// The CLI end to end on IDX files the test writes: train → evaluate → predict, and the one-line
// errors for bad flags, missing files and a spec that does not fit the data.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { encodeIdxImages, encodeIdxLabels } from '../../src/engine/data/idx';
import { Rng } from '../../src/engine/rng';
import { seq } from '../helpers/specs';

const dir = mkdtempSync(join(tmpdir(), 'convplay-cli-'));
const p = (f: string) => join(dir, f);

/** Two classes a tiny net separates easily: a bright left half or a bright right half. */
function writeHalves(name: string, n: number, seed: number) {
  const rng = new Rng(seed);
  const px = new Uint8Array(n * 64);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = rng.int(2);
    labels[i] = label;
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        const bright = x < 4 === (label === 0);
        px[i * 64 + y * 8 + x] = bright ? 150 + rng.int(100) : rng.int(60);
      }
    }
  }
  writeFileSync(p(`${name}-images.idx`), encodeIdxImages(px, n, 8, 8));
  writeFileSync(p(`${name}-labels.idx`), encodeIdxLabels(labels));
}

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const o = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((s) => ((stdout += String(s)), true));
  const e = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const net = seq([1, 8, 8], [
  ['c1', 'conv2d', { filters: 4, kernel: 3, padding: 1 }],
  ['r1', 'relu'],
  ['p1', 'maxpool', { size: 2, stride: 2 }],
  ['f', 'flatten'],
  ['fc', 'dense', { units: 2 }],
]); // prettier-ignore

beforeAll(() => {
  writeHalves('train', 200, 1);
  writeHalves('test', 60, 2);
  writeFileSync(p('net.json'), JSON.stringify(net));
});
afterEach(() => vi.restoreAllMocks());

const trainArgs = () => [
  'train', '--spec', p('net.json'), '--images', p('train-images.idx'), '--labels', p('train-labels.idx'),
  '--epochs', '3', '--batch', '20', '--optimizer', 'adam', '--lr', '0.01', '--log-every', '10', '--out', p('w.safetensors'),
]; // prettier-ignore

describe('convplay CLI', () => {
  it('train → evaluate → predict', async () => {
    const t = await run(trainArgs());
    expect(t.stderr).toContain('step 30/30');
    expect(t.code).toBe(0);
    const result = JSON.parse(t.stdout.trim());
    expect(result.steps).toBe(30);
    expect(result.trainAccuracy).toBeGreaterThan(0.9);

    const ev = await run([
      'evaluate',
      '--weights',
      p('w.safetensors'),
      '--images',
      p('test-images.idx'),
      '--labels',
      p('test-labels.idx'),
    ]);
    expect(ev.code).toBe(0);
    const m = JSON.parse(ev.stdout);
    expect(m.count).toBe(60);
    expect(m.accuracy).toBeGreaterThan(0.9);

    const pr = await run([
      'predict',
      '--weights',
      p('w.safetensors'),
      '--images',
      p('test-images.idx'),
      '--out',
      p('pred.json'),
    ]);
    expect(pr.code).toBe(0);
    const pred = JSON.parse(readFileSync(p('pred.json'), 'utf8'));
    expect(pred.scores).toHaveLength(60);
    expect(pred.scores[0]).toHaveLength(2);
    const labels = readFileSync(p('test-labels.idx')).subarray(8);
    const correct = pred.predictions.filter((c: number, i: number) => c === labels[i]).length;
    expect(correct / 60).toBeCloseTo(m.accuracy, 5);
  });

  it('--steps and --init continue from saved weights', async () => {
    const t = await run([
      ...trainArgs().filter((a, i, all) => a !== '--epochs' && all[i - 1] !== '--epochs'),
      '--steps',
      '2',
      '--init',
      p('w.safetensors'),
      '--out',
      p('w2.safetensors'),
    ]);
    expect(t.code).toBe(0);
    expect(JSON.parse(t.stdout).trainAccuracy).toBeGreaterThan(0.9);
  });

  it('bad input: one clear line and a non-zero exit', async () => {
    const cases: [string[], RegExp, number][] = [
      [['train', '--bogus'], /train: unknown option '--bogus'/, 2],
      [
        ['train', '--spec', p('nope.json'), '--images', 'x', '--labels', 'y', '--out', 'o'],
        /--spec .*nope.json: no such file/,
        1,
      ],
      [[...trainArgs(), '--lr', 'fast'], /--lr must be a number/, 2],
      [[...trainArgs(), '--optimizer', 'lbfgs'], /--optimizer must be one of sgd, momentum/, 2],
      [['frobnicate'], /unknown command "frobnicate"/, 2],
      [
        [
          'train',
          '--images',
          p('train-images.idx'),
          '--labels',
          p('train-labels.idx'),
          '--spec',
          p('net.json'),
        ],
        /--out is required/,
        2,
      ],
    ];
    for (const [args, pattern, code] of cases) {
      const r = await run(args);
      expect(r.stderr, args.join(' ')).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.code).toBe(code);
    }
  });

  it('a spec that does not fit the data says so and what to change', async () => {
    writeFileSync(
      p('wrong.json'),
      JSON.stringify(
        seq(
          [1, 8, 8],
          [
            ['f', 'flatten'],
            ['fc', 'dense', { units: 10 }],
          ],
        ),
      ),
    );
    const args = trainArgs();
    args[2] = p('wrong.json');
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'the network outputs 10 scores but the dataset has 2 classes; set units to 2',
    );
    writeFileSync(
      p('rgb.json'),
      JSON.stringify(
        seq(
          [3, 8, 8],
          [
            ['f', 'flatten'],
            ['fc', 'dense', { units: 2 }],
          ],
        ),
      ),
    );
    args[2] = p('rgb.json');
    expect((await run(args)).stderr).toContain(
      "the network takes 8×8×3 input but the data's images are 8×8×1; set the input to 8×8×1",
    );
  });

  it('a truncated IDX file is refused with the numbers', async () => {
    const bytes = readFileSync(p('train-images.idx'));
    writeFileSync(p('short-images.idx'), bytes.subarray(0, 100));
    const args = trainArgs();
    args[4] = p('short-images.idx');
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/truncated|bytes/);
  });

  it('summary and export: the ONNX file scores like predict does', async () => {
    const sm = await run(['summary', '--spec', p('net.json')]);
    expect(sm.code).toBe(0);
    expect(sm.stdout).toMatch(/c1 \(Conv2D\)\s+8×8×4\s+40/);
    const ex = await run([
      'export',
      '--weights',
      p('w.safetensors'),
      '--out',
      p('export'),
      '--zip',
    ]);
    expect(ex.code).toBe(0);
    expect(JSON.parse(ex.stdout).files).toHaveLength(6);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(readFileSync(p('export/model.onnx')));
    const pixels = readFileSync(p('test-images.idx')).subarray(16);
    const x = Float32Array.from(pixels, (v) => v / 255);
    const result = await session.run({ input: new ort.Tensor('float32', x, [60, 1, 8, 8]) });
    const logits = result.logits.data as Float32Array;
    const pred = JSON.parse(readFileSync(p('pred.json'), 'utf8'));
    for (let i = 0; i < 60; i++) {
      for (let c = 0; c < 2; c++) expect(logits[i * 2 + c]).toBeCloseTo(pred.scores[i][c], 4);
    }
  });

  it('the package bin runs the same CLI', async () => {
    const { stdout } = await promisify(execFile)('node', ['bin/convplay.mjs', '--help']);
    expect(stdout).toContain('convplay <command>');
  });
});
