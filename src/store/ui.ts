// UI-only state: which side panel is open and the batch size the memory estimate assumes.
// Nothing here affects what trains. Saved so the app reopens the way it was left.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { browserStorage, loadStored, saveStored, type KeyValueStorage } from './persist';

export const UI_STORAGE_KEY = 'convplay.ui.v1';

export type SideTab = 'data' | 'train' | 'watch';
export const SIDE_TABS: readonly SideTab[] = ['data', 'train', 'watch'];

/** Batch size used for the memory estimate until the training settings provide theirs. */
export const DEFAULT_ESTIMATE_BATCH = 64;
export const MAX_ESTIMATE_BATCH = 4096;

export interface UiState {
  readonly sideTab: SideTab;
  readonly estimateBatch: number;
  /** Filters the layer palette by name. */
  readonly paletteQuery: string;
  setSideTab(tab: SideTab): void;
  setEstimateBatch(n: number): void;
  setPaletteQuery(q: string): void;
}

interface StoredUi {
  readonly sideTab: SideTab;
  readonly estimateBatch: number;
}

function parseStoredUi(json: unknown): StoredUi {
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const tab = SIDE_TABS.includes(o.sideTab as SideTab) ? (o.sideTab as SideTab) : 'data';
  const b = o.estimateBatch;
  const batch =
    typeof b === 'number' && Number.isInteger(b) && b >= 1 && b <= MAX_ESTIMATE_BATCH
      ? b
      : DEFAULT_ESTIMATE_BATCH;
  return { sideTab: tab, estimateBatch: batch };
}

export function createUiStore(opts: { storage?: KeyValueStorage | null } = {}): StoreApi<UiState> {
  const storage = opts.storage === undefined ? browserStorage() : opts.storage;
  // UI preferences are not worth a warning: unreadable ones quietly fall back to defaults.
  const stored = loadStored(storage, UI_STORAGE_KEY, 'view settings', parseStoredUi).value;
  const store = createStore<UiState>()((set) => ({
    sideTab: stored?.sideTab ?? 'data',
    estimateBatch: stored?.estimateBatch ?? DEFAULT_ESTIMATE_BATCH,
    paletteQuery: '',
    setSideTab: (sideTab) => set({ sideTab }),
    setEstimateBatch: (n) =>
      set({ estimateBatch: Math.max(1, Math.min(MAX_ESTIMATE_BATCH, Math.round(n) || 1)) }),
    setPaletteQuery: (paletteQuery) => set({ paletteQuery }),
  }));
  store.subscribe((s, prev) => {
    if (s.sideTab === prev.sideTab && s.estimateBatch === prev.estimateBatch) return;
    saveStored(storage, UI_STORAGE_KEY, { sideTab: s.sideTab, estimateBatch: s.estimateBatch });
  });
  return store;
}

export const uiStore = createUiStore();

export function useUi<T>(selector: (s: UiState) => T): T {
  return useStore(uiStore, selector);
}
