// `npm run bench [-- options]`: every selected contestant on every selected net, in one run —
// Node contestants in this process first, then browser contestants in one headless Chromium.
// Prints a table per net and writes bench/out/bench-<time>.json (+ .md). See bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, findChromium } from '../tests/browser-setup';
import type { BenchPage, BrowserEnv } from './browser/main';
import { buildNodeBundle, buildPage, NODE_BUNDLE, OUT_DIR, servePage } from './build';
import { CONTESTANTS, findContestant, type ContestantEntry } from './contestants/registry';
import { FLOP_CONVENTION, stepFlops } from './flops';
import type { RunOptions, RunResult } from './harness';
import { findNet, NETS, type NetDef } from './netdef';
import type * as NodeEntry from './node/entry';
import { waitForQuiet, watchHostLoad } from './hostload';
import { lossTable, lossVerdicts, netHeading, speedTable, type NetReport } from './report';

const HELP = `Usage: npm run bench -- [options]   (every option also reads an env var)

  --nets A,B            nets to run (BENCH_NETS; default all: ${NETS.map((n) => n.id).join(',')})
  --only a,b            only these contestants (BENCH_ONLY; default all)
  --skip a,b            leave these out (BENCH_SKIP)
  --steps N             timed steps (BENCH_STEPS; default 20)
  --warmup N            untimed warm-up steps first (BENCH_WARMUP; default 3)
  --max-seconds S       time budget for the timed steps of one contestant on one net, estimated
                        from the warm-up; 0 = none (BENCH_MAX_SECONDS; default 60)
  --min-steps N         never fewer timed steps than this (BENCH_MIN_STEPS; default 5)
  --batch N             override every net's batch size (BENCH_BATCH)
  --seed N              data and weight seed (BENCH_SEED; default 1)
  --settle S            before each run, wait up to S seconds for other processes to leave the
                        CPUs alone (< 0.25 cores busy for 3 s); Linux only (BENCH_SETTLE; default 0)
  --out FILE            JSON output (default bench/out/bench-<time>.json; a .md is written beside)
  --list                list contestants and nets, then exit
  --help

Contestants: ${CONTESTANTS.map((c) => `${c.name} (${c.env})`).join(', ')}
Browser: CONVPLAY_CHROMIUM=/path/to/chrome picks the browser; CONVPLAY_HARDWARE_GPU=1 uses a real GPU.`;

interface Options extends RunOptions {
  nets: NetDef[];
  contestants: ContestantEntry[];
  batch?: number;
  seed: number;
  settle: number;
  out: string;
}

function list(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function int(name: string, v: string | undefined, dflt: number, min: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`--${name} must be a number ≥ ${min}, got '${v}'`);
  return n;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:]/g, '').replace(/\..*/, '').replace('T', '-');
}

