// Small, versioned localStorage persistence. Each store saves one JSON document under a key
// that carries its format version ("convplay.network.v1"): a future format gets a new key, so
// an old build never misreads newer data. Anything unreadable is moved aside to
// "<key>.unreadable" (so nothing the user made is silently destroyed), reported with a clear
// message, and the store starts from its defaults: stored data can never crash the app.

/** The part of the Web Storage API the stores use; tests pass an in-memory one. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** window.localStorage where it exists and may be used (private modes can throw on access). */
export function browserStorage(): KeyValueStorage | null {
  try {
    const s = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
    return s ?? null;
  } catch {
    return null;
  }
}

export function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & {
  readonly data: Map<string, string>;
} {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

export interface Loaded<T> {
  /** null when nothing was stored or it could not be read. */
  readonly value: T | null;
  /** Why stored data was set aside, for the user; null when all is well. */
  readonly error: string | null;
}

/**
 * Reads and validates the document under `key`. `parse` receives the JSON value and throws
 * (with a message a person can act on) if it is not acceptable.
 */
export function loadStored<T>(
  storage: KeyValueStorage | null,
  key: string,
  what: string,
  parse: (json: unknown) => T,
): Loaded<T> {
  if (!storage) return { value: null, error: null };
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return { value: null, error: null };
  }
  if (raw === null) return { value: null, error: null };
  try {
    return { value: parse(JSON.parse(raw)), error: null };
  } catch (e) {
    try {
      storage.setItem(`${key}.unreadable`, raw);
      storage.removeItem(key);
    } catch {
      // Storage full or blocked: the defaults still apply; the next save overwrites the key.
    }
    const reason = e instanceof Error ? e.message : String(e);
    return {
      value: null,
      error: `Your saved ${what} could not be read (${reason}), so the defaults are shown. The unreadable data was kept under "${key}.unreadable".`,
    };
  }
}

/** Saves `value` as JSON; returns an error message instead of throwing (quota, private mode). */
export function saveStored(
  storage: KeyValueStorage | null,
  key: string,
  value: unknown,
): string | null {
  if (!storage) return null;
  try {
    storage.setItem(key, JSON.stringify(value));
    return null;
  } catch (e) {
    return `Could not save to this browser's storage: ${e instanceof Error ? e.message : String(e)}`;
  }
}
