// What the Watch panel is looking at: which sections are open (saved, so the panel reopens as it
// was left), the validation image and layer of the activation view, and the channel picked in
// the filter grid. Kept in a store rather than component state because the filter grid and the
// activation view are separate components that must stay linked: clicking filter k of conv1
// shows channel k of conv1's output for the current image.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { browserStorage, loadStored, saveStored, type KeyValueStorage } from './persist';

export const WATCH_STORAGE_KEY = 'convplay.watch.v1';

export const WATCH_SECTIONS = [
  'curves',
  'inside',
  'predictions',
  'confusion',
  'health',
  'compare',
  'lrFinder',
  'gradCheck',
  'runs',
] as const;
export type WatchSection = (typeof WATCH_SECTIONS)[number];

/** Open at first: what a newcomer should see without clicking (the README screenshot too). */
const DEFAULT_OPEN: Record<WatchSection, boolean> = {
  curves: true,
  inside: true,
  predictions: false,
  confusion: false,
  health: false,
  compare: false,
  lrFinder: false,
  gradCheck: false,
  runs: true,
};

export interface Highlight {
  readonly layerId: string;
  readonly channel: number;
}

export interface WatchState {
  readonly open: Readonly<Record<WatchSection, boolean>>;
  /** Validation image shown in the activation view (0 = the split's first image). */
  readonly imagePosition: number;
  /** Layer whose output the activation view shows; null: the first convolution (or layer). */
  readonly layerId: string | null;
  /** The channel singled out (from a filter click or a map click); null: none. */
  readonly highlight: Highlight | null;

  setOpen(section: WatchSection, open: boolean): void;
  setImagePosition(position: number): void;
  setLayer(layerId: string): void;
  /** Singles out a channel and shows its layer (opening the activation view). */
  highlightChannel(h: Highlight | null): void;
}

function parseStored(json: unknown): Record<WatchSection, boolean> {
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const open = (typeof o.open === 'object' && o.open !== null ? o.open : {}) as Record<string, unknown>; // prettier-ignore
  const out = { ...DEFAULT_OPEN };
  for (const s of WATCH_SECTIONS) if (typeof open[s] === 'boolean') out[s] = open[s];
  return out;
}

export function createWatchStore(
  opts: { storage?: KeyValueStorage | null } = {},
): StoreApi<WatchState> {
  const storage = opts.storage === undefined ? browserStorage() : opts.storage;
  // Panel layout is a preference, not work: unreadable data quietly gives the defaults.
  const stored = loadStored(storage, WATCH_STORAGE_KEY, 'watch panel layout', parseStored).value;
  const store = createStore<WatchState>()((set, get) => ({
    open: stored ?? DEFAULT_OPEN,
    imagePosition: 0,
    layerId: null,
    highlight: null,
    setOpen: (section, open) => set({ open: { ...get().open, [section]: open } }),
    setImagePosition: (imagePosition) =>
      set({ imagePosition: Math.max(0, Math.floor(imagePosition)) }),
    setLayer: (layerId) => {
      const h = get().highlight;
      set({ layerId, highlight: h && h.layerId === layerId ? h : null });
    },
    highlightChannel: (highlight) =>
      set(
        highlight
          ? { highlight, layerId: highlight.layerId, open: { ...get().open, inside: true } }
          : { highlight: null },
      ),
  }));
  store.subscribe((s, prev) => {
    if (s.open !== prev.open) saveStored(storage, WATCH_STORAGE_KEY, { open: s.open });
  });
  return store;
}

export const watchStore = createWatchStore();

export function useWatch<T>(selector: (s: WatchState) => T): T {
  return useStore(watchStore, selector);
}
