// TrainingSession: one training run of one network on one dataset, with everything the
// playground needs around the bare Trainer: a run loop that trains in chunks and yields to the
// event loop (so pause, learning-rate changes and inspections are handled within a chunk's
// time), throttled metrics, periodic validation, host-side checkpoints (NaN rollback, moving to
// the CPU when a GPU device is lost), and the inspections behind the "Watch" panels.
//
// It is pure engine code: it runs in the training worker and, for tests, in Node. It never
// posts messages itself; it calls its listeners with plain-data events (session-events.ts) and
// the worker forwards them.
//
// Concurrency: everything that touches the model (a chunk of steps, an evaluation, an
// inspection, the learning-rate range test) runs under one FIFO lock, so an inspection asked for
// mid-run waits for the current chunk and then runs between two chunks.
import type { Backend, Kernel, Tensor } from '../backend/backend';
import { Batcher } from '../data/batcher';
import type { DatasetSplits, ImageDataset } from '../data/dataset';
import { evalBatches } from '../data/batcher';
import { fitPreprocess, type Preprocess } from '../data/preprocess';
import { overfitSubset } from '../data/splits';
import { readActivations, type ActivationsResult } from '../inspect/activations';
import { confusionMatrix, type ConfusionMatrix } from '../inspect/confusion';
import { readFilterImages, type FilterImages } from '../inspect/filters';
import { fillInput, type ExampleSource } from '../inspect/forward';
import { gradientCheck, type GradCheckOptions, type GradCheckResult } from '../inspect/gradcheck';
import { layerHealth, type HealthReport } from '../inspect/health';
import type { Normalization } from '../inspect/images';
import { lrRangeTest, type LrRangeOptions, type LrRangeResult } from '../inspect/lr-range';
import {
  pickExamples,
  predict,
  type PickOptions,
  type PredictionsResult,
} from '../inspect/predictions';
import { exportWeights, importWeights, PREPROCESS_METADATA_KEY } from '../io/weights';
import { Model } from '../model/model';
import { hashSeed } from '../rng';
import type { NetworkSpec } from '../spec';
import { tensorsFinite, type Checkpoint } from './checkpoint';
import type {
  BackendInfo,
  EvaluationResult,
  MetricsUpdate,
  NanInfo,
  SessionEvent,
  SessionListener,
  SessionState,
  SessionStatus,
} from './session-events';
import { runSteps, trainConfigFrom, type TrainingSettings } from './settings';
import { Lock, yieldToEventLoop } from './scheduling';
import { Throughput } from './throughput';
import { Trainer, type Metrics, type TrainConfig } from './trainer';

export interface SessionData {
  readonly dataset: ImageDataset;
  readonly splits: DatasetSplits;
}

export interface SessionOptions {
  readonly spec: NetworkSpec;
  readonly data: SessionData;
  readonly settings: TrainingSettings;
  readonly backend: Backend;
  /** Steps per loss reading (default 1: every step is a point on the loss chart). */
  readonly metricsEvery?: number;
  /** Least time between metrics events (default 100 ms: about ten a second). */
  readonly metricsIntervalMs?: number;
  /** Work per chunk before yielding to the event loop (default 50 ms). */
  readonly chunkMs?: number;
  /** Time between host checkpoints while running (default 15 s; also at pause and end). */
  readonly checkpointIntervalMs?: number;
  /** Batch size of evaluation passes (default 64). */
  readonly evalBatchSize?: number;
  /**
   * Called when the backend fails mid-run (a lost GPU device). Return a replacement (the CPU
   * backend) to continue there from the last checkpoint, or null to stop with an error.
   */
  readonly fallbackBackend?: () => Backend | null | Promise<Backend | null>;
  /** Clock in ms (default performance.now); tests pass a fake. */
  readonly now?: () => number;
}

export class SessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionError';
  }
}

/** Facts about a configured session, for the UI before training starts. */
export interface SessionSummary {
  readonly datasetName: string;
  readonly classNames: readonly string[];
  readonly inputShape: [number, number, number];
  readonly trainExamples: number;
  readonly validationExamples: number;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly paramCount: number;
  readonly preprocess: Preprocess;
  readonly backend: BackendInfo;
}

