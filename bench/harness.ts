// The contestant contract and the measuring loop. Runs unchanged in Node and in the bench page.
import { initParams, makeBatch, type Batch, type Param } from './data';
import type { HostLoad } from './hostload';
import type { NetDef } from './netdef';

/** Everything a contestant needs to build its net; identical for every contestant. */
export interface BenchTask {
  net: NetDef;
  batch: number;
  seed: number;
  /** The fixed batch: the same data every step, so the loss must go down. */
  data: Batch;
  /** Initial parameters in the canonical layout (netdef.ts), in paramDefs(net) order. */
  params: Param[];
}

export function makeTask(net: NetDef, batch: number, seed: number): BenchTask {
  return { net, batch, seed, data: makeBatch(net, batch, seed), params: initParams(net, seed) };
}

/**
 * One implementation under test. A file in bench/contestants/ default-exports a function that
 * creates one, and registry.ts lists it (name, env, kind) so the runner can pick it without
 * loading it.
 */
export interface Contestant {
  /**
   * Build the net from task.net, copy task.params into it, put task.data where the step reads
   * it (on the device for a GPU backend), create the optimizer. Not timed.
   */
  setup(task: BenchTask): Promise<void>;
  /**
   * One training step on the fixed batch: forward, backward, SGD-momentum update. The returned
   * promise (or the return) must come only after ALL the work of the step has finished, GPU work
   * included; `timing` says how.
   */
  step(): Promise<void> | void;
  /** The loss of the most recent step (computed before its update). Called outside the timing. */
  lastLoss(): Promise<number> | number;
  /** How step() makes sure the work has finished, for the report. */
  readonly timing: string;
  /** Library versions, backend name, flags: anything worth recording. Called after the run. */
  info?(): Promise<Record<string, unknown>> | Record<string, unknown>;
  dispose?(): Promise<void> | void;
}

export type ContestantFactory = () => Contestant;

export interface RunOptions {
  /** Untimed steps before measuring (≥ 1; the first includes compilation and first uploads). */
  warmup: number;
  /** Timed steps, unless maxSeconds cuts them down. */
  steps: number;
  /**
   * Budget for the timed steps of one contestant on one net, estimated from the warm-up steps;
   * 0 = no budget. Never fewer than minSteps timed steps.
   */
  maxSeconds: number;
  minSteps: number;
}

export interface LossAt {
  step: number;
  loss: number;
}

export interface RunResult {
  contestant: string;
  net: string;
  batch: number;
  ok: boolean;
  error?: string;
  setupMs?: number;
  warmupMs?: number[];
  /** Wall time of every timed step, in order. */
  timesMs?: number[];
  medianMs?: number;
  p10Ms?: number;
  p90Ms?: number;
  /** Losses after each warm-up step and after the last step (step numbers count from 1). */
  losses?: LossAt[];
  timing?: string;
  info?: Record<string, unknown>;
  /** Filled in by the runner (Node side): how busy the machine was during this run. */
  host?: HostLoad;
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function timedSteps(warmupMs: number[], opts: RunOptions): number {
  if (opts.maxSeconds <= 0) return opts.steps;
  // The first warm-up step pays for compilation; estimate from the others where there are any.
  const sample = warmupMs.length > 1 ? warmupMs.slice(1) : warmupMs;
  const est = quantile(
    [...sample].sort((a, b) => a - b),
    0.5,
  );
  const fit = Math.floor((opts.maxSeconds * 1000) / Math.max(est, 1e-3));
  return Math.max(Math.min(opts.minSteps, opts.steps), Math.min(opts.steps, fit));
}

const now = (): number => performance.now();

export async function runContestant(
  name: string,
  create: ContestantFactory,
  task: BenchTask,
  opts: RunOptions,
  log: (msg: string) => void = () => {},
): Promise<RunResult> {
  const base = { contestant: name, net: task.net.id, batch: task.batch };
  let c: Contestant | undefined;
  try {
    c = create();
    const t0 = now();
    await c.setup(task);
    const setupMs = now() - t0;
    const losses: LossAt[] = [];
    const warmupMs: number[] = [];
    for (let i = 1; i <= Math.max(1, opts.warmup); i++) {
      const s = now();
      await c.step();
      warmupMs.push(now() - s);
      losses.push({ step: i, loss: await c.lastLoss() });
    }
    const n = timedSteps(warmupMs, opts);
    log(
      `${name} / net ${task.net.id}: setup ${setupMs.toFixed(0)} ms, warm-up ` +
        `${warmupMs.map((t) => t.toFixed(0)).join(', ')} ms; timing ${n} steps`,
    );
    const timesMs: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = now();
      await c.step();
      timesMs.push(now() - s);
    }
    losses.push({ step: warmupMs.length + n, loss: await c.lastLoss() });
    const sorted = [...timesMs].sort((a, b) => a - b);
    const info = (await c.info?.()) ?? {};
    const result: RunResult = {
      ...base,
      ok: true,
      setupMs,
      warmupMs,
      timesMs,
      medianMs: quantile(sorted, 0.5),
      p10Ms: quantile(sorted, 0.1),
      p90Ms: quantile(sorted, 0.9),
      losses,
      timing: c.timing,
      info,
    };
    log(
      `${name} / net ${task.net.id}: median ${result.medianMs?.toFixed(1)} ms/step, loss ` +
        `${losses[0].loss.toFixed(4)} → ${losses[losses.length - 1].loss.toFixed(4)}`,
    );
    return result;
  } catch (e) {
    const error = e instanceof Error ? `${e.message}` : String(e);
    log(`${name} / net ${task.net.id}: FAILED: ${error}`);
    return { ...base, ok: false, error };
  } finally {
    try {
      await c?.dispose?.();
    } catch {
      // A failing dispose must not hide the result.
    }
  }
}
