// The training slice: the training settings the panel edits (persisted), and the state of the
// current run as the worker reports it: status, backend notice, the latest numbers for the
// progress display, and chart series (downsampled, with a smoothed loss). UI components read it
// with selectors (useTraining(s => s.series.loss)); the TrainingController (./controller.ts)
// feeds it worker events through `ingest`.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SessionSummary } from '../engine/train/session';
import type {
  BackendInfo,
  CheckpointInfo,
  EvaluationResult,
  MetricsUpdate,
  NanInfo,
  SessionStatus,
} from '../engine/train/session-events';
import {
  DEFAULT_TRAINING_SETTINGS,
  parseTrainingSettings,
  type TrainingSettings,
} from '../engine/train/settings';
import type { WorkerEvent } from '../worker/protocol';
import { appendPoints, emaPush, emptyEma, emptySeries, type Ema, type Series } from './series';

export const SETTINGS_STORAGE_KEY = 'convplay.trainingSettings.v1';

/** The numbers of the progress display, from the latest metrics update. */
export interface LatestMetrics {
  readonly step: number;
  readonly totalSteps: number;
  readonly stepsPerEpoch: number;
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly lr: number;
  readonly regLoss: number;
  readonly examplesPerSecond: number;
  readonly msPerStep: number;
  readonly etaSeconds: number | null;
  readonly elapsedMs: number;
}

export interface RunSeries {
  /** Raw per-reading training loss (downsampled with min/max bands). */
  readonly loss: Series;
  /** EMA-smoothed training loss. */
  readonly lossSmoothed: Series;
  readonly accuracy: Series;
  readonly lr: Series;
  readonly valLoss: Series;
  readonly valAccuracy: Series;
}

export interface TrainingState {
  /** Settings for the next configure (persisted). */
  readonly settings: TrainingSettings;
  readonly status: SessionStatus;
  readonly backend: BackendInfo | null;
  readonly summary: SessionSummary | null;
  readonly latest: LatestMetrics | null;
  readonly series: RunSeries;
  readonly evaluations: readonly EvaluationResult[];
  readonly nan: NanInfo | null;
  readonly checkpoint: CheckpointInfo | null;
  /** The last error the worker reported (a failed command, a crash), for a banner. */
  readonly error: string | null;
  /** Dataset download progress while configuring; null when not downloading. */
  readonly download: { readonly received: number; readonly total: number | null } | null;
  /** EMA factor of the smoothed loss (0–0.999). */
  readonly smoothing: number;
  readonly ema: Ema;

  setSettings(patch: Partial<TrainingSettings>): void;
  resetSettings(): void;
  setSmoothing(beta: number): void;
  /** A new session was configured: clears the run state. */
  setConfigured(summary: SessionSummary): void;
  setBackend(backend: BackendInfo): void;
  setError(message: string | null): void;
  /** Applies one worker event (status, metrics, evaluation, nanPaused, checkpoint...). */
  ingest(event: WorkerEvent): void;
  /** Clears the run's series and numbers (after a reset). */
  clearRun(): void;
}

/** Synchronous key-value storage (localStorage, or a Map-backed stand-in in tests). */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface TrainingStoreOptions {
  /** Where settings persist; default localStorage when there is one, else nowhere. */
  readonly storage?: SettingsStorage | null;
  /** Points per chart series before downsampling (default 1000). */
  readonly capacity?: number;
  readonly smoothing?: number;
}

function defaultStorage(): SettingsStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Some browsers throw on access with storage disabled.
    return null;
  }
}

/** Stored settings if valid; defaults otherwise (a bad entry must never break the app). */
export function loadSettings(storage: SettingsStorage | null): TrainingSettings {
  if (!storage) return DEFAULT_TRAINING_SETTINGS;
  try {
    const raw = storage.getItem(SETTINGS_STORAGE_KEY);
    return raw ? parseTrainingSettings(JSON.parse(raw)) : DEFAULT_TRAINING_SETTINGS;
  } catch (e) {
    console.warn(`convplay: ignoring stored training settings (${(e as Error).message})`);
    return DEFAULT_TRAINING_SETTINGS;
  }
}

function emptySeriesSet(capacity: number): RunSeries {
  return {
    loss: emptySeries(capacity),
    lossSmoothed: emptySeries(capacity),
    accuracy: emptySeries(capacity),
    lr: emptySeries(capacity),
    valLoss: emptySeries(capacity),
    valAccuracy: emptySeries(capacity),
  };
}

const IDLE: SessionStatus = { state: 'idle', step: 0 };

