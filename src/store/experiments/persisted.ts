// The experiments panel as it was left: the chosen experiment, the run length, and the results
// of finished experiments (tables, histograms, filter images, so the conclusions survive a
// reload; the runs' curves are in the run history). Saved when no experiment is running, as
// JSON (filter pixels as plain arrays), read back strictly: anything malformed is set aside
// by loadStored and the panel starts empty.
import type { FilterImages } from '../../engine/inspect/filters';
import { EXPERIMENTS, isExperimentId, type ExperimentId, type RunLength } from './catalog';
import type { ExperimentResult, VariantResult, VariantStatus } from './runner';

export const EXPERIMENTS_STORAGE_KEY = 'convplay.experiments.v1';

export interface StoredExperiments {
  readonly selected: ExperimentId;
  readonly length: RunLength;
  readonly results: Partial<Record<ExperimentId, ExperimentResult>>;
}

const STATUSES: readonly VariantStatus[] = ['pending', 'running', 'finished', 'diverged', 'stopped', 'error']; // prettier-ignore

type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} is not an object`); // prettier-ignore
  return v as Obj;
}

function numOrNull(o: Obj, key: string, what: string): number | null {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number') throw new Error(`${what}.${key} is not a number`);
  return v;
}

function str(o: Obj, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new Error(`${what}.${key} is not a string`);
  return v;
}

/** JSON for storage: typed arrays as plain arrays. */
export function toStored(s: StoredExperiments): unknown {
  const results: Record<string, unknown> = {};
  for (const [id, r] of Object.entries(s.results)) {
    results[id] = {
      ...r,
      variants: r.variants.map((v) => ({
        ...v,
        filters: v.filters ? { ...v.filters, rgba: Array.from(v.filters.rgba) } : null,
      })),
    };
  }
  return { selected: s.selected, length: s.length, results };
}

function parseFilters(v: unknown, what: string): FilterImages | null {
  if (v === null || v === undefined) return null;
  const f = obj(v, what);
  if (!Array.isArray(f.rgba) || !f.rgba.every((x) => typeof x === 'number')) throw new Error(`${what}.rgba is not a list of numbers`); // prettier-ignore
  const images = { ...f, rgba: Uint8ClampedArray.from(f.rgba as number[]) } as unknown as FilterImages; // prettier-ignore
  const n = images.filters * images.tilesPerFilter * images.height * images.width * 4;
  if (!Number.isInteger(n) || images.rgba.length !== n) throw new Error(`${what} has ${images.rgba.length} pixel bytes, not ${n}`); // prettier-ignore
  return images;
}

function parseVariant(v: unknown, what: string): VariantResult {
  const o = obj(v, what);
  let status = str(o, 'status', what) as VariantStatus;
  if (!STATUSES.includes(status)) throw new Error(`${what}.status ${JSON.stringify(status)} is unknown`); // prettier-ignore
  // A run cannot still be going after a reload.
  if (status === 'running') status = 'stopped';
  const health = o.health === null || o.health === undefined ? null : obj(o.health, `${what}.health`); // prettier-ignore
  if (health && !Array.isArray(health.layers)) throw new Error(`${what}.health.layers is not a list`); // prettier-ignore
  const runId = o.runId === null || o.runId === undefined ? null : str(o, 'runId', what);
  return {
    label: str(o, 'label', what),
    status,
    runId,
    steps: numOrNull(o, 'steps', what) ?? 0,
    totalSteps: numOrNull(o, 'totalSteps', what) ?? 0,
    initialLoss: numOrNull(o, 'initialLoss', what),
    finalLoss: numOrNull(o, 'finalLoss', what),
    trainAccuracy: numOrNull(o, 'trainAccuracy', what),
    valAccuracy: numOrNull(o, 'valAccuracy', what),
    nanStep: numOrNull(o, 'nanStep', what),
    elapsedMs: numOrNull(o, 'elapsedMs', what) ?? 0,
    health: health as VariantResult['health'],
    filterSpread: numOrNull(o, 'filterSpread', what),
    filters: parseFilters(o.filters, `${what}.filters`),
    error: o.error === null || o.error === undefined ? null : str(o, 'error', what),
  };
}

/** Reads the stored panel; throws with the reason when it is not acceptable. */
export function parseStoredExperiments(json: unknown): StoredExperiments {
  const o = obj(json, 'the saved experiments');
  const selected = isExperimentId(o.selected) ? o.selected : EXPERIMENTS[0].id;
  const length: RunLength = o.length === 'quick' ? 'quick' : 'full';
  const results: Partial<Record<ExperimentId, ExperimentResult>> = {};
  for (const [id, r] of Object.entries(obj(o.results ?? {}, 'results'))) {
    if (!isExperimentId(id)) continue; // an experiment this build no longer has
    const ro = obj(r, `results.${id}`);
    if (!Array.isArray(ro.variants)) throw new Error(`results.${id}.variants is not a list`);
    const variants = ro.variants.map((v, i) => parseVariant(v, `results.${id}.variants[${i}]`));
    results[id] = {
      id,
      length: ro.length === 'quick' ? 'quick' : 'full',
      variants,
      startedAt: numOrNull(ro, 'startedAt', `results.${id}`) ?? 0,
      finishedAt: numOrNull(ro, 'finishedAt', `results.${id}`) ?? 0,
      incomplete: ro.incomplete === true || ro.finishedAt === null,
    };
  }
  return { selected, length, results };
}
