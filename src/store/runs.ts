// The run history: every training run with its settings, network, chart series and results,
// kept across reloads in IndexedDB, for the comparison overlay ("which learning rate was
// better?"). The TrainingController records runs as they happen; UI components list, rename,
// hide and delete them, and label overlay curves with `overlayLabels` (only the settings that
// differ between the runs shown).
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { NetworkSpec } from '../engine/spec';
import { specHash } from '../engine/spec-hash';
import type { SessionSummary } from '../engine/train/session';
import {
  diffSettings,
  differingKeys,
  settingsLabel,
  type SettingDifference,
  type TrainingSettings,
} from '../engine/train/settings';
import { defaultRunRepository, type RunRepository } from './run-repository';
import { compactSeries, emptySeries } from './series';
import type { RunSeries } from './training';

/** 'stopped': reset or replaced before finishing; 'interrupted': the page closed mid-run. */
export type RunStatus = 'running' | 'paused' | 'finished' | 'error' | 'stopped' | 'interrupted';

export interface RunResults {
  readonly step: number;
  readonly trainLoss: number | null;
  readonly trainAccuracy: number | null;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  readonly elapsedMs: number;
}

export interface RunRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly status: RunStatus;
  readonly settings: TrainingSettings;
  readonly spec: NetworkSpec;
  readonly specHash: string;
  readonly specName: string;
  readonly datasetName: string;
  readonly backend: string;
  readonly totalSteps: number;
  readonly paramCount: number;
  readonly series: RunSeries;
  readonly results: RunResults;
  /** Shown in the comparison overlay. */
  readonly visible: boolean;
  /** Things that happened during the run: "lr → 0.01 at step 120", NaN pauses. */
  readonly notes: readonly string[];
}

export interface RunsState {
  readonly runs: readonly RunRecord[];
  /** True once the stored history has been read. */
  readonly loaded: boolean;
  /** The run being recorded now. */
  readonly activeId: string | null;
  /** A storage failure, for a quiet warning. */
  readonly error: string | null;

  /** Reads the stored history; runs left 'running' by a closed page become 'interrupted'. */
  load(): Promise<void>;
  beginRun(input: { spec: NetworkSpec; settings: TrainingSettings; summary: SessionSummary; name?: string }): string; // prettier-ignore
  /** Live update of a run (series, results, status); written to storage at most every few s. */
  updateRun(id: string, patch: Partial<Pick<RunRecord, 'series' | 'results' | 'status'>>): void;
  /** Ends a run and writes it now. */
  finishRun(id: string, status: RunStatus): Promise<void>;
  addNote(id: string, note: string): void;
  rename(id: string, name: string): Promise<void>;
  setVisible(id: string, visible: boolean): Promise<void>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  /** Writes pending updates now (before unload). */
  flush(): Promise<void>;
}

export interface RunsStoreOptions {
  readonly repository?: RunRepository;
  /** Least time between writes of a live run (default 3000 ms). */
  readonly persistEveryMs?: number;
  /** Buckets per stored series (default 400). */
  readonly storedCapacity?: number;
  readonly now?: () => number;
}

const NO_RESULTS: RunResults = { step: 0, trainLoss: null, trainAccuracy: null, valLoss: null, valAccuracy: null, elapsedMs: 0 }; // prettier-ignore

function newId(now: number): string {
  const rand = Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  return `run-${now.toString(36)}-${rand}`;
}

function compact(series: RunSeries, capacity: number): RunSeries {
  return {
    loss: compactSeries(series.loss, capacity),
    lossSmoothed: compactSeries(series.lossSmoothed, capacity),
    accuracy: compactSeries(series.accuracy, capacity),
    lr: compactSeries(series.lr, capacity),
    valLoss: compactSeries(series.valLoss, capacity),
    valAccuracy: compactSeries(series.valAccuracy, capacity),
  };
}

function emptyRunSeries(capacity: number): RunSeries {
  return {
    loss: emptySeries(capacity),
    lossSmoothed: emptySeries(capacity),
    accuracy: emptySeries(capacity),
    lr: emptySeries(capacity),
    valLoss: emptySeries(capacity),
    valAccuracy: emptySeries(capacity),
  };
}

