// The dataset the network trains on. Two halves:
//   - settings (dataset-settings.ts): small JSON, persisted, drives the network's input shape;
//   - the loaded data: the ImageDataset (uint8 pixels, tens of MB) and its splits. It lives in
//     this store's closure, one slot per source, never in React state or localStorage, and is
//     handed to the training worker through `getData()`.
// Loading is asynchronous and can be superseded: only the newest request's result lands.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { classCounts, type DatasetSplits, type ImageDataset } from '../engine/data/dataset';
import { makeSplits } from '../engine/data/splits';
import { generateShapes } from '../engine/data/synthetic-shapes';
import type { BinaryFormat, NamedBytes } from '../platform/dataset-files';
import type { DatasetChoice } from '../worker/protocol';
import { parseDatasetFiles } from '../platform/dataset-files';
import { fetchMnistBundle } from '../platform/fetch-data';
import type { ImportEntry, ImportOptions, ImportResult } from '../platform/image-import';
import { importImages } from '../platform/image-import';
import {
  DEFAULT_DATASET_SETTINGS,
  parseDatasetSettings,
  type DatasetOrigin,
  type DatasetSettings,
  type DatasetSource,
  type DatasetSummary,
  type ImportSettings,
  type ShapesSettings,
} from './dataset-settings';
import { browserStorage, loadStored, saveStored, type KeyValueStorage } from './persist';

export const DATASET_STORAGE_KEY = 'convplay.dataset.v1';
/** Seed of the train/validation split of imported datasets (shapes use their own seed). */
export const SPLIT_SEED = 1;
/**
 * Datasets without a split of their own hold out 10% for validation and keep the rest for
 * training, as the training worker does by default (TrainingSettings.validationFraction).
 */
export const SPLIT_FRACTIONS = { validation: 0.1, test: 0 } as const;

export interface LoadedData {
  readonly dataset: ImageDataset;
  readonly splits: DatasetSplits;
}

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface DatasetState extends DatasetSettings {
  readonly status: LoadStatus;
  /** What is happening while loading; total null when unknown. */
  readonly progress: {
    readonly label: string;
    readonly done: number;
    readonly total: number | null;
    /** What done/total count. */
    readonly unit: 'bytes' | 'files';
  } | null;
  readonly error: string | null;
  /** The dataset now loaded for `source`; null while none is. */
  readonly loaded: DatasetSummary | null;
  /** Bumps whenever the loaded pixels change, so previews know to redraw. */
  readonly revision: number;
  readonly storageError: string | null;

  /** The loaded pixels and splits for the current source (for previews and the trainer). */
  getData(): LoadedData | null;
  /**
   * What to hand the training worker for the current source: MNIST and shapes it loads or
   * generates itself; the user's images go as a copy. Null while there is nothing to train on.
   */
  trainingChoice(): DatasetChoice | null;
  /** Changes whenever trainingChoice() would describe different data. */
  dataKey(): string;
  choose(source: DatasetSource): void;
  setShapes(patch: Partial<ShapesSettings>): void;
  setImportSettings(patch: Partial<ImportSettings>): void;
  setPreviewSeed(seed: number): void;
  /** Builds a dataset from pictures in class folders (dropped or picked). */
  importImages(entries: readonly ImportEntry[]): Promise<void>;
  /** Reads IDX or CIFAR files. */
  importFiles(files: readonly NamedBytes[]): Promise<void>;
  /** Loads (or regenerates) the data for the current settings. */
  load(): Promise<void>;
  cancel(): void;
  dismissStorageError(): void;
}

export interface DatasetLoaders {
  mnist(
    onProgress: (received: number, total: number | null) => void,
    signal: AbortSignal,
  ): Promise<LoadedData>;
  images(entries: readonly ImportEntry[], opts: ImportOptions): Promise<ImportResult>;
}

/** The browser loaders (they only touch fetch and canvas APIs when called). */
export const browserLoaders: DatasetLoaders = {
  mnist: (onProgress, signal) => fetchMnistBundle({ onProgress, signal }),
  images: (entries, opts) => importImages(entries, opts),
};

export interface DatasetStoreOptions {
  storage?: KeyValueStorage | null;
  loaders?: DatasetLoaders;
  /** Delay before regenerating shapes after a settings change (ms); 0 in tests. */
  debounceMs?: number;
}