function parseOptions(argv: string[], started: Date): Options | 'help' | 'list' {
  const { values } = parseArgs({
    args: argv,
    options: {
      nets: { type: 'string' },
      only: { type: 'string' },
      skip: { type: 'string' },
      steps: { type: 'string' },
      warmup: { type: 'string' },
      'max-seconds': { type: 'string' },
      'min-steps': { type: 'string' },
      batch: { type: 'string' },
      seed: { type: 'string' },
      settle: { type: 'string' },
      out: { type: 'string' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values.list) return 'list';
  const env = process.env;
  const netIds = list(values.nets ?? env.BENCH_NETS);
  const only = list(values.only ?? env.BENCH_ONLY);
  const skip = list(values.skip ?? env.BENCH_SKIP);
  [...only, ...skip].forEach((n) => findContestant(n)); // unknown names fail early
  const contestants = CONTESTANTS.filter(
    (c) => (only.length === 0 || only.includes(c.name)) && !skip.includes(c.name),
  );
  if (contestants.length === 0) throw new Error('no contestant selected');
  const batchArg = values.batch ?? env.BENCH_BATCH;
  return {
    nets: netIds.length ? netIds.map(findNet) : [...NETS],
    contestants,
    steps: int('steps', values.steps ?? env.BENCH_STEPS, 20, 1),
    warmup: int('warmup', values.warmup ?? env.BENCH_WARMUP, 3, 1),
    maxSeconds: int('max-seconds', values['max-seconds'] ?? env.BENCH_MAX_SECONDS, 60, 0),
    minSteps: int('min-steps', values['min-steps'] ?? env.BENCH_MIN_STEPS, 5, 1),
    batch: batchArg ? int('batch', batchArg, 0, 1) : undefined,
    seed: int('seed', values.seed ?? env.BENCH_SEED, 1, 0),
    settle: int('settle', values.settle ?? env.BENCH_SETTLE, 0, 0),
    out: values.out ?? join(OUT_DIR, `bench-${stamp(started)}.json`),
  };
}

function machine() {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

function printList(): void {
  console.log('Contestants:');
  for (const c of CONTESTANTS)
    console.log(`  ${c.name.padEnd(14)} ${c.env.padEnd(8)} ${c.kind.padEnd(5)} ${c.label}`);
  console.log('\nNets:');
  for (const n of NETS) {
    const f = stepFlops(n);
    console.log(`  ${n.id}  ${n.title}: ${(f.total / 1e9).toFixed(3)} GFLOP/step`);
  }
  console.log(`\n${FLOP_CONVENTION}`);
}

const say = (prefix: string) => (msg: string) => console.log(`[${prefix}] ${msg}`);

async function settle(o: Options, log: (msg: string) => void): Promise<void> {
  if (o.settle <= 0) return;
  const q = await waitForQuiet(o.settle);
  if (q.waitedS > 3 || !q.quiet) {
    log(
      q.quiet
        ? `waited ${q.waitedS} s for the machine to be quiet`
        : `machine still busy after ${q.waitedS} s (${q.otherCores} cores used by others); going on`,
    );
  }
}

function sayHost(log: (msg: string) => void, r: RunResult): void {
  const h = r.host;
  if (!h) return;
  log(
    `${r.contestant} / net ${r.net}: load average ${h.loadAverage1m.join(' → ')}` +
      (h.otherCores !== undefined
        ? `, CPU cores busy: this run ${h.ourCores}, everything else ${h.otherCores}`
        : ''),
  );
}

async function runNodeContestants(o: Options, results: Map<string, RunResult[]>): Promise<void> {
  const node = o.contestants.filter((c) => c.env === 'node');
  if (node.length === 0) return;
  say('node')('building the Node bundle (Vite SSR)…');
  await buildNodeBundle();
  const require = createRequire(import.meta.url);
  const entry = require(NODE_BUNDLE) as typeof NodeEntry;
  for (const net of o.nets) {
    for (const c of node) {
      await settle(o, say('node'));
      const done = watchHostLoad();
      const r = await entry.runNode(c.name, net, o.batch ?? net.batch, o.seed, o, say('node'));
      r.host = done();
      sayHost(say('node'), r);
      results.get(net.id)!.push(r);
    }
  }
}

interface BrowserReport {
  executable: string;
  args: string[];
  hardwareGpu: boolean;
  version?: string;
  environment?: BrowserEnv;
  error?: string;
}

async function runBrowserContestants(
  o: Options,
  results: Map<string, RunResult[]>,
): Promise<BrowserReport | undefined> {
  const inBrowser = o.contestants.filter((c) => c.env === 'browser');
  if (inBrowser.length === 0) return undefined;
  const log = say('chromium');
  const report: BrowserReport = {
    executable: '',
    args: chromiumArgs(),
    hardwareGpu: process.env.CONVPLAY_HARDWARE_GPU === '1',
  };
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof servePage>> | undefined;
  try {
    report.executable = findChromium();
    log('building the bench page (Vite)…');
    await buildPage();
    server = await servePage();
    browser = await chromium.launch({
      executablePath: report.executable,
      args: report.args,
      headless: true,
    });
    report.version = browser.version();
    log(`Chromium ${report.version}, page at ${server.url}`);
    const open = async () => {
      const page = await browser!.newPage();
      page.on('console', (m) => {
        const text = m.text();
        if (text.startsWith('[bench] ')) log(text.slice(8));
        else if (m.type() === 'error' || m.type() === 'warning')
          log(`page console ${m.type()}: ${text}`);
      });
      page.on('pageerror', (e) => log(`page error: ${e.message}`));
      await page.goto(server!.url);
      await page.waitForFunction(() => window.convplayBench !== undefined);
      return page;
    };
    const envPage = await open();
    report.environment = await envPage.evaluate(() => window.convplayBench!.environment());
    await envPage.close();
    const wg = report.environment.webgpu;
    log(
      wg.available
        ? `WebGPU adapter: ${JSON.stringify(wg.adapter)}, isFallbackAdapter=${wg.isFallbackAdapter}`
        : `no WebGPU: ${wg.error}`,
    );
    for (const net of o.nets) {
      for (const c of inBrowser) {
        const batch = o.batch ?? net.batch;
        const runOpts: RunOptions = {
          warmup: o.warmup,
          steps: o.steps,
          maxSeconds: o.maxSeconds,
          minSteps: o.minSteps,
        };
        let r: RunResult;
        // A fresh page (and browser context) per contestant and net: nothing left over.
        const page = await open();
        await settle(o, log);
        const done = watchHostLoad();
        try {
          r = await page.evaluate(
            ([name, n, b, s, ro]) => window.convplayBench!.run(name, n, b, s, ro),
            [c.name, net, batch, o.seed, runOpts] as Parameters<BenchPage['run']>,
          );
          r.host = done();
          sayHost(log, r);
        } catch (e) {
          r = { contestant: c.name, net: net.id, batch, ok: false, error: String(e) };
          log(`${c.name} / net ${net.id}: FAILED: ${String(e)}`);
        }
        await page.close();
        results.get(net.id)!.push(r);
      }
    }
  } catch (e) {
    report.error = e instanceof Error ? e.message : String(e);
    log(`browser part failed: ${report.error}`);
    for (const net of o.nets) {
      for (const c of inBrowser) {
        if (!results.get(net.id)!.some((r) => r.contestant === c.name)) {
          const batch = o.batch ?? net.batch;
          results
            .get(net.id)!
            .push({ contestant: c.name, net: net.id, batch, ok: false, error: report.error });
        }
      }
    }
  } finally {
    await browser?.close();
    await server?.close();
  }
  return report;
}

async function main(): Promise<void> {
  const started = new Date();
  const parsed = parseOptions(process.argv.slice(2), started);
  if (parsed === 'help') return console.log(HELP);
  if (parsed === 'list') return printList();
  const o = parsed;
  const mach = machine();
  console.log(`convplay bench, ${started.toISOString()}`);
  console.log(
    `machine: ${mach.os}; ${mach.cpuModel} × ${mach.cores}; ${mach.memoryGiB} GiB; Node ${mach.node}`,
  );
  console.log(`load average at start: ${mach.loadAverageAtStart.join(' ')}`);
  console.log(
    `steps: ${o.warmup} warm-up + ${o.steps} timed (cut to fit ${o.maxSeconds || '∞'} s, ` +
      `never below ${o.minSteps}); seed ${o.seed}` +
      (o.settle > 0 ? `; waiting up to ${o.settle} s for a quiet machine before each run` : ''),
  );
  console.log(`FLOPs: ${FLOP_CONVENTION}`);
  console.log(`contestants: ${o.contestants.map((c) => c.name).join(', ')}\n`);

  const results = new Map<string, RunResult[]>(o.nets.map((n) => [n.id, []]));
  await runNodeContestants(o, results);
  const browser = await runBrowserContestants(o, results);

  const order = (r: RunResult) => CONTESTANTS.findIndex((c) => c.name === r.contestant);
  const reports: NetReport[] = o.nets.map((net) => {
    const batch = o.batch ?? net.batch;
    return {
      net,
      batch,
      flops: stepFlops(net, batch),
      warmup: o.warmup,
      results: [...results.get(net.id)!].sort((a, b) => order(a) - order(b)),
    };
  });
  const meta = CONTESTANTS.map(({ name, env, kind }) => ({ name, env, kind }));
  const finished = new Date();
  const md: string[] = [];
  md.push(
    `Run of ${started.toISOString()} (${((+finished - +started) / 1000).toFixed(0)} s in all)`,
  );
  md.push(
    `Machine: ${mach.os}; ${mach.cpuModel} × ${mach.cores}; Node ${mach.node}` +
      (browser?.version ? `; Chromium ${browser.version}` : ''),
  );
  const wg = browser?.environment?.webgpu;
  if (wg) {
    md.push(
      wg.available
        ? `WebGPU adapter: ${wg.adapter?.vendor}/${wg.adapter?.architecture} ` +
            `"${wg.adapter?.description}", isFallbackAdapter=${wg.isFallbackAdapter}`
        : `WebGPU: unavailable (${wg.error})`,
    );
  }
  if (browser?.environment?.webgl.renderer)
    md.push(`WebGL renderer: ${browser.environment.webgl.renderer}`);
  for (const r of reports) {
    md.push('', `### ${netHeading(r)}`, '', speedTable(r, meta), '', lossTable(r));
  }
  md.push(
    '',
    '× peer = that peer’s ms/step ÷ this row’s ms/step (above 1: faster than that peer).',
  );
  md.push(`steps = warm-up + timed. ${FLOP_CONVENTION}.`);
  md.push(
    'other CPU = cores kept busy by other processes (or stolen by the hypervisor) during that ' +
      `run, on average, out of ${mach.cores}; well above 0 means the run was disturbed.`,
  );
  const timings = new Map<string, string>();
  for (const r of reports)
    for (const x of r.results) if (x.timing) timings.set(x.contestant, x.timing);
  md.push('', 'How each contestant’s step waits for its work to finish:');
  for (const [name, t] of timings) md.push(`- ${name}: ${t}`);
  const text = md.join('\n');
  console.log(`\n${text}\n`);

  const bad = reports.flatMap((r) =>
    lossVerdicts(r)
      .filter((v) => !v.ok)
      .map((v) => `net ${r.net.id} ${v.contestant}: ${v.note}`),
  );
  if (bad.length) console.log(`LOSS CHECK: ${bad.join('; ')}\n`);

  mkdirSync(dirname(o.out), { recursive: true });
  const json = {
    date: started.toISOString(),
    finished: finished.toISOString(),
    argv: process.argv.slice(2),
    options: {
      nets: o.nets.map((n) => n.id),
      contestants: o.contestants.map((c) => c.name),
      steps: o.steps,
      warmup: o.warmup,
      maxSeconds: o.maxSeconds,
      minSteps: o.minSteps,
      batch: o.batch ?? null,
      seed: o.seed,
      settle: o.settle,
    },
    machine: { ...mach, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    browser: browser ?? null,
    flopConvention: FLOP_CONVENTION,
    contestants: o.contestants.map(({ name, env, kind, label }) => ({ name, env, kind, label })),
    nets: reports.map((r) => ({
      id: r.net.id,
      def: r.net,
      batch: r.batch,
      flops: r.flops,
      results: r.results,
      lossCheck: lossVerdicts(r),
    })),
  };
  writeFileSync(o.out, `${JSON.stringify(json, null, 2)}\n`);
  const mdPath = o.out.replace(/\.json$/, '') + '.md';
  writeFileSync(mdPath, `${text}\n`);
  console.log(`wrote ${relative(process.cwd(), o.out)} and ${relative(process.cwd(), mdPath)}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
