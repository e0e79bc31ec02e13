// The network being built: its spec, the selected layer and a bounded undo/redo history. Every
// edit goes through the pure functions in spec-edit.ts; this store only records them. The spec is
// saved to localStorage after each change and read back on start (see persist.ts for how
// unreadable data is handled).
//
// The input shape is not the user's edit: it follows the chosen dataset (store/wire.ts). Undo
// and redo therefore restore layers but keep the current input shape.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FixAction } from '../engine/layers/types';
import {
  parseNetworkSpec,
  type ConfigValue,
  type InputSpec,
  type LayerConfig,
  type NetworkSpec,
} from '../engine/spec';
import { browserStorage, loadStored, saveStored, type KeyValueStorage } from './persist';
import * as edit from './spec-edit';
import { buildTemplate, type TemplateId } from './templates';

export const NETWORK_STORAGE_KEY = 'convplay.network.v1';
export const HISTORY_LIMIT = 100;
/** Edits of one setting closer together than this are one undo step (typing "128" is one edit). */
export const COALESCE_MS = 1000;

/** What the app starts with when nothing is saved: LeNet-5 on the bundled MNIST. */
export const MNIST_INPUT: InputSpec = { channels: 1, height: 28, width: 28 };
export function defaultNetwork(): NetworkSpec {
  return buildTemplate('lenet5', MNIST_INPUT, 10);
}

export interface NetworkState {
  readonly spec: NetworkSpec;
  readonly selectedId: string | null;
  /** Earlier specs, oldest first. */
  readonly past: readonly NetworkSpec[];
  /** Undone specs, the next redo last. */
  readonly future: readonly NetworkSpec[];
  /** A problem reading or writing saved data, for the user; null when none. */
  readonly storageError: string | null;

  /** Adds a layer of `type` at `index` (default: the end), selects it and returns its id. */
  addLayer(type: string, index?: number, config?: LayerConfig): string;
  moveLayer(from: number, to: number): void;
  duplicateLayer(id: string): string;
  removeLayer(id: string): void;
  updateSetting(id: string, key: string, value: ConfigValue): void;
  setLayerInputs(id: string, inputs: readonly string[] | undefined): void;
  applyFix(action: FixAction): void;
  loadTemplate(id: TemplateId, classes: number): void;
  /** Replaces the network (an imported file); keeps the current input shape. */
  loadSpec(spec: NetworkSpec): void;
  setInputShape(input: InputSpec): void;
  select(id: string | null): void;
  undo(): void;
  redo(): void;
  dismissStorageError(): void;
}

export interface NetworkStoreOptions {
  /** Where to save; null keeps everything in memory (tests, blocked storage). */
  storage?: KeyValueStorage | null;
  /** Clock for coalescing setting edits; tests pass a fake one. */
  now?: () => number;
  /** Used when nothing (readable) is saved. */
  initial?: NetworkSpec;
}

interface StoredNetwork {
  readonly spec: NetworkSpec;
}

function parseStored(json: unknown): StoredNetwork {
  if (typeof json !== 'object' || json === null || !('spec' in json)) {
    throw new Error('no network in the saved data');
  }
  return { spec: parseNetworkSpec((json as { spec: unknown }).spec) };
}

export type NetworkStore = StoreApi<NetworkState>;

export function createNetworkStore(opts: NetworkStoreOptions = {}): NetworkStore {
  const storage = opts.storage === undefined ? browserStorage() : opts.storage;
  const now = opts.now ?? Date.now;
  const loaded = loadStored(storage, NETWORK_STORAGE_KEY, 'network', parseStored);
  const initial = loaded.value?.spec ?? opts.initial ?? defaultNetwork();

  // Which setting the last edit changed, and when: consecutive edits of it merge into one step.
  let lastEdit: { key: string; at: number } | null = null;

  const store = createStore<NetworkState>()((set, get) => {
    /** Records `next` as a new undo step (or merges it into the last one). */
    const commit = (next: NetworkSpec, selectedId?: string | null, coalesceKey?: string) => {
      const s = get();
      if (next === s.spec) {
        if (selectedId !== undefined) set({ selectedId });
        return;
      }
      const t = now();
      const merge =
        coalesceKey !== undefined &&
        lastEdit?.key === coalesceKey &&
        t - lastEdit.at < COALESCE_MS &&
        s.past.length > 0;
      lastEdit = coalesceKey !== undefined ? { key: coalesceKey, at: t } : null;
      const past = merge ? s.past : [...s.past, s.spec].slice(-HISTORY_LIMIT);
      set({
        spec: next,
        past,
        future: [],
        ...(selectedId !== undefined ? { selectedId } : {}),
      });
    };

    const keepSelection = (spec: NetworkSpec, id: string | null) =>
      id !== null && spec.layers.some((l) => l.id === id) ? id : null;

    return {
      spec: initial,
      selectedId: null,
      past: [],
      future: [],
      storageError: loaded.error,

      addLayer(type, index, config) {
        const r = edit.addLayer(get().spec, type, index, config);
        commit(r.spec, r.id);
        return r.id;
      },
      moveLayer(from, to) {
        commit(edit.moveLayer(get().spec, from, to));
      },
      duplicateLayer(id) {
        const r = edit.duplicateLayer(get().spec, id);
        commit(r.spec, r.id);
        return r.id;
      },
      removeLayer(id) {
        const { spec, selectedId } = get();
        const next = edit.removeLayer(spec, id);
        commit(next, selectedId === id ? null : selectedId);
      },
      updateSetting(id, key, value) {
        commit(edit.setSetting(get().spec, id, key, value), undefined, `${id}\u0000${key}`);
      },
      setLayerInputs(id, inputs) {
        commit(edit.setInputs(get().spec, id, inputs));
      },
      applyFix(action) {
        const r = edit.applyFix(get().spec, action);
        commit(r.spec, r.focusId);
      },
      loadTemplate(id, classes) {
        commit(buildTemplate(id, get().spec.input, classes), null);
      },
      loadSpec(spec) {
        commit({ ...spec, input: get().spec.input }, null);
      },
      setInputShape(input) {
        // Not an undo step: it follows the dataset. Earlier snapshots adopt it on undo.
        const next = edit.setInput(get().spec, input);
        if (next !== get().spec) set({ spec: next });
      },
      select(id) {
        set({ selectedId: keepSelection(get().spec, id) });
      },
      undo() {
        const s = get();
        if (s.past.length === 0) return;
        lastEdit = null;
        const previous = { ...s.past[s.past.length - 1], input: s.spec.input };
        set({
          spec: previous,
          past: s.past.slice(0, -1),
          future: [...s.future, s.spec],
          selectedId: keepSelection(previous, s.selectedId),
        });
      },
      redo() {
        const s = get();
        if (s.future.length === 0) return;
        lastEdit = null;
        const next = { ...s.future[s.future.length - 1], input: s.spec.input };
        set({
          spec: next,
          past: [...s.past, s.spec].slice(-HISTORY_LIMIT),
          future: s.future.slice(0, -1),
          selectedId: keepSelection(next, s.selectedId),
        });
      },
      dismissStorageError() {
        set({ storageError: null });
      },
    };
  });

  store.subscribe((s, prev) => {
    if (s.spec === prev.spec) return;
    const error = saveStored(storage, NETWORK_STORAGE_KEY, {
      spec: s.spec,
    } satisfies StoredNetwork);
    if (error !== null && error !== s.storageError) store.setState({ storageError: error });
  });
  return store;
}

/** The app's network store. */
export const networkStore = createNetworkStore();

export function useNetwork<T>(selector: (s: NetworkState) => T): T {
  return useStore(networkStore, selector);
}