function summarize(
  data: LoadedData,
  origin: DatasetOrigin,
  extra?: Pick<ImportResult, 'skipped' | 'ignored' | 'emptyClasses'>,
): DatasetSummary {
  const d = data.dataset;
  return {
    name: d.name,
    origin,
    channels: d.channels,
    height: d.height,
    width: d.width,
    classNames: [...d.classNames],
    counts: classCounts(d),
    count: d.count,
    split: {
      train: data.splits.train.length,
      validation: data.splits.validation.length,
      test: data.splits.test.length,
    },
    skipped: extra?.skipped ?? [],
    ignoredCount: extra?.ignored.length ?? 0,
    emptyClasses: extra?.emptyClasses ?? [],
  };
}

function withSplits(dataset: ImageDataset, seed = SPLIT_SEED): LoadedData {
  return { dataset, splits: makeSplits(dataset, SPLIT_FRACTIONS, seed) };
}

/** Copies, because the worker takes ownership of (transfers) what it is given. */
function copyForWorker(d: LoadedData): LoadedData {
  return {
    dataset: { ...d.dataset, images: d.dataset.images.slice(), labels: d.dataset.labels.slice() },
    splits: {
      train: d.splits.train.slice(),
      validation: d.splits.validation.slice(),
      test: d.splits.test.slice(),
    },
  };
}

