// The messages between the page and the training worker: typed, versioned, and checked at run
// time on arrival. A malformed message becomes an `error` event, never a crash: the worker
// outlives bugs on the page side, and a page from an older build talking to a newer worker (a
// cached bundle) gets a clear "protocol version" error instead of undefined behaviour.
//
// Every command carries `id`; the worker's reply to it (`done`, `ready`, `configured`,
// `inspection`, `lrRange`, `weights`, or `error`) carries `replyTo: id`. Everything else the
// worker sends (status, metrics, evaluations, checkpoints...) is a stream event without one.
//
// Big arrays (filter images, activation maps, weights, datasets) travel as transferable
// buffers, listed by `commandTransferables` / `eventTransferables`; metrics messages are small
// by construction (only the points since the previous message).
import type { DatasetSplits, ImageDataset } from '../engine/data/dataset';
import { checkDataset } from '../engine/data/dataset';
import type { ActivationsResult } from '../engine/inspect/activations';
import type { ConfusionMatrix } from '../engine/inspect/confusion';
import type { FilterImages } from '../engine/inspect/filters';
import type { GradCheckResult } from '../engine/inspect/gradcheck';
import type { HealthReport } from '../engine/inspect/health';
import type { Normalization } from '../engine/inspect/images';
import type { LrRangeOptions, LrRangeResult } from '../engine/inspect/lr-range';
import type { PredictionsResult } from '../engine/inspect/predictions';
import { parseNetworkSpec, type NetworkSpec } from '../engine/spec';
import type { PackedTensors } from '../engine/train/checkpoint';
import type { SessionSummary } from '../engine/train/session';
import type {
  BackendInfo,
  CheckpointInfo,
  EvaluationResult,
  MetricsUpdate,
  NanInfo,
  SessionStatus,
} from '../engine/train/session-events';
import { parseTrainingSettings, type TrainingSettings } from '../engine/train/settings';

export const PROTOCOL_VERSION = 1;

// ------------------------------------------------------------------------------------------------
// Payloads

/** Which data to train on. The worker loads or generates it; user data arrives as is. */
export type DatasetChoice =
  /** The bundled 10k MNIST subset (fixed 8000/1000/1000 split), fetched from the app's server. */
  | { readonly kind: 'mnist'; readonly url?: string }
  /** Synthetic coloured shapes, generated in the worker from a seed. */
  | {
      readonly kind: 'shapes';
      readonly count: number;
      readonly size?: number;
      readonly channels?: 1 | 3;
      readonly classes?: number;
      readonly noise?: number;
      /** Default: the training seed. */
      readonly seed?: number;
    }
  /**
   * The user's own images (from the importer). Its buffers are transferred: the page's arrays
   * become unusable (pass copies to keep them). Without splits, a seeded stratified
   * `settings.validationFraction` is held out for validation.
   */
  | { readonly kind: 'custom'; readonly dataset: ImageDataset; readonly splits?: DatasetSplits };

export type InspectionRequest =
  | { readonly kind: 'filters'; readonly layerId?: string; readonly normalization?: Normalization }
  /** `position` indexes the validation split (0 = its first image). */
  | { readonly kind: 'activations'; readonly position: number; readonly layers?: string[] }
  | {
      readonly kind: 'predictions';
      /** Dataset indices (a confusion cell's examples); else positions; else the first `count`. */
      readonly indices?: number[];
      readonly positions?: number[];
      readonly count?: number;
      readonly randomSeed?: number;
      /** How many classes per image (default 3). */
      readonly k?: number;
    }
  | { readonly kind: 'confusion' }
  | { readonly kind: 'health'; readonly probe?: number }
  | {
      readonly kind: 'gradientCheck';
      readonly layerId: string;
      readonly samples?: number;
      readonly examples?: number;
    }
  /** Validation loss and accuracy now (also streamed as an `evaluation` event). */
  | { readonly kind: 'evaluate' };

export type InspectionKind = InspectionRequest['kind'];

export type InspectionResult =
  | { readonly kind: 'filters'; readonly filters: FilterImages | null }
  | { readonly kind: 'activations'; readonly activations: ActivationsResult }
  | { readonly kind: 'predictions'; readonly predictions: PredictionsResult }
  | { readonly kind: 'confusion'; readonly confusion: ConfusionMatrix }
  | { readonly kind: 'health'; readonly health: HealthReport }
  | { readonly kind: 'gradientCheck'; readonly gradientCheck: GradCheckResult }
  | { readonly kind: 'evaluate'; readonly evaluation: EvaluationResult };

