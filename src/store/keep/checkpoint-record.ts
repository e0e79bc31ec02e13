// The autosaved checkpoint: everything needed to pick a run up again after a reload or a crash,
// as one IndexedDB record. The weights are the worker's packed checkpoint (one Float32Array,
// stored as is by structured clone); the network, settings and dataset are what the session
// was configured with, so a match with the builder can be checked; the chart state lets the
// curves carry on instead of starting blank.
//
// Stored data is untrusted on the way back in (another build, a half-written record, a user
// poking at DevTools): parseCheckpointRecord checks every field and throws a sentence naming
// the first problem. The record carries its own format and version next to the database's.
import { CpuBackend } from '../../engine/backend/cpu/cpu-backend';
import type { Preprocess } from '../../engine/data/preprocess';
import type { HostTensor } from '../../engine/io/safetensors';
import { weightMismatches } from '../../engine/io/weights';
import { Model } from '../../engine/model/model';
import { parseNetworkSpec, type NetworkSpec } from '../../engine/spec';
import { unpackTensors, type PackedTensors } from '../../engine/train/checkpoint';
import type { EvaluationResult } from '../../engine/train/session-events';
import { parseTrainingSettings, type TrainingSettings } from '../../engine/train/settings';
import type { DatasetRef } from '../controller';
import type { Ema, Series } from '../series';
import type { LatestMetrics, RunSeries, RunSnapshot } from '../training';

export const CHECKPOINT_FORMAT = 'convplay.checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface CheckpointRecord {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  /** Date.now() when the worker took it. */
  readonly savedAt: number;
  /** Completed training steps at the checkpoint. */
  readonly step: number;
  readonly epoch: number;
  readonly totalSteps: number;
  readonly spec: NetworkSpec;
  readonly settings: TrainingSettings;
  readonly dataset: DatasetRef;
  readonly preprocess: Preprocess;
  /** The run's name in the history. */
  readonly name?: string;
  readonly weights: PackedTensors;
  readonly run: RunSnapshot;
}

/** A stored record this build cannot read because a newer build wrote it: left alone. */
export class NewerCheckpointError extends Error {
  constructor(version: unknown) {
    super(`checkpoint format version ${JSON.stringify(version)} is newer than this build reads`);
    this.name = 'NewerCheckpointError';
  }
}

type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error(`${what} is missing or not an object`);
  return v as Obj;
}

function num(v: unknown, what: string, opts: { int?: boolean; min?: number } = {}): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (!opts.int || Number.isInteger(v));
  if (!ok || (opts.min !== undefined && (v as number) < opts.min)) {
    throw new Error(
      `${what} is ${JSON.stringify(v)}, not a ${opts.int ? 'whole ' : ''}number${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}`,
    );
  }
  return v as number;
}

/** Numbers that may be NaN or ±Infinity (a diverged reading), as JSON and charts allow. */
function numbers(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number'))
    throw new Error(`${what} is not a list of numbers`);
  return v as number[];
}

function parseSeries(v: unknown, what: string): Series {
  const o = obj(v, what);
  const x = numbers(o.x, `${what}.x`);
  const mean = numbers(o.mean, `${what}.mean`);
  const min = numbers(o.min, `${what}.min`);
  const max = numbers(o.max, `${what}.max`);
  const count = numbers(o.count, `${what}.count`);
  if ([mean, min, max, count].some((a) => a.length !== x.length)) {
    throw new Error(`${what} has lists of different lengths`);
  }
  return {
    capacity: num(o.capacity, `${what}.capacity`, { int: true, min: 2 }),
    bucketSize: num(o.bucketSize, `${what}.bucketSize`, { int: true, min: 1 }),
    x,
    mean,
    min,
    max,
    count,
    total: num(o.total, `${what}.total`, { int: true, min: 0 }),
    skipped: num(o.skipped, `${what}.skipped`, { int: true, min: 0 }),
  };
}

const SERIES_KEYS = ['loss', 'lossSmoothed', 'accuracy', 'lr', 'valLoss', 'valAccuracy'] as const;
const LATEST_KEYS = [
  'step',
  'totalSteps',
  'stepsPerEpoch',
  'epoch',
  'loss',
  'accuracy',
  'lr',
  'regLoss',
  'examplesPerSecond',
  'msPerStep',
  'elapsedMs',
] as const;

function parseRun(v: unknown): RunSnapshot {
  const o = obj(v, 'run');
  const s = obj(o.series, 'run.series');
  const series = Object.fromEntries(
    SERIES_KEYS.map((k) => [k, parseSeries(s[k], `run.series.${k}`)]),
  ) as unknown as RunSeries;
  let latest: LatestMetrics | null = null;
  if (o.latest !== null) {
    const l = obj(o.latest, 'run.latest');
    for (const k of LATEST_KEYS)
      if (typeof l[k] !== 'number') throw new Error(`run.latest.${k} is not a number`);
    if (l.etaSeconds !== null && typeof l.etaSeconds !== 'number')
      throw new Error('run.latest.etaSeconds is not a number');
    latest = l as unknown as LatestMetrics;
  }
  if (!Array.isArray(o.evaluations)) throw new Error('run.evaluations is not a list');
  o.evaluations.forEach((e, i) => {
    const r = obj(e, `run.evaluations[${i}]`);
    for (const k of ['step', 'epoch', 'loss', 'accuracy', 'count', 'durationMs']) {
      if (typeof r[k] !== 'number') throw new Error(`run.evaluations[${i}].${k} is not a number`);
    }
  });
  const e = obj(o.ema, 'run.ema');
  const beta = num(e.beta, 'run.ema.beta', { min: 0 });
  if (beta >= 1) throw new Error('run.ema.beta must be below 1');
  const ema: Ema = {
    beta,
    avg: num(e.avg, 'run.ema.avg'),
    n: num(e.n, 'run.ema.n', { int: true, min: 0 }),
  };
  return { series, latest, evaluations: o.evaluations as EvaluationResult[], ema };
}