interface PendingPoints {
  steps: number[];
  loss: number[];
  accuracy: number[];
  lr: number[];
  epoch: number[];
}

function emptyPoints(): PendingPoints {
  return { steps: [], loss: [], accuracy: [], lr: [], epoch: [] };
}

function checkShapes(spec: NetworkSpec, d: ImageDataset): void {
  const { channels, height, width } = spec.input;
  if (channels !== d.channels || height !== d.height || width !== d.width) {
    throw new SessionError(
      `the network expects ${channels}×${height}×${width} inputs (channels×height×width) but ` +
        `"${d.name}" has ${d.channels}×${d.height}×${d.width} images: set the network input to ` +
        `${d.channels}×${d.height}×${d.width}`,
    );
  }
}

export function nanMessage(step: number, loss: number, lr: number, rolledBackTo: number | null) {
  const what = Number.isNaN(loss) ? 'NaN (not a number)' : 'infinite';
  const lower = Number((lr / 10).toPrecision(2));
  const restored =
    rolledBackTo === null
      ? 'Reset the run to start from fresh weights.'
      : `The weights were restored from step ${rolledBackTo}; resume to continue from there.`;
  return (
    `Training paused: the loss became ${what} at step ${step}. The usual cause is a learning ` +
    `rate too high (now ${lr}): each update overshoots, the weights grow until the numbers ` +
    `overflow. Try a learning rate ten times lower (${lower}), or run the learning-rate ` +
    `finder. ${restored} If it keeps happening at low rates, scale the inputs ` +
    `(preprocessing "scale" or "standardize"), add batch norm, or use He initialisation.`
  );
}

export class TrainingSession {
  readonly spec: NetworkSpec;
  readonly dataset: ImageDataset;
  readonly settings: TrainingSettings;
  readonly preprocess: Preprocess;
  /** Indices the run trains on (the overfit subset in overfit mode). */
  readonly trainIndices: Uint32Array;
  /** Indices it validates on, and that inspections draw "validation images" from. */
  readonly validationIndices: Uint32Array;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly batchSize: number;

  private backendRef: Backend;
  private modelRef: Model;
  private trainer: Trainer;
  private config: TrainConfig;
  private baseLr: number;
  private readonly batcher: Batcher;
  private readonly source: ExampleSource;
  private prevParams: Tensor;
  private saveParams: Kernel[];
  private backendNotice: string | null = null;

  private readonly listeners = new Set<SessionListener>();
  private readonly lock = new Lock();
  private readonly now: () => number;
  private readonly metricsEvery: number;
  private readonly metricsIntervalMs: number;
  private readonly chunkMs: number;
  private readonly checkpointIntervalMs: number;
  private readonly evalBatchSize: number;
  private readonly validationInterval: number;
  private readonly fallback: SessionOptions['fallbackBackend'];

  private state: SessionState = 'idle';
  private lastMessage: string | undefined;
  private lastReason: SessionStatus['reason'];
  private loopPromise: Promise<void> | null = null;
  private stopRequested = false;
  /** Step at which a step(n) call stops; null while running freely. */
  private stopAt: number | null = null;
  private chunkSteps = 1;
  private pending = emptyPoints();
  private lastRegLoss = 0;
  private lastEmit = -Infinity;
  private lastCheckpointAt = 0;
  private elapsedMs = 0;
  private readonly throughput = new Throughput();
  private checkpointRef: Checkpoint | null = null;
  private lastEvaluation: EvaluationResult | null = null;
  private disposed = false;