export type BackendPreference = 'webgpu' | 'cpu';

// ------------------------------------------------------------------------------------------------
// Commands: page → worker

interface Base {
  readonly v: typeof PROTOCOL_VERSION;
  /** Request id, echoed as `replyTo` in the reply. */
  readonly id: number;
}

export type Command = Base &
  (
    | {
        readonly type: 'init';
        readonly prefer: BackendPreference;
        /** Attach the weights to every checkpoint event (for page-side crash recovery). */
        readonly sendCheckpoints?: boolean;
      }
    | {
        readonly type: 'configure';
        readonly spec: NetworkSpec;
        readonly dataset: DatasetChoice;
        readonly settings: TrainingSettings;
      }
    | { readonly type: 'start' }
    | { readonly type: 'pause' }
    | { readonly type: 'resume' }
    | { readonly type: 'step'; readonly count: number }
    | { readonly type: 'reset' }
    | { readonly type: 'setLearningRate'; readonly lr: number }
    | { readonly type: 'inspect'; readonly request: InspectionRequest }
    | { readonly type: 'lrRangeTest'; readonly options: LrRangeOptions }
    | { readonly type: 'exportWeights' }
    | { readonly type: 'importWeights'; readonly bytes: Uint8Array }
    | { readonly type: 'dispose' }
  );

export type CommandType = Command['type'];

/** A command as the page writes it, before the client stamps version and id. */
export type CommandBody = Command extends infer C
  ? C extends Command
    ? Omit<C, 'v' | 'id'>
    : never
  : never;

// ------------------------------------------------------------------------------------------------
// Events: worker → page

interface EventBase {
  readonly v: typeof PROTOCOL_VERSION;
}

export type WorkerEvent = EventBase &
  /** Reply to init: the backend that will train. */
  (
    | { readonly type: 'ready'; readonly replyTo: number; readonly backend: BackendInfo }
    /** Reply to configure: the session is built (data loaded, model compiled). */
    | { readonly type: 'configured'; readonly replyTo: number; readonly summary: SessionSummary }
    /** Reply to a command that returns nothing (start, pause, step...): it has taken effect. */
    | { readonly type: 'done'; readonly replyTo: number }
    | { readonly type: 'inspection'; readonly replyTo: number; readonly result: InspectionResult }
    | { readonly type: 'lrRange'; readonly replyTo: number; readonly result: LrRangeResult }
    | { readonly type: 'weights'; readonly replyTo: number; readonly bytes: Uint8Array }
    /** Dataset download progress during configure (bytes; total null when unknown). */
    | {
        readonly type: 'progress';
        readonly replyTo: number;
        readonly received: number;
        readonly total: number | null;
      }
    | { readonly type: 'status'; readonly status: SessionStatus }
    | { readonly type: 'metrics'; readonly metrics: MetricsUpdate }
    | { readonly type: 'evaluation'; readonly evaluation: EvaluationResult }
    | { readonly type: 'nanPaused'; readonly nan: NanInfo }
    | {
        readonly type: 'checkpoint';
        readonly checkpoint: CheckpointInfo;
        /** Only with init's sendCheckpoints. */
        readonly weights?: PackedTensors;
      }
    | { readonly type: 'backendChanged'; readonly backend: BackendInfo }
    /** A failed command (with replyTo) or a message that could not be understood (without). */
    | {
        readonly type: 'error';
        readonly replyTo?: number;
        readonly message: string;
        readonly command?: string;
      }
  );

export type WorkerEventType = WorkerEvent['type'];

export type EventOf<T extends WorkerEventType> = Extract<WorkerEvent, { type: T }>;

/** Stream events (not replies), which listeners subscribe to by type. */
export type StreamEventType =
  | 'status'
  | 'metrics'
  | 'evaluation'
  | 'nanPaused'
  | 'checkpoint'
  | 'backendChanged'
  | 'progress'
  | 'error';

// ------------------------------------------------------------------------------------------------
// Run-time validation of commands

