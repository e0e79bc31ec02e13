// The page's handle on the training worker: promise-returning commands, typed stream events.
// The UI (or the store bridge) calls this; it never sees message ids, versions or transfer
// lists. Big results (filter images, activation maps, confusion examples, weights) arrive as
// transferred buffers, so asking for them costs no copy on either side.
//
//   const client = new TrainingClient();            // starts the worker
//   const backend = await client.init({ prefer: 'webgpu' });
//   const summary = await client.configure({ spec, dataset: { kind: 'mnist' }, settings });
//   client.on('metrics', (e) => chart.add(e.metrics));
//   await client.start();
import type { ActivationsResult } from '../engine/inspect/activations';
import type { ConfusionMatrix } from '../engine/inspect/confusion';
import type { FilterImages } from '../engine/inspect/filters';
import type { GradCheckResult } from '../engine/inspect/gradcheck';
import type { HealthReport } from '../engine/inspect/health';
import type { Normalization } from '../engine/inspect/images';
import type { LrRangeOptions, LrRangeResult } from '../engine/inspect/lr-range';
import type { PredictionsResult } from '../engine/inspect/predictions';
import type { NetworkSpec } from '../engine/spec';
import type { SessionSummary } from '../engine/train/session';
import type { BackendInfo, EvaluationResult } from '../engine/train/session-events';
import type { TrainingSettings } from '../engine/train/settings';
import {
  commandTransferables,
  parseEvent,
  PROTOCOL_VERSION,
  type BackendPreference,
  type Command,
  type CommandBody,
  type DatasetChoice,
  type EventOf,
  type InspectionKind,
  type InspectionRequest,
  type InspectionResult,
  type StreamEventType,
  type WorkerEvent,
} from './protocol';

/** What the client needs of a Worker (a real one, or createInProcessWorker's stand-in). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: (e: { data?: unknown; message?: string }) => void): void; // prettier-ignore
  removeEventListener?(type: string, listener: (e: { data?: unknown }) => void): void;
  terminate(): void;
}

/** Starts the real training worker (Vite bundles it as a module worker). */
export function createTrainingWorker(): Worker {
  return new Worker(new URL('./training.worker.ts', import.meta.url), {
    type: 'module',
    name: 'convplay-training',
  });
}

/** A command the worker refused or failed; `command` names it. */
export class WorkerCommandError extends Error {
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message);
    this.name = 'WorkerCommandError';
  }
}

interface Pending {
  readonly command: Command['type'];
  resolve(event: WorkerEvent): void;
  reject(error: Error): void;
  onProgress?: (received: number, total: number | null) => void;
}

type StreamListener<T extends StreamEventType> = (event: EventOf<T>) => void;

export interface ConfigureRequest {
  readonly spec: NetworkSpec;
  readonly dataset: DatasetChoice;
  readonly settings: TrainingSettings;
}

