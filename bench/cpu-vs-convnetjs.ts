// Focused benchmark for the CPU backend against convnetjs, both measured in this one process on
// the two nets of the CPU-speed issue (Net A: LeNet-ish MNIST batch 64; Net B: small VGG
// 32×32×3 batch 32). A step is forward + backward + SGD-momentum update for both contestants.
//
//   npx tsx bench/cpu-vs-convnetjs.ts               # both nets, ours and convnetjs
//   npx tsx bench/cpu-vs-convnetjs.ts --profile     # plus ms per kernel label for ours
//   npx tsx bench/cpu-vs-convnetjs.ts --net A --no-convnetjs --steps 40
//
// Prints numbers; never passes or fails on time (timings drift on shared machines: compare
// ratios measured in one run). The general multi-contestant harness lives elsewhere in bench/.
import { createRequire } from 'node:module';
import type { Kernel } from '../src/engine/backend/backend';
import { CpuBackend } from '../src/engine/backend/cpu/cpu-backend';
import { Model } from '../src/engine/model/model';
import { defaultOptimizer } from '../src/engine/optim/optimizer';
import { CONSTANT_SCHEDULE } from '../src/engine/optim/schedule';
import { SPEC_FORMAT, SPEC_VERSION, type LayerSpec, type NetworkSpec } from '../src/engine/spec';
import { Trainer } from '../src/engine/train/trainer';

interface NetDef {
  name: string;
  batch: number;
  input: { channels: number; height: number; width: number };
  layers: LayerSpec[];
  /** The same network in convnetjs's layer definitions. */
  convnetjs: Record<string, unknown>[];
}

const conv = (id: string, filters: number, kernel: number, padding: number): LayerSpec => ({
  id,
  type: 'conv2d',
  config: { filters, kernel, padding },
});
const relu = (id: string): LayerSpec => ({ id, type: 'relu', config: {} });
const pool = (id: string): LayerSpec => ({ id, type: 'maxpool', config: { size: 2, stride: 2 } });
const dense = (id: string, units: number): LayerSpec => ({ id, type: 'dense', config: { units } });
const flatten: LayerSpec = { id: 'flat', type: 'flatten', config: {} };