  private constructor(opts: SessionOptions) {
    const { spec, settings } = opts;
    const { dataset, splits } = opts.data;
    checkShapes(spec, dataset);
    if (splits.train.length === 0)
      throw new SessionError(`"${dataset.name}" has no training examples`);
    this.spec = spec;
    this.dataset = dataset;
    this.settings = settings;
    this.now = opts.now ?? (() => performance.now());
    this.metricsEvery = Math.max(1, Math.round(opts.metricsEvery ?? 1));
    this.metricsIntervalMs = opts.metricsIntervalMs ?? 100;
    this.chunkMs = opts.chunkMs ?? 50;
    this.checkpointIntervalMs = opts.checkpointIntervalMs ?? 15000;
    this.evalBatchSize = opts.evalBatchSize ?? 64;
    this.fallback = opts.fallbackBackend;

    const overfit = settings.overfit.enabled;
    const limited = settings.trainLimit > 0 ? splits.train.subarray(0, settings.trainLimit) : splits.train; // prettier-ignore
    this.trainIndices = overfit ? overfitSubset(limited, Math.min(settings.overfit.examples, limited.length)) : limited; // prettier-ignore
    this.validationIndices = splits.validation;
    // Statistics from the whole training split even when overfitting a subset: the inputs are
    // then scaled the same way as in a normal run.
    this.preprocess = fitPreprocess(dataset, splits.train, settings.preprocess);
    this.source = { dataset, preprocess: this.preprocess };
    this.batchSize = overfit || settings.trainLimit > 0 ? Math.min(settings.batchSize, this.trainIndices.length) : settings.batchSize; // prettier-ignore
    this.batcher = new Batcher(dataset, this.trainIndices, {
      batchSize: this.batchSize,
      shuffle: true,
      seed: settings.seed,
      preprocess: this.preprocess,
      augment: overfit ? undefined : settings.augment,
    });
    this.stepsPerEpoch = this.batcher.stepsPerEpoch;
    this.totalSteps = overfit ? settings.overfit.steps : runSteps(settings, this.stepsPerEpoch);
    this.validationInterval =
      settings.validateEvery > 0 && this.validationIndices.length > 0
        ? Math.max(1, Math.round(settings.validateEvery * this.stepsPerEpoch))
        : Infinity;

    this.backendRef = opts.backend;
    this.config = trainConfigFrom(settings, this.totalSteps, this.batchSize);
    this.baseLr = settings.optimizer.lr;
    this.modelRef = Model.create(spec, opts.backend, { numClasses: dataset.classNames.length });
    this.modelRef.initialize(settings.init, settings.seed);
    this.trainer = new Trainer(this.modelRef, this.config);
    ({ prev: this.prevParams, save: this.saveParams } = this.updateTracking());
  }

  /** Builds a session and takes its step-0 checkpoint. Throws SessionError / ModelError. */
  static async create(opts: SessionOptions): Promise<TrainingSession> {
    const s = new TrainingSession(opts);
    await s.takeCheckpoint(false);
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // Observing

  /** Adds a listener; returns the function that removes it. */
  on(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: SessionEvent): void {
    for (const l of this.listeners) l(event);
  }

  get model(): Model {
    return this.modelRef;
  }

  get backend(): Backend {
    return this.backendRef;
  }

  /** Completed training steps. */
  get stepCount(): number {
    return this.trainer.stepCount;
  }

  get epoch(): number {
    return this.batcher.epochProgress;
  }

  get learningRate(): number {
    return this.trainer.learningRate;
  }

  get baseLearningRate(): number {
    return this.baseLr;
  }

  get status(): SessionStatus {
    return {
      state: this.state,
      step: this.stepCount,
      ...(this.lastMessage ? { message: this.lastMessage } : {}),
      ...(this.lastReason ? { reason: this.lastReason } : {}),
    };
  }

  get checkpoint(): Checkpoint | null {
    return this.checkpointRef;
  }

  get latestEvaluation(): EvaluationResult | null {
    return this.lastEvaluation;
  }

  get summary(): SessionSummary {
    const d = this.dataset;
    return {
      datasetName: d.name,
      classNames: d.classNames,
      inputShape: [d.channels, d.height, d.width],
      trainExamples: this.trainIndices.length,
      validationExamples: this.validationIndices.length,
      batchSize: this.batchSize,
      stepsPerEpoch: this.stepsPerEpoch,
      totalSteps: this.totalSteps,
      paramCount: this.modelRef.paramCount,
      preprocess: this.preprocess,
      backend: this.backendInfo(),
    };
  }

  private backendInfo(): BackendInfo {
    return {
      name: this.backendRef.name,
      description: this.backendRef.description,
      notice: this.backendNotice,
    };
  }

  private setState(state: SessionState, reason?: SessionStatus['reason'], message?: string) {
    this.state = state;
    this.lastReason = reason;
    this.lastMessage = message;
    this.emit({ type: 'status', status: this.status });
  }

  // ---------------------------------------------------------------------------------------------
  // Control

  /**
   * Starts (or resumes) training in the background and returns at once; progress arrives as
   * events. Does nothing while running or after the run finished (reset first).
   */
  start(): void {
    if (this.disposed) return;
    if (this.state === 'running') {
      // Resume pressed while a pause is still winding down: start again once it has stopped.
      if (this.stopRequested && this.loopPromise) void this.loopPromise.then(() => this.start());
      return;
    }
    if (this.state === 'finished' || this.state === 'error') return;
    this.stopAt = null;
    this.launch();
  }

  /** Same as start(); reads better after a pause. */
  resume(): void {
    this.start();
  }

  /** Stops after the current chunk; resolves once stopped (a checkpoint has been taken). */
  async pause(): Promise<void> {
    if (this.state !== 'running') return;
    this.stopRequested = true;
    await this.loopPromise;
  }

  /**
   * Trains exactly `n` more steps and then pauses (reason 'steps'); resolves when done. Allowed
   * when idle, paused or finished (stepping past the planned end); ignored while running.
   */
  async step(n = 1): Promise<void> {
    if (this.disposed || this.state === 'running' || this.state === 'error') return;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`step count must be ≥ 1, got ${n}`);
    this.stopAt = this.stepCount + n;
    this.launch();
    await this.loopPromise;
  }