function latestFrom(m: MetricsUpdate): LatestMetrics | null {
  const n = m.steps.length;
  if (n === 0) return null;
  return {
    step: m.step,
    totalSteps: m.totalSteps,
    stepsPerEpoch: m.stepsPerEpoch,
    epoch: m.epoch[n - 1],
    loss: m.loss[n - 1],
    accuracy: m.accuracy[n - 1],
    lr: m.lr[n - 1],
    regLoss: m.regLoss,
    examplesPerSecond: m.examplesPerSecond,
    msPerStep: m.msPerStep,
    etaSeconds: m.etaSeconds,
    elapsedMs: m.elapsedMs,
  };
}

export function createTrainingStore(opts: TrainingStoreOptions = {}): StoreApi<TrainingState> {
  const storage = opts.storage === undefined ? defaultStorage() : opts.storage;
  const capacity = opts.capacity ?? 1000;
  const smoothing = opts.smoothing ?? 0.9;
  const store = createStore<TrainingState>()((set, get) => ({
    settings: loadSettings(storage),
    status: IDLE,
    backend: null,
    summary: null,
    latest: null,
    series: emptySeriesSet(capacity),
    evaluations: [],
    nan: null,
    checkpoint: null,
    error: null,
    download: null,
    smoothing,
    ema: emptyEma(smoothing),

    setSettings(patch) {
      // Validated like anything from outside: a form bug cannot store a broken value.
      set({ settings: parseTrainingSettings({ ...get().settings, ...patch }) });
    },
    resetSettings() {
      set({ settings: DEFAULT_TRAINING_SETTINGS });
    },
    setSmoothing(beta) {
      // Recomputed from the (possibly downsampled) raw series: exact until downsampling starts.
      const { series } = get();
      const { ema, values } = emaPush(emptyEma(beta), series.loss.mean);
      const lossSmoothed = appendPoints(emptySeries(capacity), series.loss.x, values);
      set({ smoothing: beta, ema, series: { ...series, lossSmoothed } });
    },
    setConfigured(summary) {
      set({ summary, backend: summary.backend, status: IDLE, download: null, error: null });
      get().clearRun();
    },
    setBackend(backend) {
      set({ backend });
    },
    setError(message) {
      set({ error: message });
    },
    clearRun() {
      set({
        latest: null,
        series: emptySeriesSet(capacity),
        evaluations: [],
        nan: null,
        checkpoint: null,
        ema: emptyEma(get().smoothing),
      });
    },
    ingest(event) {
      const s = get();
      switch (event.type) {
        case 'status':
          set({ status: event.status, ...(event.status.state === 'running' ? { nan: null, error: null } : {}) }); // prettier-ignore
          if (event.status.state === 'error') set({ error: event.status.message ?? 'training failed' }); // prettier-ignore
          return;
        case 'metrics': {
          const m = event.metrics;
          const { ema, values } = emaPush(s.ema, m.loss);
          set({
            ema,
            latest: latestFrom(m) ?? s.latest,
            series: {
              ...s.series,
              loss: appendPoints(s.series.loss, m.steps, m.loss),
              lossSmoothed: appendPoints(s.series.lossSmoothed, m.steps, values),
              accuracy: appendPoints(s.series.accuracy, m.steps, m.accuracy),
              lr: appendPoints(s.series.lr, m.steps, m.lr),
            },
          });
          return;
        }
        case 'evaluation': {
          const e = event.evaluation;
          set({
            evaluations: [...s.evaluations, e],
            series: {
              ...s.series,
              valLoss: appendPoints(s.series.valLoss, [e.step], [e.loss]),
              valAccuracy: appendPoints(s.series.valAccuracy, [e.step], [e.accuracy]),
            },
          });
          return;
        }
        case 'nanPaused':
          set({ nan: event.nan });
          return;
        case 'checkpoint':
          set({ checkpoint: event.checkpoint });
          return;
        case 'backendChanged':
        case 'ready':
          set({ backend: event.backend });
          return;
        case 'progress':
          set({ download: { received: event.received, total: event.total } });
          return;
        case 'error':
          set({ error: event.message });
          return;
        default:
          return;
      }
    },
  }));
  if (storage) {
    store.subscribe((state, prev) => {
      if (state.settings === prev.settings) return;
      try {
        storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(state.settings));
      } catch {
        // Full or disabled storage: settings simply do not survive a reload.
      }
    });
  }
  return store;
}

let shared: StoreApi<TrainingState> | null = null;

/** The app's training store (created on first use, persisting to localStorage). */
export function trainingStore(): StoreApi<TrainingState> {
  shared ??= createTrainingStore();
  return shared;
}

/** React hook: `const loss = useTraining((s) => s.series.loss)`. */
export function useTraining<T>(selector: (s: TrainingState) => T): T {
  return useStore(trainingStore(), selector);
}