const NETS: NetDef[] = [
  {
    name: 'A',
    batch: 64,
    input: { channels: 1, height: 28, width: 28 },
    layers: [
      conv('c1', 8, 5, 2), relu('r1'), pool('p1'),
      conv('c2', 16, 5, 2), relu('r2'), pool('p2'),
      flatten, dense('fc', 10),
    ], // prettier-ignore
    convnetjs: [
      { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
      { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 2, activation: 'relu' },
      { type: 'pool', sx: 2, stride: 2 },
      { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 2, activation: 'relu' },
      { type: 'pool', sx: 2, stride: 2 },
      { type: 'softmax', num_classes: 10 },
    ],
  },
  {
    name: 'B',
    batch: 32,
    input: { channels: 3, height: 32, width: 32 },
    layers: [
      conv('c1', 16, 3, 1), relu('r1'), conv('c2', 16, 3, 1), relu('r2'), pool('p1'),
      conv('c3', 32, 3, 1), relu('r3'), conv('c4', 32, 3, 1), relu('r4'), pool('p2'),
      flatten, dense('fc1', 64), relu('r5'), dense('fc2', 10),
    ], // prettier-ignore
    convnetjs: [
      { type: 'input', out_sx: 32, out_sy: 32, out_depth: 3 },
      { type: 'conv', sx: 3, filters: 16, stride: 1, pad: 1, activation: 'relu' },
      { type: 'conv', sx: 3, filters: 16, stride: 1, pad: 1, activation: 'relu' },
      { type: 'pool', sx: 2, stride: 2 },
      { type: 'conv', sx: 3, filters: 32, stride: 1, pad: 1, activation: 'relu' },
      { type: 'conv', sx: 3, filters: 32, stride: 1, pad: 1, activation: 'relu' },
      { type: 'pool', sx: 2, stride: 2 },
      { type: 'fc', num_neurons: 64, activation: 'relu' },
      { type: 'softmax', num_classes: 10 },
    ],
  },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(name);

/** Deterministic pseudo-random numbers so both contestants see the same kind of data. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * FLOPs of one training step: every conv/dense forward, its weight gradient, and its input
 * gradient where the compiler asks for one (never for the first layer). Elementwise work is
 * left out; it is small next to these.
 */
function stepFlops(model: Model, batch: number): number {
  let total = 0;
  let first = true;
  for (const l of model.analysis.layers) {
    if (l.type !== 'conv2d' && l.type !== 'dense') continue;
    total += l.flops * (first ? 2 : 3);
    first = false;
  }
  return total * batch;
}

function benchOurs(net: NetDef, steps: number, profile: boolean): { ms: number; flops: number } {
  const backend = new CpuBackend();
  const spec: NetworkSpec = {
    format: SPEC_FORMAT,
    version: SPEC_VERSION,
    input: net.input,
    layers: net.layers,
  };
  const model = Model.create(spec, backend);
  model.initialize('he', 1);
  const trainer = new Trainer(model, {
    batchSize: net.batch,
    optimizer: { ...defaultOptimizer('momentum'), lr: 0.01, momentum: 0.9 },
    schedule: CONSTANT_SCHEDULE,
    loss: 'softmax',
    hingeMargin: 1,
    l1: 0,
    l2: 0,
    maxNorm: 0,
    regularizeBiases: false,
    seed: 1,
  });
  const rnd = lcg(7);
  for (let i = 0; i < trainer.batch.x.length; i++) trainer.batch.x[i] = rnd();
  for (let i = 0; i < trainer.batch.y.length; i++) trainer.batch.y[i] = i % 10;

  const warm = Math.max(3, Math.floor(steps / 5));
  for (let i = 0; i < warm; i++) trainer.step();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    trainer.step();
    times.push(performance.now() - t0);
  }
  const flops = stepFlops(model, net.batch);

  if (profile) {
    // Time each kernel of the step program by wrapping run(): the same kernels, one at a time.
    const per = new Map<string, number>();
    const origRun = backend.run.bind(backend);
    backend.run = (program: readonly Kernel[]) => {
      for (const k of program) {
        const t0 = performance.now();
        origRun([k]);
        const dt = performance.now() - t0;
        const key = k.label.replace(/^(train|eval)\d+\./, '');
        per.set(key, (per.get(key) ?? 0) + dt);
      }
    };
    const n = Math.max(5, Math.floor(steps / 2));
    for (let i = 0; i < n; i++) trainer.step();
    backend.run = origRun;
    const rows = [...per.entries()].sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((a, r) => a + r[1], 0);
    console.log(`  profile, Net ${net.name} (ms per step, ${n} steps):`);
    for (const [label, t] of rows) {
      console.log(
        `    ${(t / n).toFixed(2).padStart(8)}  ${((100 * t) / total).toFixed(1).padStart(5)}%  ${label}`,
      );
    }
  }
  return { ms: median(times), flops };
}

interface ConvnetjsLib {
  Net: new () => { makeLayers(defs: unknown[]): void };
  Vol: new (sx: number, sy: number, depth: number, c?: number) => { w: Float64Array };
  Trainer: new (
    net: unknown,
    opts: Record<string, unknown>,
  ) => { train(x: unknown, y: number): void };
}

function benchConvnetjs(net: NetDef, steps: number): number {
  const require = createRequire(import.meta.url);
  const cj = require('convnetjs') as ConvnetjsLib;
  const cnet = new cj.Net();
  cnet.makeLayers(net.convnetjs);
  // convnetjs accumulates gradients over batch_size calls to train() and updates on the last:
  // one of our steps is `batch` calls.
  const trainer = new cj.Trainer(cnet, {
    method: 'sgd',
    learning_rate: 0.01,
    momentum: 0.9,
    batch_size: net.batch,
    l2_decay: 0,
  });
  const rnd = lcg(7);
  const { channels, height, width } = net.input;
  const vols = Array.from({ length: net.batch }, () => {
    const v = new cj.Vol(width, height, channels, 0);
    for (let i = 0; i < v.w.length; i++) v.w[i] = rnd();
    return v;
  });
  const step = () => {
    for (let i = 0; i < net.batch; i++) trainer.train(vols[i], i % 10);
  };
  const warm = Math.max(2, Math.floor(steps / 5));
  for (let i = 0; i < warm; i++) step();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const which = arg('--net');
const steps = Number(arg('--steps') ?? 20);
const cjSteps = Number(arg('--cj-steps') ?? 8);
const profile = flag('--profile');
const withCj = !flag('--no-convnetjs');

console.log(`node ${process.version}, ${new CpuBackend().description}`);
for (const net of NETS) {
  if (which && which !== net.name) continue;
  const ours = benchOurs(net, steps, profile);
  const gflops = ours.flops / (ours.ms * 1e6);
  let line =
    `Net ${net.name} (batch ${net.batch}): ours-cpu ${ours.ms.toFixed(1)} ms/step ` +
    `(${(ours.flops / 1e6).toFixed(0)} MFLOP/step, ${gflops.toFixed(2)} GFLOP/s)`;
  if (withCj) {
    const cj = benchConvnetjs(net, cjSteps);
    line += `; convnetjs ${cj.toFixed(1)} ms/step; speed-up ×${(cj / ours.ms).toFixed(2)}`;
  }
  console.log(line);
}
