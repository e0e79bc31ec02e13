// Running an experiment: its variants one after another, each through the ordinary playground
// path. A variant's network, dataset and settings are put in the builder, Data and Train stores
// (exactly what "Open in playground" does), then the run control configures a session and the
// controller starts it, so every run lands in the run history like any other. When a run ends
// (finished, NaN auto-pause, error) the runner reads what the experiment asks for (layer health,
// first-layer weights) from the session before the next variant replaces it.
//
// The user's own setup is kept when an experiment first replaces it, and can be restored.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FilterImages } from '../../engine/inspect/filters';
import type { HealthReport } from '../../engine/inspect/health';
import { readSafetensors } from '../../engine/io/safetensors';
import type { NetworkSpec } from '../../engine/spec';
import type { TrainingSettings } from '../../engine/train/settings';
import type { TrainingController } from '../controller';
import type { DatasetStore } from '../dataset';
import type { ShapesSettings, DatasetSource } from '../dataset-settings';
import type { NetworkStore } from '../network';
import { loadStored, saveStored, type KeyValueStorage } from '../persist';
import type { RunControlState } from '../run-control';
import { lastValue } from '../series';
import { EXPERIMENTS_STORAGE_KEY, parseStoredExperiments, toStored } from './persisted';
import {
  experimentById,
  EXPERIMENTS,
  type ExperimentDef,
  type ExperimentId,
  type ExperimentVariant,
  type RunLength,
  type VariantSetup,
} from './catalog';

export type VariantStatus = 'pending' | 'running' | 'finished' | 'diverged' | 'stopped' | 'error';

export interface VariantResult {
  readonly label: string;
  readonly status: VariantStatus;
  /** The run in the history (its curves); null before it starts. */
  readonly runId: string | null;
  readonly steps: number;
  readonly totalSteps: number;
  /** Loss of the first step (before any update). */
  readonly initialLoss: number | null;
  /** Smoothed training loss and training accuracy at the end. */
  readonly finalLoss: number | null;
  readonly trainAccuracy: number | null;
  /** The last validation evaluation. */
  readonly valAccuracy: number | null;
  /** The step whose loss was not finite (the run auto-paused there). */
  readonly nanStep: number | null;
  readonly elapsedMs: number;
  readonly health: HealthReport | null;
  /**
   * Largest difference between any first-layer filter and the first one (0: all identical,
   * the symmetry zero initialisation never breaks); null when not measured.
   */
  readonly filterSpread: number | null;
  /** The first convolution's filters as images at the end of the run, when inspected. */
  readonly filters: FilterImages | null;
  readonly error: string | null;
}

export interface ExperimentResult {
  readonly id: ExperimentId;
  readonly length: RunLength;
  readonly variants: readonly VariantResult[];
  readonly startedAt: number;
  /** Null while running. */
  readonly finishedAt: number | null;
  /** True when the user stopped it (or a variant failed) before every variant ran. */
  readonly incomplete: boolean;
}

/** The user's setup before an experiment first replaced it. */
export interface SavedSetup {
  readonly spec: NetworkSpec;
  readonly settings: TrainingSettings;
  readonly source: DatasetSource;
  readonly shapes: ShapesSettings;
}

export interface ExperimentsState {
  readonly selected: ExperimentId;
  readonly length: RunLength;
  /** The experiment running now. */
  readonly running: ExperimentId | null;
  /** Index of the variant running now. */
  readonly current: number;
  readonly results: Partial<Record<ExperimentId, ExperimentResult>>;
  readonly saved: SavedSetup | null;
  readonly error: string | null;

  select(id: ExperimentId): void;
  setLength(length: RunLength): void;
  /** Runs every variant of `id` in turn; resolves when all ran or it was stopped. */
  run(id: ExperimentId): Promise<void>;
  /** Stops after pausing the variant in progress (its results so far are kept). */
  stop(): Promise<void>;
  /** Puts variant `index` of `id` in the builder, Data and Train tabs (keeping the user's setup). */
  open(id: ExperimentId, index?: number): void;
  /** Puts back the setup the user had before the first experiment replaced it. */
  restore(): void;
  dismissError(): void;
}