export class TrainingClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<StreamEventType, Set<(e: WorkerEvent) => void>>();
  private initPromise: Promise<BackendInfo> | null = null;
  private closed = false;

  constructor(private readonly worker: WorkerLike = createTrainingWorker()) {
    worker.addEventListener('message', (e) => this.receive(e.data));
    worker.addEventListener('error', (e) => this.crashed(e.message ?? 'the training worker failed')); // prettier-ignore
    worker.addEventListener(
      'messageerror',
      () =>
      this.emit({ v: PROTOCOL_VERSION, type: 'error', message: 'a message from the training worker could not be read' }), // prettier-ignore
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  /**
   * Subscribes to a stream event: status, metrics, evaluation, nanPaused, checkpoint,
   * backendChanged, progress (dataset download), error (messages the worker could not tie to a
   * command, a crashed worker). Returns the unsubscribe function.
   */
  on<T extends StreamEventType>(type: T, listener: StreamListener<T>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const l = listener as (e: WorkerEvent) => void;
    set.add(l);
    return () => void set.delete(l);
  }

  private emit(event: WorkerEvent): void {
    const set = this.listeners.get(event.type as StreamEventType);
    if (set) for (const l of [...set]) l(event);
  }

  private receive(data: unknown): void {
    const event = parseEvent(data);
    if (!event) {
      this.emit({ v: PROTOCOL_VERSION, type: 'error', message: `unrecognised message from the training worker: ${describe(data)}` }); // prettier-ignore
      return;
    }
    const replyTo = 'replyTo' in event ? event.replyTo : undefined;
    const p = replyTo !== undefined ? this.pending.get(replyTo) : undefined;
    if (event.type === 'progress') {
      p?.onProgress?.(event.received, event.total);
      this.emit(event);
      return;
    }
    if (!p) {
      if (replyTo === undefined || event.type === 'error') this.emit(event);
      return;
    }
    this.pending.delete(replyTo!);
    if (event.type === 'error') p.reject(new WorkerCommandError(event.message, p.command));
    else p.resolve(event);
  }

  private crashed(message: string): void {
    const error = new Error(`training worker: ${message}`);
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.emit({ v: PROTOCOL_VERSION, type: 'error', message: error.message });
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  private request<T extends WorkerEvent['type']>(
    body: CommandBody,
    expect: T,
    opts: { transfer?: boolean; onProgress?: Pending['onProgress'] } = {},
  ): Promise<EventOf<T>> {
    if (this.closed) return Promise.reject(new Error('the training client has been disposed'));
    const command = { v: PROTOCOL_VERSION, id: this.nextId++, ...body } as Command;
    return new Promise((resolve, reject) => {
      this.pending.set(command.id, {
        command: command.type,
        onProgress: opts.onProgress,
        reject,
        resolve: (event) => {
          if (event.type === expect) resolve(event as EventOf<T>);
          else reject(new Error(`expected ${expect} in reply to ${command.type}, got ${event.type}`)); // prettier-ignore
        },
      });
      try {
        this.worker.postMessage(command, opts.transfer === false ? [] : commandTransferables(command)); // prettier-ignore
      } catch (e) {
        this.pending.delete(command.id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  private async command(body: CommandBody): Promise<void> {
    await this.request(body, 'done');
  }

  /**
   * Chooses the backend (once; later calls return the same answer unless `force`d). `prefer`
   * defaults to WebGPU, falling back to the CPU with a notice to show. `sendCheckpoints`
   * attaches the weights to checkpoint events (for a page that wants to survive a worker crash).
   */
  init(opts: { prefer?: BackendPreference; sendCheckpoints?: boolean; force?: boolean } = {}): Promise<BackendInfo> {
    if (!this.initPromise || opts.force) {
      const body: CommandBody = { type: 'init', prefer: opts.prefer ?? 'webgpu', ...(opts.sendCheckpoints !== undefined ? { sendCheckpoints: opts.sendCheckpoints } : {}) }; // prettier-ignore
      this.initPromise = this.request(body, 'ready').then((e) => e.backend);
      this.initPromise.catch(() => (this.initPromise = null));
    }
    return this.initPromise;
  } // prettier-ignore

  /**
   * Builds a session for a network, dataset and settings (loading the data first; onProgress
   * reports the download). Replaces any previous session. Calls init() first if needed.
   * A custom dataset's buffers are transferred unless `transfer` is false.
   */
  async configure(
    req: ConfigureRequest,
    opts: {
      onProgress?: (received: number, total: number | null) => void;
      transfer?: boolean;
    } = {},
  ): Promise<SessionSummary> {
    await this.init();
    const e = await this.request({ type: 'configure', ...req }, 'configured', opts);
    return e.summary;
  }

  /** Starts training (returns once the worker has started; progress arrives as events). */
  start(): Promise<void> {
    return this.command({ type: 'start' });
  }

  /** Resolves once training has stopped (after the chunk in flight). */
  pause(): Promise<void> {
    return this.command({ type: 'pause' });
  }

  resume(): Promise<void> {
    return this.command({ type: 'resume' });
  }

  /** Trains exactly `count` steps, then pauses; resolves when they are done. */
  step(count = 1): Promise<void> {
    return this.command({ type: 'step', count });
  }

  /** Back to step 0 with fresh weights (same seed). */
  reset(): Promise<void> {
    return this.command({ type: 'reset' });
  }

  /** New base learning rate, from the next step on. */
  setLearningRate(lr: number): Promise<void> {
    return this.command({ type: 'setLearningRate', lr });
  }

  async inspect<K extends InspectionKind>(
    request: Extract<InspectionRequest, { kind: K }>,
  ): Promise<Extract<InspectionResult, { kind: K }>> {
    const e = await this.request({ type: 'inspect', request }, 'inspection');
    return e.result as Extract<InspectionResult, { kind: K }>;
  }

  /** First-layer filters (or those of `layerId`) as RGBA tiles; null for nets without conv. */
  async filters(opts: { layerId?: string; normalization?: Normalization } = {}): Promise<FilterImages | null> {
    return (await this.inspect({ kind: 'filters', ...opts })).filters;
  } // prettier-ignore

  /** Every layer's output (or `layers`') for validation image `position`. */
  async activations(position: number, layers?: string[]): Promise<ActivationsResult> {
    return (await this.inspect({ kind: 'activations', position, ...(layers ? { layers } : {}) })).activations; // prettier-ignore
  }

  /**
   * Top-k predictions: for dataset `indices` (a confusion cell's examples), validation
   * `positions`, or the first / a seeded random `count` validation images.
   */
  async predictions(
    opts: { indices?: number[]; positions?: number[]; count?: number; randomSeed?: number; k?: number } = {}, // prettier-ignore
  ): Promise<PredictionsResult> {
    return (await this.inspect({ kind: 'predictions', ...opts })).predictions;
  }

  async confusion(): Promise<ConfusionMatrix> {
    return (await this.inspect({ kind: 'confusion' })).confusion;
  }

  /** Layer health on a probe batch of the first `probe` validation images. */
  async health(probe?: number): Promise<HealthReport> {
    return (await this.inspect({ kind: 'health', ...(probe ? { probe } : {}) })).health;
  }

  async gradientCheck(opts: { layerId: string; samples?: number; examples?: number }): Promise<GradCheckResult> {
    return (await this.inspect({ kind: 'gradientCheck', ...opts })).gradientCheck;
  } // prettier-ignore

  /** Validation loss and accuracy now. */
  async evaluate(): Promise<EvaluationResult> {
    return (await this.inspect({ kind: 'evaluate' })).evaluation;
  }

  /** Learning-rate range test; pauses a running session for it and resumes after. */
  async lrRangeTest(options: LrRangeOptions = {}): Promise<LrRangeResult> {
    return (await this.request({ type: 'lrRangeTest', options }, 'lrRange')).result;
  }

  /** The current weights as a safetensors file (spec in its metadata). */
  async exportWeights(): Promise<Uint8Array> {
    return (await this.request({ type: 'exportWeights' }, 'weights')).bytes;
  }

  /** Loads a safetensors file into the model; the bytes are transferred unless transfer is false. */
  async importWeights(bytes: Uint8Array, opts: { transfer?: boolean } = {}): Promise<void> {
    await this.request({ type: 'importWeights', bytes }, 'done', opts);
  }

  /** Stops training, frees the backend and ends the worker. */
  async dispose(): Promise<void> {
    if (this.closed) return;
    try {
      await this.command({ type: 'dispose' });
    } catch {
      // A crashed or already closed worker is what dispose wants anyway.
    }
    this.closed = true;
    this.worker.terminate();
    const error = new Error('the training client has been disposed');
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.listeners.clear();
  }
}

function describe(data: unknown): string {
  try {
    return JSON.stringify(data)?.slice(0, 120) ?? String(data);
  } catch {
    return String(data);
  }
}
