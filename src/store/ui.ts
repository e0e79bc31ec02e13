// UI-only state: which side panel is open, the palette filter. Nothing here affects what trains.
// The open panel is saved so the app reopens the way it was left.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { browserStorage, loadStored, saveStored, type KeyValueStorage } from './persist';

export const UI_STORAGE_KEY = 'convplay.ui.v1';

export type SideTab = 'data' | 'train' | 'watch' | 'experiments';
export const SIDE_TABS: readonly SideTab[] = ['data', 'train', 'watch', 'experiments'];

export interface UiState {
  readonly sideTab: SideTab;
  /** Filters the layer palette by name. */
  readonly paletteQuery: string;
  setSideTab(tab: SideTab): void;
  setPaletteQuery(q: string): void;
}

interface StoredUi {
  readonly sideTab: SideTab;
}

function parseStoredUi(json: unknown): StoredUi {
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  return { sideTab: SIDE_TABS.includes(o.sideTab as SideTab) ? (o.sideTab as SideTab) : 'data' };
}

export function createUiStore(opts: { storage?: KeyValueStorage | null } = {}): StoreApi<UiState> {
  const storage = opts.storage === undefined ? browserStorage() : opts.storage;
  // UI preferences are not worth a warning: unreadable ones quietly fall back to defaults.
  const stored = loadStored(storage, UI_STORAGE_KEY, 'view settings', parseStoredUi).value;
  const store = createStore<UiState>()((set) => ({
    sideTab: stored?.sideTab ?? 'data',
    paletteQuery: '',
    setSideTab: (sideTab) => set({ sideTab }),
    setPaletteQuery: (paletteQuery) => set({ paletteQuery }),
  }));
  store.subscribe((s, prev) => {
    if (s.sideTab === prev.sideTab) return;
    saveStored(storage, UI_STORAGE_KEY, { sideTab: s.sideTab } satisfies StoredUi);
  });
  return store;
}

export const uiStore = createUiStore();

export function useUi<T>(selector: (s: UiState) => T): T {
  return useStore(uiStore, selector);
}