function settingsOf(s: DatasetState): DatasetSettings {
  const { source, shapes, imports, previewSeed, custom } = s;
  return { source, shapes, imports, previewSeed, custom };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export type DatasetStore = StoreApi<DatasetState>;

export function createDatasetStore(opts: DatasetStoreOptions = {}): DatasetStore {
  const storage = opts.storage === undefined ? browserStorage() : opts.storage;
  const loaders = opts.loaders ?? browserLoaders;
  const debounceMs = opts.debounceMs ?? 250;
  const stored = loadStored(storage, DATASET_STORAGE_KEY, 'dataset choice', parseDatasetSettings);
  const initial = stored.value ?? DEFAULT_DATASET_SETTINGS;

  // The pixels, one slot per source, so switching back and forth does not reload.
  const data = new Map<DatasetSource, LoadedData>();
  // The files of the last folder import, kept so a new size or colour mode can re-import them.
  let lastEntries: readonly ImportEntry[] | null = null;
  let lastFormat: BinaryFormat | 'folder' | null = null;
  let request = 0;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Bumps with every new custom dataset, so a training session knows its data changed.
  let customVersion = 0;

  const store = createStore<DatasetState>()((set, get) => {
    /** Starts a load: returns its token and signal; stale tokens are dropped on completion. */
    const begin = (label: string, unit: 'bytes' | 'files' = 'files') => {
      controller?.abort();
      controller = new AbortController();
      const token = ++request;
      set({ status: 'loading', progress: { label, done: 0, total: null, unit }, error: null });
      return { token, signal: controller.signal };
    };
    const current = (token: number) => token === request;

    const finish = (
      token: number,
      source: DatasetSource,
      loaded: LoadedData,
      summary: DatasetSummary,
    ) => {
      if (!current(token)) return;
      data.set(source, loaded);
      if (source === 'custom') customVersion++;
      const patch: Partial<DatasetState> = source === 'custom' ? { custom: summary } : {};
      if (get().source === source) {
        Object.assign(patch, {
          status: 'ready',
          progress: null,
          loaded: summary,
          revision: get().revision + 1,
        });
      }
      set(patch);
    };
    const fail = (token: number, e: unknown) => {
      if (!current(token)) return;
      const aborted = e instanceof DOMException && e.name === 'AbortError';
      set({
        status: aborted ? 'idle' : 'error',
        progress: null,
        error: aborted ? null : message(e),
      });
    };

    const loadShapes = async () => {
      const { token } = begin('Generating shapes');
      // Let the "generating" state paint before the (synchronous) rendering runs.
      await new Promise((r) => setTimeout(r, 0));
      if (!current(token)) return;
      try {
        const s = get().shapes;
        const dataset = generateShapes({
          count: s.count,
          seed: s.seed,
          classes: s.classes,
          size: s.size,
          channels: s.channels,
        });
        // Split with the generation seed, as the worker does when it generates them itself.
        const loaded = withSplits(dataset, s.seed);
        finish(token, 'shapes', loaded, summarize(loaded, 'shapes'));
      } catch (e) {
        fail(token, e);
      }
    };

    const runImageImport = async (entries: readonly ImportEntry[]) => {
      const { token, signal } = begin('Importing images');
      const { size, channels, fit } = get().imports;
      try {
        const result = await loaders.images(entries, {
          size,
          channels,
          fit,
          name: 'My images',
          signal,
          onProgress: (done, total) => {
            if (current(token))
              set({ progress: { label: 'Importing images', done, total, unit: 'files' } });
          },
        });
        if (result.dataset.count === 0) {
          throw new Error(
            `No usable images found (${result.skipped.length} files skipped). Drop a folder with one sub-folder per class, e.g. pets/cat/1.jpg and pets/dog/2.png.`,
          );
        }
        if (result.dataset.classNames.length < 2) {
          throw new Error(
            `Only one class ("${result.dataset.classNames[0]}") was found: a classifier needs at least two sub-folders, one per class.`,
          );
        }
        lastEntries = entries;
        lastFormat = 'folder';
        const loaded = withSplits(result.dataset);
        finish(token, 'custom', loaded, summarize(loaded, 'folder', result));
      } catch (e) {
        fail(token, e);
      }
    };

    const schedule = (fn: () => Promise<void>) => {
      if (timer) clearTimeout(timer);
      if (debounceMs === 0) {
        void fn();
        return;
      }
      timer = setTimeout(() => void fn(), debounceMs);
    };

    return {
      ...initial,
      status: 'idle',
      progress: null,
      error: null,
      loaded: null,
      revision: 0,
      storageError: stored.error,

      getData: () => data.get(get().source) ?? null,
      trainingChoice() {
        const { source, shapes } = get();
        if (source === 'mnist') return { kind: 'mnist' };
        if (source === 'shapes') {
          const { count, size, channels, classes, seed } = shapes;
          return { kind: 'shapes', count, size, channels, classes, seed };
        }
        const custom = data.get('custom');
        return custom ? { kind: 'custom', ...copyForWorker(custom) } : null;
      },
      dataKey() {
        const { source, shapes } = get();
        if (source === 'shapes') return `shapes:${JSON.stringify(shapes)}`;
        return source === 'custom' ? `custom:${customVersion}` : source;
      },

      choose(source) {
        if (source === get().source && get().status !== 'error') return;
        controller?.abort();
        const have = data.get(source);
        set({
          source,
          error: null,
          progress: null,
          status: have ? 'ready' : 'idle',
          loaded: have
            ? source === 'custom'
              ? get().custom
              : summarize(have, source as DatasetOrigin)
            : null,
          revision: get().revision + 1,
        });
        if (!have && source !== 'custom') void get().load();
      },
      setShapes(patch) {
        set({ shapes: { ...get().shapes, ...patch } });
        data.delete('shapes');
        if (get().source === 'shapes') schedule(loadShapes);
      },
      setImportSettings(patch) {
        set({ imports: { ...get().imports, ...patch } });
        // Folder imports can be redone at the new size; IDX/CIFAR files have a fixed size.
        if (lastEntries && lastFormat === 'folder' && get().source === 'custom') {
          const entries = lastEntries;
          schedule(() => runImageImport(entries));
        }
      },
      setPreviewSeed(seed) {
        set({ previewSeed: seed });
      },
      async importImages(entries) {
        if (get().source !== 'custom') set({ source: 'custom' });
        await runImageImport(entries);
      },
      async importFiles(files) {
        if (get().source !== 'custom') set({ source: 'custom' });
        const { token } = begin('Reading files');
        await new Promise((r) => setTimeout(r, 0));
        try {
          const { dataset, format } = parseDatasetFiles(files);
          lastEntries = null;
          lastFormat = format;
          const loaded = withSplits(dataset);
          finish(token, 'custom', loaded, summarize(loaded, format));
        } catch (e) {
          fail(token, e);
        }
      },
      async load() {
        const { source } = get();
        if (source === 'shapes') return loadShapes();
        if (source === 'custom') {
          if (lastEntries && lastFormat === 'folder') return runImageImport(lastEntries);
          return;
        }
        const { token, signal } = begin('Loading MNIST', 'bytes');
        try {
          const loaded = await loaders.mnist((done, total) => {
            if (current(token))
              set({ progress: { label: 'Loading MNIST', done, total, unit: 'bytes' } });
          }, signal);
          finish(token, 'mnist', loaded, summarize(loaded, 'mnist'));
        } catch (e) {
          fail(token, e);
        }
      },
      cancel() {
        controller?.abort();
      },
      dismissStorageError() {
        set({ storageError: null });
      },
    };
  });

  store.subscribe((s, prev) => {
    const next = settingsOf(s);
    const before = settingsOf(prev);
    const changed = (Object.keys(next) as (keyof DatasetSettings)[]).some(
      (k) => next[k] !== before[k],
    );
    if (!changed) return;
    const error = saveStored(storage, DATASET_STORAGE_KEY, next);
    if (error !== null && error !== s.storageError) store.setState({ storageError: error });
  });
  return store;
}

/** The app's dataset store. */
export const datasetStore = createDatasetStore();

export function useDataset<T>(selector: (s: DatasetState) => T): T {
  return useStore(datasetStore, selector);
}
