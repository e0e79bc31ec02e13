// Where the autosaved checkpoint lives: its own IndexedDB database (not the run history's, so
// neither has to migrate the other's schema), one object store, one record under a fixed key.
// Only the newest checkpoint is kept: a checkpoint of a LeNet is ~250 KB, of a small VGG a few
// MB, and the point is to resume, not to browse old weights (export does that).
//
// Reads hand back the raw stored value: checkpoint-record.ts decides whether it is usable.
import { openDB, type IDBPDatabase } from 'idb';

export interface CheckpointRepository {
  /** The stored value, undefined when there is none. */
  load(): Promise<unknown>;
  save(record: unknown): Promise<void>;
  clear(): Promise<void>;
}

export const AUTOSAVE_DB = 'convplay-autosave';
export const AUTOSAVE_STORE = 'checkpoints';
/** The key of the latest checkpoint; a future layout gets a new key (or database version). */
export const LATEST_KEY = 'latest';
const DB_VERSION = 1;

export function idbCheckpointRepository(name = AUTOSAVE_DB): CheckpointRepository {
  let db: Promise<IDBPDatabase> | null = null;
  const open = () => {
    db ??= openDB(name, DB_VERSION, {
      upgrade(d) {
        if (!d.objectStoreNames.contains(AUTOSAVE_STORE)) d.createObjectStore(AUTOSAVE_STORE);
      },
    });
    // A failed open (blocked storage, a newer database version) is retried next time.
    db.catch(() => (db = null));
    return db;
  };
  return {
    async load() {
      return (await open()).get(AUTOSAVE_STORE, LATEST_KEY);
    },
    async save(record) {
      await (await open()).put(AUTOSAVE_STORE, record, LATEST_KEY);
    },
    async clear() {
      await (await open()).delete(AUTOSAVE_STORE, LATEST_KEY);
    },
  };
}

/** In memory: where IndexedDB is missing, and for tests (which may make `save` fail). */
export function memoryCheckpointRepository(initial?: unknown): CheckpointRepository & {
  value: unknown;
} {
  const repo = {
    value: initial,
    async load() {
      return repo.value;
    },
    async save(record: unknown) {
      repo.value = record;
    },
    async clear() {
      repo.value = undefined;
    },
  };
  return repo;
}

export function defaultCheckpointRepository(): CheckpointRepository {
  return typeof indexedDB === 'undefined'
    ? memoryCheckpointRepository()
    : idbCheckpointRepository();
}

/** A sentence for a failed write; storage-full errors say so plainly and what to do. */
export function storageErrorMessage(e: unknown, what: string): string {
  const name = (e as { name?: unknown } | null)?.name;
  const text = e instanceof Error ? e.message : String(e);
  if (name === 'QuotaExceededError' || /quota/i.test(text)) {
    return (
      `Autosave failed: this browser's storage for convplay is full (QuotaExceededError), so ` +
      `${what} was not saved. Export the model to keep it, or free space (delete old runs in ` +
      `Watch → Run history, or site data in the browser settings).`
    );
  }
  return `Autosave failed: ${what} could not be saved (${text}).`;
}