export class ProtocolError extends Error {
  constructor(
    message: string,
    readonly replyTo?: number,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(message: string): never {
  throw new ProtocolError(message);
}

function num(o: Obj, key: string, opts: { int?: boolean; min?: number; max?: number; optional?: boolean } = {}) {
  const v = o[key];
  if (v === undefined && opts.optional) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`"${key}" must be a number`);
  if (opts.int && !Number.isInteger(v)) fail(`"${key}" must be a whole number`);
  if (opts.min !== undefined && v < opts.min) fail(`"${key}" must be ≥ ${opts.min}`);
  if (opts.max !== undefined && v > opts.max) fail(`"${key}" must be ≤ ${opts.max}`);
  return v;
} // prettier-ignore

function str(o: Obj, key: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') fail(`"${key}" must be a string`);
  return v;
}

function intList(o: Obj, key: string): number[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < 0)) {
    fail(`"${key}" must be a list of whole numbers ≥ 0`);
  }
  return v as number[];
}

function strList(o: Obj, key: string): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    fail(`"${key}" must be a list of strings`);
  }
  return v as string[];
}

function parseCustomDataset(o: Obj): DatasetChoice {
  const d = o.dataset;
  if (!isObj(d)) fail('"dataset.dataset" must be an image dataset');
  if (!(d.images instanceof Uint8Array)) fail('dataset images must be a Uint8Array');
  if (!(d.labels instanceof Uint16Array)) fail('dataset labels must be a Uint16Array');
  if (!Array.isArray(d.classNames) || d.classNames.some((c) => typeof c !== 'string')) {
    fail('dataset classNames must be a list of strings');
  }
  const dataset: ImageDataset = {
    name: str(d, 'name')!,
    channels: num(d, 'channels', { int: true, min: 1 })!,
    height: num(d, 'height', { int: true, min: 1 })!,
    width: num(d, 'width', { int: true, min: 1 })!,
    count: num(d, 'count', { int: true, min: 0 })!,
    classNames: d.classNames as string[],
    images: d.images,
    labels: d.labels,
  };
  try {
    checkDataset(dataset);
  } catch (e) {
    fail((e as Error).message);
  }
  if (o.splits === undefined) return { kind: 'custom', dataset };
  const s = o.splits;
  if (!isObj(s)) fail('"dataset.splits" must be an object');
  const parts = ['train', 'validation', 'test'] as const;
  for (const p of parts) {
    const a = s[p];
    if (!(a instanceof Uint32Array)) fail(`splits.${p} must be a Uint32Array`);
    for (let i = 0; i < a.length; i++) {
      if (a[i] >= dataset.count) fail(`splits.${p} names example ${a[i]} of ${dataset.count}`);
    }
  }
  const splits = s as unknown as DatasetSplits;
  return { kind: 'custom', dataset, splits };
}

function parseDatasetChoice(v: unknown): DatasetChoice {
  if (!isObj(v)) fail('"dataset" must be an object with a "kind"');
  switch (v.kind) {
    case 'mnist':
      return { kind: 'mnist', ...(v.url !== undefined ? { url: str(v, 'url')! } : {}) };
    case 'shapes': {
      const channels = num(v, 'channels', { optional: true });
      if (channels !== undefined && channels !== 1 && channels !== 3) {
        fail('"channels" of shapes must be 1 or 3');
      }
      const opt = (key: string, o: Parameters<typeof num>[2]) => {
        const x = num(v, key, { ...o, optional: true });
        return x === undefined ? {} : { [key]: x };
      };
      return {
        kind: 'shapes',
        count: num(v, 'count', { int: true, min: 2, max: 200000 })!,
        ...opt('size', { int: true, min: 8, max: 512 }),
        ...(channels !== undefined ? { channels: channels as 1 | 3 } : {}),
        ...opt('classes', { int: true, min: 2, max: 10 }),
        ...opt('noise', { min: 0, max: 1 }),
        ...opt('seed', { int: true, min: 0 }),
      };
    }
    case 'custom':
      return parseCustomDataset(v);
    default:
      return fail(`unknown dataset kind ${JSON.stringify(v.kind)} (mnist, shapes, custom)`);
  }
}

const INSPECTION_KINDS: readonly InspectionKind[] = [
  'filters', 'activations', 'predictions', 'confusion', 'health', 'gradientCheck', 'evaluate',
]; // prettier-ignore