  /** Waits for the run loop to stop (a pause, the end, an error); resolves at once when idle. */
  async whenStopped(): Promise<void> {
    await this.loopPromise;
  }

  /** Back to step 0: fresh weights from the seed, fresh optimizer state, epoch 0, idle. */
  async reset(): Promise<void> {
    await this.pause();
    await this.lock.run(async () => {
      this.modelRef.initialize(this.settings.init, this.settings.seed);
      this.baseLr = this.settings.optimizer.lr;
      this.trainer = new Trainer(this.modelRef, this.config);
      this.batcher.reset();
      this.throughput.reset();
      this.pending = emptyPoints();
      this.elapsedMs = 0;
      this.lastEvaluation = null;
      this.chunkSteps = 1;
      this.lastEmit = -Infinity;
      await this.takeCheckpoint(false);
    });
    this.setState('idle');
  }

  /** Changes the base learning rate from the next step on (the schedule still applies). */
  setLearningRate(lr: number): void {
    this.trainer.setBaseLearningRate(lr);
    this.baseLr = lr;
  }

  dispose(): void {
    this.disposed = true;
    this.stopRequested = true;
    this.listeners.clear();
  }

  private launch(): void {
    this.stopRequested = false;
    this.setState('running');
    this.loopPromise = this.loop();
  }

  // ---------------------------------------------------------------------------------------------
  // The run loop

  private async loop(): Promise<void> {
    let outcome: 'paused' | 'finished' | 'nan' | 'steps' | 'error' = 'paused';
    let message: string | undefined;
    try {
      for (;;) {
        if (this.stopRequested || this.disposed) break;
        const result = await this.lock.run(() => this.chunk());
        if (result !== 'continue') {
          outcome = result;
          break;
        }
        await yieldToEventLoop();
      }
      // Paused (by the user, or after step(n)): checkpoint now, so a device lost while paused
      // loses nothing and a page that autosaves checkpoints has the latest weights.
      if ((outcome === 'paused' || outcome === 'steps') && !this.disposed) {
        await this.lock.run(() => this.takeCheckpoint(true));
      }
    } catch (e) {
      outcome = 'error';
      message = e instanceof Error ? e.message : String(e);
    }
    this.loopPromise = null;
    if (this.disposed) return;
    this.flushMetrics();
    switch (outcome) {
      case 'finished':
        this.setState('finished', undefined, 'Training finished.');
        break;
      case 'nan':
        this.setState('paused', 'nan', this.lastMessage);
        break;
      case 'steps':
        this.setState('paused', 'steps');
        break;
      case 'error':
        this.setState('error', undefined, message);
        break;
      default:
        this.setState('paused', 'user');
    }
  }