export function createRunsStore(opts: RunsStoreOptions = {}): StoreApi<RunsState> {
  const repo = opts.repository ?? defaultRunRepository();
  const every = opts.persistEveryMs ?? 3000;
  const capacity = opts.storedCapacity ?? 400;
  const now = opts.now ?? (() => Date.now());
  const dirty = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const store = createStore<RunsState>()((set, get) => {
    const find = (id: string) => get().runs.find((r) => r.id === id);
    const replace = (id: string, f: (r: RunRecord) => RunRecord) =>
      set({ runs: get().runs.map((r) => (r.id === id ? f(r) : r)) });
    const fail = (e: unknown) => set({ error: `run history: ${(e as Error).message ?? e}` });
    const write = async (id: string) => {
      dirty.delete(id);
      const run = find(id);
      if (!run) return;
      try {
        await repo.put({ ...run, series: compact(run.series, capacity) });
      } catch (e) {
        fail(e);
      }
    };
    const flush = async () => {
      if (timer) clearTimeout(timer);
      timer = null;
      await Promise.all([...dirty].map(write));
    };
    const schedule = (id: string) => {
      dirty.add(id);
      timer ??= setTimeout(() => void flush(), every);
    };

    return {
      runs: [],
      loaded: false,
      activeId: null,
      error: null,

      async load() {
        try {
          const stored = await repo.list();
          const fixed: RunRecord[] = [];
          for (const r of stored) {
            if (r.status !== 'running') {
              fixed.push(r);
              continue;
            }
            const interrupted = { ...r, status: 'interrupted' as const };
            fixed.push(interrupted);
            await repo.put(interrupted);
          }
          // Runs begun before the history finished loading stay, after the stored ones.
          const live = get().runs.filter((r) => !fixed.some((f) => f.id === r.id));
          set({ runs: [...fixed, ...live], loaded: true });
        } catch (e) {
          fail(e);
          set({ loaded: true });
        }
      },

      beginRun({ spec, settings, summary, name }) {
        const t = now();
        const id = newId(t);
        const number = get().runs.length + 1;
        const run: RunRecord = {
          id,
          name: name ?? `Run ${number}: ${settings.optimizer.kind}, lr ${settings.optimizer.lr}`,
          createdAt: t,
          updatedAt: t,
          status: 'running',
          settings,
          spec,
          specHash: specHash(spec),
          specName: spec.name ?? 'network',
          datasetName: summary.datasetName,
          backend: summary.backend.description,
          totalSteps: summary.totalSteps,
          paramCount: summary.paramCount,
          series: emptyRunSeries(capacity),
          results: NO_RESULTS,
          visible: true,
          notes: [],
        };
        set({ runs: [...get().runs, run], activeId: id });
        void write(id);
        return id;
      },

      updateRun(id, patch) {
        if (!find(id)) return;
        replace(id, (r) => ({ ...r, ...patch, updatedAt: now() }));
        schedule(id);
      },

      async finishRun(id, status) {
        if (!find(id)) return;
        replace(id, (r) => ({ ...r, status, updatedAt: now() }));
        if (get().activeId === id) set({ activeId: null });
        await write(id);
      },

      addNote(id, note) {
        if (!find(id)) return;
        replace(id, (r) => ({ ...r, notes: [...r.notes, note] }));
        schedule(id);
      },

      async rename(id, name) {
        replace(id, (r) => ({ ...r, name }));
        await write(id);
      },

      async setVisible(id, visible) {
        replace(id, (r) => ({ ...r, visible }));
        await write(id);
      },

      async remove(id) {
        dirty.delete(id);
        set({ runs: get().runs.filter((r) => r.id !== id), activeId: get().activeId === id ? null : get().activeId }); // prettier-ignore
        try {
          await repo.delete(id);
        } catch (e) {
          fail(e);
        }
      },

      async clear() {
        dirty.clear();
        set({ runs: [], activeId: null });
        try {
          await repo.clear();
        } catch (e) {
          fail(e);
        }
      },

      flush,
    };
  });
  return store;
}

/**
 * Legend labels for overlaid runs: each run's values of the settings that differ between them
 * ("optimizer=adam lr=0.001"), plus "network 2" when they trained different networks. A single
 * run (or identical settings) is labelled with its name.
 */
export function overlayLabels(runs: readonly RunRecord[]): Record<string, string> {
  const keys = differingKeys(runs.map((r) => r.settings));
  const hashes = [...new Set(runs.map((r) => r.specHash))];
  const out: Record<string, string> = {};
  for (const r of runs) {
    const parts = [settingsLabel(r.settings, keys)];
    if (hashes.length > 1) parts.push(`network ${hashes.indexOf(r.specHash) + 1}`);
    if (runs.filter((o) => o.datasetName !== r.datasetName).length > 0) parts.push(r.datasetName);
    const label = parts.filter(Boolean).join(' ');
    out[r.id] = label || r.name;
  }
  return out;
}

/** What changed from run a to run b: settings, and whether the network did. */
export function diffRuns(
  a: RunRecord,
  b: RunRecord,
): { settings: SettingDifference[]; networkChanged: boolean; datasetChanged: boolean } {
  return {
    settings: diffSettings(a.settings, b.settings),
    networkChanged: a.specHash !== b.specHash,
    datasetChanged: a.datasetName !== b.datasetName,
  };
}

let shared: StoreApi<RunsState> | null = null;

/** The app's run history (IndexedDB-backed), created on first use. Call load() once at startup. */
export function runsStore(): StoreApi<RunsState> {
  shared ??= createRunsStore();
  return shared;
}

/** React hook: `const runs = useRuns((s) => s.runs)`. */
export function useRuns<T>(selector: (s: RunsState) => T): T {
  return useStore(runsStore(), selector);
}