function parseInspection(v: unknown): InspectionRequest {
  if (!isObj(v)) fail('"request" must be an object with a "kind"');
  const kind = v.kind as InspectionKind;
  switch (kind) {
    case 'filters': {
      const n = v.normalization;
      if (n !== undefined && n !== 'tile' && n !== 'all') fail('"normalization" must be "tile" or "all"'); // prettier-ignore
      const layerId = str(v, 'layerId', true);
      return { kind, ...(layerId ? { layerId } : {}), ...(n ? { normalization: n } : {}) };
    }
    case 'activations': {
      const layers = strList(v, 'layers');
      return { kind, position: num(v, 'position', { int: true, min: 0 })!, ...(layers ? { layers } : {}) }; // prettier-ignore
    }
    case 'predictions': {
      const indices = intList(v, 'indices');
      const positions = intList(v, 'positions');
      const count = num(v, 'count', { int: true, min: 1, max: 10000, optional: true });
      const randomSeed = num(v, 'randomSeed', { int: true, min: 0, optional: true });
      const k = num(v, 'k', { int: true, min: 1, max: 1000, optional: true });
      return {
        kind,
        ...(indices ? { indices } : {}),
        ...(positions ? { positions } : {}),
        ...(count !== undefined ? { count } : {}),
        ...(randomSeed !== undefined ? { randomSeed } : {}),
        ...(k !== undefined ? { k } : {}),
      };
    }
    case 'confusion':
    case 'evaluate':
      return { kind };
    case 'health': {
      const probe = num(v, 'probe', { int: true, min: 1, max: 4096, optional: true });
      return { kind, ...(probe !== undefined ? { probe } : {}) };
    }
    case 'gradientCheck': {
      const samples = num(v, 'samples', { int: true, min: 1, max: 1000, optional: true });
      const examples = num(v, 'examples', { int: true, min: 1, max: 8, optional: true });
      return {
        kind,
        layerId: str(v, 'layerId')!,
        ...(samples !== undefined ? { samples } : {}),
        ...(examples !== undefined ? { examples } : {}),
      };
    }
    default:
      return fail(`unknown inspection ${JSON.stringify(kind)} (${INSPECTION_KINDS.join(', ')})`);
  }
}

function parseLrRangeOptions(v: unknown): LrRangeOptions {
  if (v === undefined) return {};
  if (!isObj(v)) fail('"options" must be an object');
  const out: Record<string, number> = {};
  const take = (key: string, o: Parameters<typeof num>[2]) => {
    const x = num(v, key, { ...o, optional: true });
    if (x !== undefined) out[key] = x;
  };
  take('lo', { min: 1e-12 });
  take('hi', { min: 1e-12 });
  take('steps', { int: true, min: 2, max: 10000 });
  take('smoothing', { min: 0, max: 0.999 });
  take('divergeFactor', { min: 1 });
  if (out.lo !== undefined && out.hi !== undefined && !(out.hi > out.lo)) fail('"hi" must be above "lo"'); // prettier-ignore
  return out;
}

/**
 * Checks a message from the page and returns it typed. Throws a ProtocolError (carrying the
 * request id when one could be read) describing the first problem found.
 */