  /** One chunk of steps plus whatever falls due after it. */
  private async chunk(): Promise<'continue' | 'finished' | 'nan' | 'steps'> {
    try {
      return await this.chunkOn();
    } catch (e) {
      if (!(await this.recoverFrom(e))) throw e;
      return 'continue';
    }
  }

  private async chunkOn(): Promise<'continue' | 'finished' | 'nan' | 'steps'> {
    const limit = this.stopAt ?? this.totalSteps;
    // Chunks end at validation points, so evaluations land exactly on their steps.
    const interval = this.validationInterval;
    const nextValidation = (Math.floor(this.stepCount / interval) + 1) * interval;
    const n = Math.max(0, Math.min(this.chunkSteps, limit - this.stepCount, nextValidation - this.stepCount)); // prettier-ignore
    if (n === 0) return this.stopAt !== null ? 'steps' : await this.finish();
    const t0 = this.now();
    const reads: { step: number; lr: number; epoch: number; metrics: Promise<Metrics> }[] = [];
    const b = this.backendRef;
    for (let i = 0; i < n; i++) {
      const lr = this.trainer.learningRate;
      this.batcher.next(this.trainer.batch.x, this.trainer.batch.y);
      // Update ratios need the weights from just before the latest step. Inspections run
      // between chunks, so a snapshot before each chunk's last step is enough; snapshotting
      // every step would add a device copy (and, on WebGPU, a submit) to the hot path.
      if (i === n - 1) b.run(this.saveParams);
      this.trainer.step();
      const step = this.trainer.stepCount;
      if (step % this.metricsEvery === 0 || i === n - 1) {
        reads.push({ step, lr, epoch: this.batcher.epochProgress, metrics: this.trainer.readMetrics() }); // prettier-ignore
      }
    }
    const results = await Promise.all(reads.map((r) => r.metrics));
    const ms = this.now() - t0;
    this.elapsedMs += ms;
    this.throughput.addChunk(n, ms);
    // Aim the next chunk at chunkMs of work, growing at most 2× at a time.
    const per = this.throughput.msPerStep;
    const target = per > 0 ? Math.floor(this.chunkMs / per) : 1;
    this.chunkSteps = Math.max(1, Math.min(target, this.chunkSteps * 2, 1000));

    let bad: { step: number; loss: number; lr: number } | null = null;
    reads.forEach((r, i) => {
      const m = results[i];
      this.pending.steps.push(r.step);
      this.pending.loss.push(m.loss);
      this.pending.accuracy.push(m.accuracy);
      this.pending.lr.push(r.lr);
      this.pending.epoch.push(r.epoch);
      this.lastRegLoss = m.regLoss;
      if (!bad && !Number.isFinite(m.loss)) bad = { step: r.step, loss: m.loss, lr: r.lr };
    });
    if (bad) {
      await this.handleNan(bad);
      return 'nan';
    }
    const step = this.stepCount;
    if (step % interval === 0 && step < this.totalSteps) {
      await this.validate(false);
    }
    if (this.now() - this.lastCheckpointAt >= this.checkpointIntervalMs) await this.takeCheckpoint(true); // prettier-ignore
    this.maybeEmitMetrics();
    if (this.stopAt !== null && step >= this.stopAt) return 'steps';
    if (this.stopAt === null && step >= this.totalSteps) return await this.finish();
    return 'continue';
  }

  private async finish(): Promise<'finished'> {
    if (this.validationIndices.length > 0) await this.validate(true);
    await this.takeCheckpoint(true);
    return 'finished';
  }

  private maybeEmitMetrics(): void {
    if (this.now() - this.lastEmit >= this.metricsIntervalMs) this.flushMetrics();
  }