function parseDataset(v: unknown): DatasetRef {
  const o = obj(v, 'dataset');
  if (o.kind === 'mnist') return { kind: 'mnist' };
  if (o.kind === 'custom') {
    if (typeof o.name !== 'string') throw new Error('dataset.name is not a string');
    return { kind: 'custom', name: o.name };
  }
  if (o.kind !== 'shapes') throw new Error(`dataset kind ${JSON.stringify(o.kind)} is unknown`);
  const opt = (k: string) => (o[k] === undefined ? {} : { [k]: num(o[k], `dataset.${k}`) });
  if (o.channels !== undefined && o.channels !== 1 && o.channels !== 3) {
    throw new Error(`dataset.channels is ${JSON.stringify(o.channels)}, not 1 or 3`);
  }
  const channels = o.channels === undefined ? {} : { channels: o.channels as 1 | 3 };
  return {
    kind: 'shapes',
    count: num(o.count, 'dataset.count', { int: true, min: 2 }),
    ...opt('size'),
    ...opt('classes'),
    ...opt('noise'),
    ...opt('seed'),
    ...channels,
  } as DatasetRef;
}

function parsePreprocess(v: unknown): Preprocess {
  const o = obj(v, 'preprocess');
  if (o.mode !== 'scale' && o.mode !== 'center' && o.mode !== 'standardize') {
    throw new Error(`preprocess.mode ${JSON.stringify(o.mode)} is unknown`);
  }
  const mean = numbers(o.mean, 'preprocess.mean');
  const std = numbers(o.std, 'preprocess.std');
  if (mean.length !== std.length) throw new Error('preprocess.mean and std differ in length');
  return { mode: o.mode, mean, std };
}

function parseWeights(v: unknown, spec: NetworkSpec): PackedTensors {
  const o = obj(v, 'weights');
  if (!(o.data instanceof Float32Array)) throw new Error('weights.data is not a Float32Array');
  if (!Array.isArray(o.names) || o.names.some((n) => typeof n !== 'string'))
    throw new Error('weights.names is not a list of names');
  if (
    !Array.isArray(o.shapes) ||
    o.shapes.length !== o.names.length ||
    o.shapes.some((s) => !Array.isArray(s) || s.some((d) => !Number.isInteger(d) || d < 0))
  ) {
    throw new Error('weights.shapes does not give one shape per tensor');
  }
  const packed: PackedTensors = { names: o.names, shapes: o.shapes, data: o.data };
  let tensors: Map<string, HostTensor>;
  try {
    tensors = unpackTensors(packed);
  } catch (e) {
    throw new Error(`weights: ${(e as Error).message}`, { cause: e });
  }
  // The exact tensor list the network needs, as the worker's importWeights will check it.
  const problems = weightMismatches(Model.create(spec, new CpuBackend()), tensors);
  if (problems.length)
    throw new Error(`the weights do not fit the network: ${problems.join('; ')}`);
  return packed;
}

/** Checks a stored record; throws NewerCheckpointError or an Error naming the first problem. */
export function parseCheckpointRecord(v: unknown): CheckpointRecord {
  const o = obj(v, 'the record');
  if (o.format !== CHECKPOINT_FORMAT)
    throw new Error(`not a convplay checkpoint (format ${JSON.stringify(o.format)})`);
  if (typeof o.version === 'number' && o.version > CHECKPOINT_VERSION)
    throw new NewerCheckpointError(o.version);
  if (o.version !== CHECKPOINT_VERSION)
    throw new Error(`checkpoint version ${JSON.stringify(o.version)} is unknown`);
  let spec: NetworkSpec;
  let settings: TrainingSettings;
  try {
    spec = parseNetworkSpec(o.spec);
  } catch (e) {
    throw new Error(`its network: ${(e as Error).message}`, { cause: e });
  }
  try {
    settings = parseTrainingSettings(o.settings);
  } catch (e) {
    throw new Error(`its training settings: ${(e as Error).message}`, { cause: e });
  }
  let weights: PackedTensors;
  try {
    weights = parseWeights(o.weights, spec);
  } catch (e) {
    // Model.create throws for a network the engine cannot build: as unreadable as bad weights.
    throw new Error(
      e instanceof Error && e.message.startsWith('weights')
        ? e.message
        : `its weights: ${(e as Error).message}`,
      { cause: e },
    );
  }
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    savedAt: num(o.savedAt, 'savedAt', { min: 0 }),
    step: num(o.step, 'step', { int: true, min: 0 }),
    epoch: num(o.epoch, 'epoch', { min: 0 }),
    totalSteps: num(o.totalSteps, 'totalSteps', { int: true, min: 1 }),
    spec,
    settings,
    dataset: parseDataset(o.dataset),
    preprocess: parsePreprocess(o.preprocess),
    ...(typeof o.name === 'string' ? { name: o.name } : {}),
    weights,
    run: parseRun(o.run),
  };
}
