// Focused benchmark for the CPU backend against convnetjs, both measured in this one process on
// the two nets of the CPU-speed issue (Net A: LeNet-ish MNIST batch 64; Net B: small VGG
// 32×32×3 batch 32). A step is forward + backward + SGD-momentum update for both contestants.
//
//   npx tsx bench/cpu-vs-convnetjs.ts               # both nets, ours (wasm) and convnetjs
//   npx tsx bench/cpu-vs-convnetjs.ts --js          # plus our plain-JavaScript fallback
//   npx tsx bench/cpu-vs-convnetjs.ts --profile     # plus ms per kernel label for ours
//   npx tsx bench/cpu-vs-convnetjs.ts --net A --no-convnetjs --rounds 20
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

interface Contestant {
  name: string;
  step: () => void;
  /** Per-step wall-clock times in ms, filled by the rounds. */
  times: number[];
  /** Per-step CPU times of this process in ms (user + system). */
  cpu: number[];
}

function ours(
  net: NetDef,
  wasm: boolean,
): Contestant & { model: Model; backend: CpuBackend; trainer: Trainer } {
  const backend = new CpuBackend({ wasm });
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
  const name = wasm && backend.usesWasm ? 'ours-cpu (wasm simd)' : 'ours-cpu (js fallback)';
  return { name, step: () => trainer.step(), times: [], cpu: [], model, backend, trainer };
}

/** Time per kernel label over n steps (the same kernels, timed one at a time). */
function profile(c: ReturnType<typeof ours>, n: number): void {
  const { backend, trainer } = c;
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
  for (let i = 0; i < n; i++) trainer.step();
  backend.run = origRun;
  const rows = [...per.entries()].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((a, r) => a + r[1], 0);
  console.log(`  profile of ${c.name} (ms per step, ${n} steps):`);
  for (const [label, t] of rows) {
    const pct = ((100 * t) / total).toFixed(1);
    console.log(`    ${(t / n).toFixed(2).padStart(8)}  ${pct.padStart(5)}%  ${label}`);
  }
}

interface ConvnetjsLib {
  Net: new () => { makeLayers(defs: unknown[]): void };
  Vol: new (sx: number, sy: number, depth: number, c?: number) => { w: Float64Array };
  Trainer: new (
    net: unknown,
    opts: Record<string, unknown>,
  ) => { train(x: unknown, y: number): void };
}

function convnetjs(net: NetDef): Contestant {
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
  return { name: 'convnetjs', step, times: [], cpu: [] };
}

function timeSteps(c: Contestant, n: number): void {
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    c.step();
    c.times.push(performance.now() - t0);
    const dc = process.cpuUsage(c0);
    c.cpu.push((dc.user + dc.system) / 1000);
  }
}

const which = arg('--net');
const rounds = Number(arg('--rounds') ?? 8);
const perRound = Number(arg('--per-round') ?? 5);
const withCj = !flag('--no-convnetjs');
const withJs = flag('--js');

// Contestants run in alternating rounds (one convnetjs step, then a few of ours) so that load
// from anything else on the machine hits both alike; medians over all rounds are reported.
// Wall time is what a user waits. CPU time (this process, user + system) is reported beside it
// because a loaded machine stretches a long step (convnetjs: a second) over many scheduler
// slices but a 10 ms step over few, which skews wall-time ratios; CPU time in turn includes
// V8's helper threads (concurrent GC, wasm tier-up), which convnetjs's garbage keeps busy.
console.log(`node ${process.version}; ${rounds} rounds; medians of per-step wall (and CPU) times`);
for (const net of NETS) {
  if (which && which !== net.name) continue;
  const fast = ours(net, true);
  const contestants: Contestant[] = [fast];
  if (withJs) contestants.push(ours(net, false));
  if (withCj) contestants.push(convnetjs(net));
  // Warm-up: JIT and wasm tier-up (Liftoff → TurboFan) before anything is timed.
  for (const c of contestants) timeSteps(c, c.name === 'convnetjs' ? 2 : 10);
  for (const c of contestants) c.times.length = c.cpu.length = 0;
  for (let r = 0; r < rounds; r++) {
    for (const c of contestants) timeSteps(c, c.name === 'convnetjs' ? 1 : perRound);
  }
  const flops = stepFlops(fast.model, net.batch);
  const cj = contestants[contestants.length - 1];
  const cjMs = withCj ? median(cj.times) : NaN;
  const cjCpu = withCj ? median(cj.cpu) : NaN;
  console.log(`Net ${net.name} (batch ${net.batch}, ${(flops / 1e6).toFixed(0)} MFLOP/step):`);
  for (const c of contestants) {
    const ms = median(c.times);
    const cpu = median(c.cpu);
    const gflops = flops / (ms * 1e6);
    const vs =
      withCj && c !== cj
        ? `; ×${(cjMs / ms).toFixed(1)} vs convnetjs (×${(cjCpu / cpu).toFixed(1)} by CPU time)`
        : '';
    console.log(
      `  ${c.name.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms/step (CPU ${cpu.toFixed(1)} ms) ` +
        `${gflops.toFixed(2).padStart(6)} GFLOP/s${vs}`,
    );
  }
  if (flag('--profile')) {
    profile(fast, 10);
    if (withJs) profile(contestants[1] as ReturnType<typeof ours>, 3);
  }
}