export interface ExperimentsDeps {
  readonly network: NetworkStore;
  readonly dataset: DatasetStore;
  readonly controller: () => TrainingController;
  readonly runControl: StoreApi<RunControlState>;
  readonly now?: () => number;
  /** Where the panel is kept across reloads; null or absent: in memory only. */
  readonly storage?: KeyValueStorage | null;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function pendingResult(v: ExperimentVariant): VariantResult {
  return {
    label: v.label,
    status: 'pending',
    runId: null,
    steps: 0,
    totalSteps: v.settings.overfit.enabled ? v.settings.overfit.steps : v.settings.steps,
    initialLoss: null,
    finalLoss: null,
    trainAccuracy: null,
    valAccuracy: null,
    nanStep: null,
    elapsedMs: 0,
    health: null,
    filterSpread: null,
    filters: null,
    error: null,
  };
}

/** Max over filters k of max |w_k − w_0| for a [K, ...] weight tensor. */
export function filterSpread(data: Float32Array, filters: number): number {
  const size = data.length / filters;
  let spread = 0;
  for (let k = 1; k < filters; k++) {
    for (let i = 0; i < size; i++) spread = Math.max(spread, Math.abs(data[k * size + i] - data[i])); // prettier-ignore
  }
  return spread;
}

/** The first layer with weights of `spec` that is a convolution (its filters), or undefined. */
function firstConv(spec: NetworkSpec): string | undefined {
  return spec.layers.find((l) => l.type === 'conv2d')?.id;
}

export function createExperimentsStore(deps: ExperimentsDeps): StoreApi<ExperimentsState> {
  const now = deps.now ?? (() => Date.now());
  const storage = deps.storage ?? null;
  const stored = loadStored(storage, EXPERIMENTS_STORAGE_KEY, 'experiment results', parseStoredExperiments); // prettier-ignore
  let stopRequested = false;

  const store = createStore<ExperimentsState>()((set, get) => {
    const apply = (setup: VariantSetup) => {
      const ctl = deps.controller();
      if (!get().saved) {
        const ds = deps.dataset.getState();
        set({
          saved: {
            spec: deps.network.getState().spec,
            settings: ctl.training.getState().settings,
            source: ds.source,
            shapes: ds.shapes,
          },
        });
      }
      ctl.training.getState().setSettings(setup.settings);
      // The dataset first: the network input follows it; then the network, with its own input.
      if (setup.data.source === 'shapes') deps.dataset.getState().setShapes(setup.data.shapes);
      deps.dataset.getState().choose(setup.data.source);
      deps.network.getState().loadSpec(setup.spec);
      deps.network.getState().setInputShape(setup.spec.input);
    };

    const patchVariant = (id: ExperimentId, index: number, patch: Partial<VariantResult>) => {
      const r = get().results[id];
      if (!r) return;
      const variants = r.variants.map((v, i) => (i === index ? { ...v, ...patch } : v));
      set({ results: { ...get().results, [id]: { ...r, variants } } });
    };

    /** Waits for the started run to end; reports its progress into the result as it goes. */
    const waitForEnd = (id: ExperimentId, index: number) =>
      new Promise<'finished' | 'nan' | 'paused' | 'error'>((resolve) => {
        const ctl = deps.controller();
        let runId: string | null = null;
        let initialLoss: number | null = null;
        const check = () => {
          const t = ctl.training.getState();
          runId ??= ctl.runs.getState().activeId;
          if (initialLoss === null && t.series.loss.x[0] === 1) initialLoss = t.series.loss.mean[0];
          patchVariant(id, index, {
            runId,
            initialLoss,
            steps: t.latest?.step ?? 0,
            totalSteps: t.latest?.totalSteps ?? t.summary?.totalSteps ?? 0,
            elapsedMs: t.latest?.elapsedMs ?? 0,
          });
          const state = t.status.state;
          if (state === 'finished' || state === 'error') return done(state);
          if (state === 'paused')
            return done(t.status.reason === 'nan' || t.nan ? 'nan' : 'paused');
        };
        const unsubscribe = ctl.training.subscribe(check);
        const done = (how: 'finished' | 'nan' | 'paused' | 'error') => {
          unsubscribe();
          resolve(how);
        };
        check();
      });

    /** Reads what the experiment inspects from the session that just ended. */
    const probe = async (def: ExperimentDef, variant: ExperimentVariant) => {
      const ctl = deps.controller();
      const out: { health?: HealthReport; filterSpread?: number; filters?: FilterImages | null } = {}; // prettier-ignore
      if (def.probes.includes('health')) out.health = await ctl.client.health();
      const conv = firstConv(variant.spec);
      if (def.probes.includes('filters') && conv) {
        const w = readSafetensors(await ctl.client.exportWeights()).tensors.get(`${conv}.weight`);
        if (w) out.filterSpread = filterSpread(w.data, w.shape[0]);
        out.filters = await ctl.client.filters({ layerId: conv });
      }
      return out;
    };

    const runVariant = async (def: ExperimentDef, index: number, variant: ExperimentVariant) => {
      const ctl = deps.controller();
      apply(variant);
      patchVariant(def.id, index, { status: 'running' });
      await deps.runControl.getState().configureWith(undefined, { name: `${def.title}: ${variant.label}` }); // prettier-ignore
      await ctl.start();
      const how = await waitForEnd(def.id, index);
      const t = ctl.training.getState();
      const status: VariantStatus =
        how === 'finished' ? 'finished' : how === 'nan' ? 'diverged' : how === 'paused' ? 'stopped' : 'error'; // prettier-ignore
      patchVariant(def.id, index, {
        status,
        finalLoss: lastValue(t.series.lossSmoothed),
        trainAccuracy: lastValue(t.series.accuracy),
        valAccuracy: t.evaluations.at(-1)?.accuracy ?? null,
        nanStep: t.nan?.step ?? null,
        error: how === 'error' ? (t.error ?? t.status.message ?? 'the run failed') : null,
        ...(how === 'finished' || how === 'nan' ? await probe(def, variant) : {}),
      });
      return status;
    };

    return {
      selected: stored.value?.selected ?? EXPERIMENTS[0].id,
      length: stored.value?.length ?? 'full',
      running: null,
      current: 0,
      results: stored.value?.results ?? {},
      saved: null,
      error: stored.error,

      select: (selected) => set({ selected }),
      setLength: (length) => set({ length }),

      async run(id) {
        const def = experimentById(id);
        if (!def || get().running || def.tool) return;
        if (deps.runControl.getState().busy) {
          set({ error: 'Another training command is still running: try again in a moment.' });
          return;
        }
        const ctl = deps.controller();
        if (ctl.training.getState().status.state === 'running') await ctl.pause();
        const variants = def.variants(get().length);
        stopRequested = false;
        set({
          running: id,
          current: 0,
          error: null,
          results: {
            ...get().results,
            [id]: { id, length: get().length, variants: variants.map(pendingResult), startedAt: now(), finishedAt: null, incomplete: false }, // prettier-ignore
          },
        });
        let incomplete = false;
        try {
          for (let i = 0; i < variants.length; i++) {
            if (stopRequested) {
              incomplete = true;
              break;
            }
            set({ current: i });
            const status = await runVariant(def, i, variants[i]);
            if (status === 'stopped' || status === 'error') {
              incomplete = true;
              break;
            }
          }
        } catch (e) {
          incomplete = true;
          patchVariant(id, get().current, { status: 'error', error: message(e) });
          set({ error: `The experiment stopped: ${message(e)}` });
        } finally {
          const r = get().results[id];
          if (r) set({ results: { ...get().results, [id]: { ...r, finishedAt: now(), incomplete } } }); // prettier-ignore
          set({ running: null });
        }
      },

      async stop() {
        if (!get().running) return;
        stopRequested = true;
        await deps.controller().pause();
      },

      open(id, index = 0) {
        const v = experimentById(id)?.variants(get().length)[index];
        if (v) apply(v);
      },

      restore() {
        const saved = get().saved;
        if (!saved || get().running) return;
        deps.controller().training.getState().setSettings(saved.settings);
        deps.dataset.getState().setShapes(saved.shapes);
        deps.dataset.getState().choose(saved.source);
        deps.network.getState().loadSpec(saved.spec);
        deps.network.getState().setInputShape(saved.spec.input);
        set({ saved: null });
      },

      dismissError: () => set({ error: null }),
    };
  });
  // Saved whenever nothing is running (a running experiment changes its results every step).
  store.subscribe((s, prev) => {
    if (s.running) return;
    if (s.results === prev.results && s.selected === prev.selected && s.length === prev.length && !prev.running) return; // prettier-ignore
    const error = saveStored(storage, EXPERIMENTS_STORAGE_KEY, toStored(s));
    if (error && error !== s.error) store.setState({ error });
  });
  return store;
}
