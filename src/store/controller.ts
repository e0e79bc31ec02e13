// The glue between the training worker and the stores: the one object the UI calls to train.
// It owns the TrainingClient, forwards every worker event into the training store, and records
// the run history (a run begins when training first starts after configure or reset, and ends
// when it finishes, fails, is reset or replaced). Inspections go straight to `client` (results
// are per-request data for a panel, not store state).
//
//   const ctl = new TrainingController();
//   await ctl.init();                                       // backend + notice → store
//   await ctl.configure(spec, { kind: 'mnist' });           // uses the store's settings
//   await ctl.start();
//   const filters = await ctl.client.filters();
import type { StoreApi } from 'zustand/vanilla';
import type { NetworkSpec } from '../engine/spec';
import type { SessionSummary } from '../engine/train/session';
import type { BackendInfo } from '../engine/train/session-events';
import type { TrainingSettings } from '../engine/train/settings';
import { TrainingClient } from '../worker/client';
import type {
  BackendPreference,
  DatasetChoice,
  StreamEventType,
  WorkerEvent,
} from '../worker/protocol';
import { runsStore, type RunResults, type RunsState } from './runs';
import { lastValue } from './series';
import { trainingStore, type TrainingState } from './training';

export interface ControllerOptions {
  readonly client?: TrainingClient;
  readonly training?: StoreApi<TrainingState>;
  readonly runs?: StoreApi<RunsState>;
}

const STREAM: readonly StreamEventType[] = [
  'status', 'metrics', 'evaluation', 'nanPaused', 'checkpoint', 'backendChanged', 'progress', 'error',
]; // prettier-ignore

/** What the worker's session was built from (autosave stores it with each checkpoint). */
export interface Configured {
  readonly spec: NetworkSpec;
  readonly settings: TrainingSettings;
  readonly summary: SessionSummary;
  /** The dataset choice without pixels (a custom dataset is named, not carried). */
  readonly dataset: DatasetRef;
  readonly name?: string;
}

export type DatasetRef =
  Exclude<DatasetChoice, { kind: 'custom' }> | { readonly kind: 'custom'; readonly name: string };

function datasetRef(d: DatasetChoice): DatasetRef {
  return d.kind === 'custom' ? { kind: 'custom', name: d.dataset.name } : d;
}

export class TrainingController {
  readonly client: TrainingClient;
  readonly training: StoreApi<TrainingState>;
  readonly runs: StoreApi<RunsState>;
  private configured: Configured | null = null;
  /** The run being recorded for the current configuration. */
  private runId: string | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(opts: ControllerOptions = {}) {
    this.client = opts.client ?? new TrainingClient();
    this.training = opts.training ?? trainingStore();
    this.runs = opts.runs ?? runsStore();
    for (const type of STREAM) {
      this.unsubscribe.push(this.client.on(type, (e) => this.onEvent(e as WorkerEvent)));
    }
  }

  /** What the current session was configured with; null before the first configure. */
  get current(): Configured | null {
    return this.configured;
  }

  /**
   * The network of the configured session: what inspections run on (the builder may have moved
   * on since). Null before the first configure, or after one failed.
   */
  get configuredSpec(): NetworkSpec | null {
    return this.configured?.spec ?? null;
  }

  /**
   * Starts the worker's backend; the store gets its name and notice. `sendCheckpoints` has the
   * worker attach the weights to checkpoint events (for autosave).
   */
  async init(
    prefer: BackendPreference = 'webgpu',
    opts: { sendCheckpoints?: boolean } = {},
  ): Promise<BackendInfo> {
    const backend = await this.client.init({ prefer, ...opts });
    this.training.getState().setBackend(backend);
    return backend;
  }

  /**
   * Builds a session for `spec` on `dataset` with the store's current settings (or `settings`).
   * Ends the run being recorded, if any. Errors (an invalid network, a failed download) reject
   * and are also put in the store's `error`.
   */
  async configure(
    spec: NetworkSpec,
    dataset: DatasetChoice,
    opts: { settings?: TrainingSettings; name?: string; transfer?: boolean } = {},
  ): Promise<SessionSummary> {
    await this.endRun('stopped');
    const settings = opts.settings ?? this.training.getState().settings;
    try {
      const summary = await this.client.configure({ spec, dataset, settings }, { transfer: opts.transfer }); // prettier-ignore
      this.configured = { spec, settings, summary, dataset: datasetRef(dataset), ...(opts.name ? { name: opts.name } : {}) }; // prettier-ignore
      this.training.getState().setConfigured(summary);
      return summary;
    } catch (e) {
      this.configured = null;
      this.training.getState().setError((e as Error).message);
      throw e;
    }
  }

  start(): Promise<void> {
    return this.client.start();
  }

  pause(): Promise<void> {
    return this.client.pause();
  }

  resume(): Promise<void> {
    return this.client.resume();
  }

  step(count = 1): Promise<void> {
    return this.client.step(count);
  }

  /** Back to step 0; the run so far is kept in the history as 'stopped'. */
  async reset(): Promise<void> {
    await this.client.reset();
    await this.endRun('stopped');
    this.training.getState().clearRun();
  }

  /** Changes the learning rate mid-run (noted in the run's history). */
  async setLearningRate(lr: number): Promise<void> {
    await this.client.setLearningRate(lr);
    const step = this.training.getState().latest?.step ?? 0;
    if (this.runId) this.runs.getState().addNote(this.runId, `learning rate → ${lr} at step ${step}`); // prettier-ignore
  }

  async dispose(): Promise<void> {
    await this.endRun('stopped');
    for (const u of this.unsubscribe) u();
    await this.runs.getState().flush();
    await this.client.dispose();
  }

  private async endRun(status: 'stopped' | 'finished' | 'error'): Promise<void> {
    const id = this.runId;
    this.runId = null;
    if (!id) return;
    this.recordProgress(id);
    await this.runs.getState().finishRun(id, status);
  }

  private results(): RunResults {
    const t = this.training.getState();
    const lastEval = t.evaluations.at(-1);
    return {
      step: t.latest?.step ?? 0,
      trainLoss: lastValue(t.series.lossSmoothed),
      trainAccuracy: lastValue(t.series.accuracy),
      valLoss: lastEval?.loss ?? null,
      valAccuracy: lastEval?.accuracy ?? null,
      elapsedMs: t.latest?.elapsedMs ?? 0,
    };
  }

  private recordProgress(id: string): void {
    this.runs.getState().updateRun(id, { series: this.training.getState().series, results: this.results() }); // prettier-ignore
  }

  private onEvent(e: WorkerEvent): void {
    this.training.getState().ingest(e);
    const runs = this.runs.getState();
    switch (e.type) {
      case 'status': {
        const state = e.status.state;
        if (state === 'running' && !this.runId && this.configured) {
          const c = this.configured;
          this.runId = runs.beginRun({ spec: c.spec, settings: c.settings, summary: c.summary, ...(c.name ? { name: c.name } : {}) }); // prettier-ignore
        }
        if (!this.runId) return;
        if (state === 'finished' || state === 'error') void this.endRun(state);
        else if (state === 'paused' || state === 'running') runs.updateRun(this.runId, { status: state }); // prettier-ignore
        return;
      }
      case 'metrics':
      case 'evaluation':
        if (this.runId) this.recordProgress(this.runId);
        return;
      case 'nanPaused':
        if (this.runId) runs.addNote(this.runId, `paused at step ${e.nan.step}: loss not finite at learning rate ${e.nan.lr}`); // prettier-ignore
        return;
      default:
        return;
    }
  }
}