  /** Sends the points gathered since the last update (nothing when there are none). */
  private flushMetrics(): void {
    if (this.pending.steps.length === 0) return;
    const remainingSteps = Math.max(0, this.totalSteps - this.stepCount);
    const remainingEvals =
      this.validationIndices.length === 0
        ? 0
        : (Number.isFinite(this.validationInterval)
            ? Math.floor(this.totalSteps / this.validationInterval) -
              Math.floor(this.stepCount / this.validationInterval)
            : 0) + (remainingSteps > 0 ? 1 : 0);
    const metrics: MetricsUpdate = {
      ...this.pending,
      regLoss: this.lastRegLoss,
      step: this.stepCount,
      totalSteps: this.totalSteps,
      stepsPerEpoch: this.stepsPerEpoch,
      examplesPerSecond: this.throughput.examplesPerSecond(this.batchSize),
      msPerStep: this.throughput.msPerStep,
      etaSeconds: this.throughput.eta(remainingSteps, remainingEvals),
      elapsedMs: this.elapsedMs,
    };
    this.pending = emptyPoints();
    this.lastEmit = this.now();
    this.emit({ type: 'metrics', metrics });
  }

  private async handleNan(bad: { step: number; loss: number; lr: number }): Promise<void> {
    const cp = this.checkpointRef;
    if (cp) {
      this.modelRef.writeTensors(cp.tensors);
      // Optimizer state (momentum, Adam moments) is as broken as the weights: start it afresh.
      this.rebuildTrainer();
    }
    const rolledBackTo = cp ? cp.step : null;
    const nan: NanInfo = {
      ...bad,
      message: nanMessage(bad.step, bad.loss, bad.lr, rolledBackTo),
      rolledBackTo,
    };
    this.lastMessage = nan.message;
    this.flushMetrics();
    this.emit({ type: 'nanPaused', nan });
  }

  /**
   * A new Trainer on the current model that carries on at `step` (default: the current one)
   * and rate, its optimizer moments fresh from there.
   */
  private rebuildTrainer(step = this.trainer.stepCount): void {
    this.trainer = new Trainer(this.modelRef, this.config);
    this.trainer.stepCount = step;
    this.trainer.momentsFrom = step;
    this.trainer.setBaseLearningRate(this.baseLr);
  }

  /** The device-side copy of the parameters before each step, for update/weight ratios. */
  private updateTracking(): { prev: Tensor; save: Kernel[] } {
    const b = this.backendRef;
    const prev = b.tensor([this.modelRef.params.size], 'health.prevParams');
    return { prev, save: [b.copy(this.modelRef.params, prev)] };
  }

  // ---------------------------------------------------------------------------------------------
  // Checkpoints and moving between backends

  private async takeCheckpoint(announce: boolean): Promise<void> {
    const tensors = await this.modelRef.readTensors();
    this.lastCheckpointAt = this.now();
    // A diverged model is no place to fall back to: keep the last good one.
    if (!tensorsFinite(tensors)) return;
    this.checkpointRef = { step: this.stepCount, epoch: this.epoch, savedAt: Date.now(), tensors };
    if (announce) {
      const { step, epoch, savedAt } = this.checkpointRef;
      this.emit({ type: 'checkpoint', checkpoint: { step, epoch, savedAt } });
    }
  }

  /** A backend failure mid-chunk: move to the fallback backend if there is one. */
  private async recoverFrom(error: unknown): Promise<boolean> {
    if (!this.fallback || this.backendRef.name === 'cpu') return false;
    const replacement = await this.fallback();
    if (!replacement) return false;
    const reason = error instanceof Error ? error.message : String(error);
    this.moveTo(replacement, `The GPU stopped working (${reason}); training continues on the CPU from the checkpoint at step ${this.checkpointRef?.step ?? 0}.`); // prettier-ignore
    return true;
  }

  /**
   * Rebuilds the model on another backend from the last checkpoint (the device copy may be
   * gone). Steps since that checkpoint are lost; optimizer state starts afresh. Runs between
   * chunks (the worker calls it when its GPU device reports loss). With `from`, only if the
   * session is still on that backend.
   */
  async switchBackend(backend: Backend, notice: string, from?: Backend): Promise<void> {
    await this.lock.run(() => {
      // Already moved (a failing chunk recovered first): nothing left to do.
      if (from && this.backendRef !== from) return;
      this.moveTo(backend, notice);
    });
  }