export function parseCommand(data: unknown): Command {
  if (!isObj(data)) throw new ProtocolError('a command must be an object');
  const id = typeof data.id === 'number' && Number.isInteger(data.id) ? data.id : undefined;
  const type = typeof data.type === 'string' ? data.type : undefined;
  try {
    if (data.v !== PROTOCOL_VERSION) {
      fail(
        `protocol version ${JSON.stringify(data.v)} is not supported (this worker speaks ` +
          `version ${PROTOCOL_VERSION}); reload the page`,
      );
    }
    if (id === undefined) fail('"id" must be a whole number');
    const base = { v: PROTOCOL_VERSION, id } as const;
    switch (type) {
      case 'init': {
        const prefer = data.prefer;
        if (prefer !== 'webgpu' && prefer !== 'cpu') fail('"prefer" must be "webgpu" or "cpu"');
        const send = data.sendCheckpoints;
        if (send !== undefined && typeof send !== 'boolean') fail('"sendCheckpoints" must be true or false'); // prettier-ignore
        return { ...base, type, prefer, ...(send !== undefined ? { sendCheckpoints: send } : {}) };
      }
      case 'configure': {
        let spec: NetworkSpec;
        let settings: TrainingSettings;
        try {
          spec = parseNetworkSpec(data.spec);
          settings = parseTrainingSettings(data.settings);
        } catch (e) {
          fail((e as Error).message);
        }
        return { ...base, type, spec, settings, dataset: parseDatasetChoice(data.dataset) };
      }
      case 'start':
      case 'pause':
      case 'resume':
      case 'reset':
      case 'exportWeights':
      case 'dispose':
        return { ...base, type };
      case 'step':
        return { ...base, type, count: num(data, 'count', { int: true, min: 1, max: 1e7 })! };
      case 'setLearningRate': {
        const lr = num(data, 'lr', { max: 1e3 })!;
        if (!(lr > 0)) fail('"lr" must be > 0');
        return { ...base, type, lr };
      }
      case 'inspect':
        return { ...base, type, request: parseInspection(data.request) };
      case 'lrRangeTest':
        return { ...base, type, options: parseLrRangeOptions(data.options) };
      case 'importWeights':
        if (!(data.bytes instanceof Uint8Array)) fail('"bytes" must be a Uint8Array');
        return { ...base, type, bytes: data.bytes };
      default:
        return fail(`unknown command ${JSON.stringify(data.type)}`);
    }
  } catch (e) {
    if (e instanceof ProtocolError) throw new ProtocolError(e.message, id, type);
    throw e;
  }
}

const EVENT_TYPES: ReadonlySet<string> = new Set<WorkerEventType>([
  'ready', 'configured', 'done', 'inspection', 'lrRange', 'weights', 'progress', 'status',
  'metrics', 'evaluation', 'nanPaused', 'checkpoint', 'backendChanged', 'error',
]); // prettier-ignore

/**
 * Light check of a message from the worker (the page trusts its own worker's payloads, but a
 * stale cached worker of another version must be caught): returns the event, or null.
 */
export function parseEvent(data: unknown): WorkerEvent | null {
  if (!isObj(data) || data.v !== PROTOCOL_VERSION) return null;
  if (typeof data.type !== 'string' || !EVENT_TYPES.has(data.type)) return null;
  if ('replyTo' in data && data.replyTo !== undefined && typeof data.replyTo !== 'number') {
    return null;
  }
  return data as unknown as WorkerEvent;
}

// ------------------------------------------------------------------------------------------------
// Transfer lists

/**
 * The buffers of views that own their whole buffer. A view into a larger buffer (a dataset's
 * pixels inside the file they were parsed from) is left to be copied: transferring its buffer
 * would take everything else in it away from the sender too. Shared memory is never transferred.
 */
function collectBuffers(views: readonly (ArrayBufferView | undefined | null)[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of views) {
    if (!v || !(v.buffer instanceof ArrayBuffer)) continue;
    if (v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.byteLength > 0) {
      out.add(v.buffer);
    }
  }
  return [...out];
}

/** Buffers to transfer with a command (custom datasets, weights files). */
export function commandTransferables(c: Command): ArrayBuffer[] {
  if (c.type === 'importWeights') return collectBuffers([c.bytes]);
  if (c.type === 'configure' && c.dataset.kind === 'custom') {
    const { dataset, splits } = c.dataset;
    return collectBuffers([dataset.images, dataset.labels, splits?.train, splits?.validation, splits?.test]); // prettier-ignore
  }
  return [];
}

function inspectionBuffers(r: InspectionResult): (ArrayBufferView | undefined | null)[] {
  switch (r.kind) {
    case 'filters':
      return [r.filters?.rgba];
    case 'activations':
      return [r.activations.image, r.activations.probabilities, ...r.activations.maps.map((m) => m.values)]; // prettier-ignore
    case 'predictions':
      return [r.predictions.images];
    case 'confusion':
      return [r.confusion.matrix, r.confusion.cellStart, r.confusion.cellExamples];
    default:
      return [];
  }
}

/** Buffers to transfer with an event: images, maps, weights; never the small metrics. */
export function eventTransferables(e: WorkerEvent): ArrayBuffer[] {
  switch (e.type) {
    case 'inspection':
      return collectBuffers(inspectionBuffers(e.result));
    case 'weights':
      return collectBuffers([e.bytes]);
    case 'checkpoint':
      return collectBuffers([e.weights?.data]);
    default:
      return [];
  }
}