  private moveTo(backend: Backend, notice: string): void {
    const cp = this.checkpointRef;
    const model = Model.create(this.spec, backend, { numClasses: this.dataset.classNames.length });
    if (cp) model.writeTensors(cp.tensors);
    else model.initialize(this.settings.init, this.settings.seed);
    try {
      this.backendRef.dispose();
    } catch {
      // A lost device may refuse even that; nothing is left to free.
    }
    this.backendRef = backend;
    this.modelRef = model;
    this.rebuildTrainer();
    ({ prev: this.prevParams, save: this.saveParams } = this.updateTracking());
    this.chunkSteps = 1;
    this.backendNotice = notice;
    this.emit({ type: 'backendChanged', backend: this.backendInfo() });
  }

  // ---------------------------------------------------------------------------------------------
  // Evaluation

  /** Validation loss and accuracy now, on the whole split (emits an 'evaluation' event too). */
  evaluate(): Promise<EvaluationResult> {
    return this.lock.run(() => this.validate(false, true));
  }

  /** Periodic evaluations use the first `validationLimit` examples; final and asked-for ones all. */
  private async validate(final: boolean, whole = final): Promise<EvaluationResult> {
    const t0 = this.now();
    const limit = this.settings.validationLimit;
    const indices =
      !whole && limit > 0 && limit < this.validationIndices.length
        ? this.validationIndices.subarray(0, limit)
        : this.validationIndices;
    let lossSum = 0;
    let correct = 0;
    let count = 0;
    const batches = [...evalBatches(this.dataset, indices, this.evalBatchSize, this.preprocess)];
    // A few batches per piece, yielding in between, so a long validation stays responsive.
    const piece = 8;
    for (let i = 0; i < batches.length; i += piece) {
      const m = await this.trainer.evaluate(batches.slice(i, i + piece));
      lossSum += m.loss * m.count;
      correct += m.accuracy * m.count;
      count += m.count;
      if (i + piece < batches.length) await yieldToEventLoop();
    }
    const durationMs = this.now() - t0;
    if (!whole) this.throughput.addEvaluation(durationMs);
    this.elapsedMs += durationMs;
    const evaluation: EvaluationResult = {
      split: 'validation',
      step: this.stepCount,
      epoch: this.epoch,
      loss: count ? lossSum / count : NaN,
      accuracy: count ? correct / count : NaN,
      count,
      durationMs,
      final,
    };
    this.lastEvaluation = evaluation;
    this.emit({ type: 'evaluation', evaluation });
    return evaluation;
  }

  // ---------------------------------------------------------------------------------------------
  // Inspection (the data behind the "Watch" panels). All run between chunks.

  /** Pool that "validation image" positions refer to: validation, or training if none. */
  get inspectionPool(): Uint32Array {
    return this.validationIndices.length > 0 ? this.validationIndices : this.trainIndices;
  }

  private datasetIndex(position: number): number {
    const pool = this.inspectionPool;
    if (!Number.isInteger(position) || position < 0 || position >= pool.length) {
      throw new RangeError(`validation image ${position} does not exist (0–${pool.length - 1})`);
    }
    return pool[position];
  }

  /** First-layer filters as RGBA tiles (null when the network has no convolution). */
  filters(opts: { layerId?: string; normalization?: Normalization } = {}): Promise<FilterImages | null> {
    return this.lock.run(() => readFilterImages(this.modelRef, opts));
  } // prettier-ignore

  /** Every layer's output (or `layerIds`') for validation image `position`. */
  activations(position: number, layerIds?: readonly string[]): Promise<ActivationsResult> {
    return this.lock.run(() =>
      readActivations(this.modelRef, this.source, this.datasetIndex(position), layerIds),
    );
  }

  /** Top-k predictions for images chosen by `pick` (dataset indices, validation positions, a count). */
  predictions(pick: PickOptions = {}, k = 3): Promise<PredictionsResult> {
    return this.lock.run(
      () =>
      predict(this.modelRef, this.source, pickExamples(this.inspectionPool, pick, this.dataset.count), k, yieldToEventLoop), // prettier-ignore
    );
  }

  /** Confusion matrix over the validation split (all of it). */
  confusion(): Promise<ConfusionMatrix> {
    return this.lock.run(() =>
      confusionMatrix(this.modelRef, this.source, this.inspectionPool, yieldToEventLoop),
    );
  }

  /** Per-layer health on a probe batch of the first `probe` validation images (default 64). */
  health(probe = 64): Promise<HealthReport> {
    return this.lock.run(async () => {
      const pool = this.inspectionPool;
      const count = Math.max(1, Math.min(probe, pool.length));
      const plan = this.modelRef.plan(count, 'eval');
      const x = new Float32Array(plan.input.size);
      fillInput(this.source, pool.subarray(0, count), x);
      const previousParams =
        this.stepCount > 0 ? await this.backendRef.read(this.prevParams) : null;
      return layerHealth(this.modelRef, { x, batch: count, count, step: this.stepCount, previousParams }); // prettier-ignore
    });
  }

  /**
   * Learning-rate range test on training batches (a separate, seeded stream: the run's own
   * batch order is untouched). Pauses a running session for the test and resumes it after;
   * weights and optimizer state are as before.
   */
  async lrRangeTest(opts: LrRangeOptions = {}): Promise<LrRangeResult> {
    const wasRunning = this.state === 'running';
    await this.pause();
    try {
      return await this.lock.run(() => {
        const stream = new Batcher(this.dataset, this.trainIndices, {
          batchSize: this.batchSize,
          shuffle: true,
          seed: hashSeed(this.settings.seed, 0x1a7e),
          preprocess: this.preprocess,
          augment: this.settings.overfit.enabled ? undefined : this.settings.augment,
        });
        return lrRangeTest(this.modelRef, this.config, (batch) => stream.next(batch.x, batch.y), opts, yieldToEventLoop); // prettier-ignore
      });
    } finally {
      if (wasRunning) this.resume();
    }
  }

  /**
   * Gradient check of one layer's parameters (or `input`) on `examples` validation images, in
   * float64 on the CPU with a copy of the current weights.
   */
  gradientCheck(opts: GradCheckOptions & { examples?: number }): Promise<GradCheckResult> {
    return this.lock.run(async () => {
      const pool = this.inspectionPool;
      const n = Math.max(1, Math.min(opts.examples ?? 2, pool.length, 8));
      const indices = pool.subarray(0, n);
      const x = new Float32Array(n * this.dataset.channels * this.dataset.height * this.dataset.width); // prettier-ignore
      fillInput(this.source, indices, x);
      const y = Array.from(indices, (i) => this.dataset.labels[i]);
      const weights = await this.modelRef.readTensors();
      return gradientCheck(this.spec, weights, { x, y }, { kind: this.settings.loss, hingeMargin: this.settings.hingeMargin }, opts); // prettier-ignore
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Weights in and out

  /**
   * The current weights as a safetensors file with the spec and the input preprocessing in its
   * metadata (a model is only usable with the preprocessing it was trained with).
   */
  exportWeights(): Promise<Uint8Array> {
    return this.lock.run(() =>
      exportWeights(this.modelRef, { [PREPROCESS_METADATA_KEY]: JSON.stringify(this.preprocess) }),
    );
  }

  /**
   * Loads weights (a safetensors file) into the model; throws, changing nothing, when they do
   * not fit. The optimizer starts afresh; the step count and schedule carry on.
   *
   * With `step` (resuming an autosaved checkpoint) the run continues from that step instead: a
   * running session pauses first, then the step count, learning-rate schedule, batch order and
   * validation points move to where the run was, and the session reports itself paused there
   * (finished when the step is at or past the end).
   */
  async importWeights(bytes: Uint8Array, step?: number): Promise<void> {
    if (step !== undefined && (!Number.isInteger(step) || step < 0)) {
      throw new RangeError(`step must be a whole number ≥ 0, got ${step}`);
    }
    if (step !== undefined) await this.pause();
    await this.lock.run(async () => {
      importWeights(this.modelRef, bytes);
      this.rebuildTrainer(step);
      if (step !== undefined) {
        this.batcher.seek(step);
        this.pending = emptyPoints();
      }
      await this.takeCheckpoint(true);
    });
    if (step === undefined) return;
    if (step >= this.totalSteps) this.setState('finished', undefined, 'Training finished.');
    else this.setState('paused');
  }
}
