// Where the run history lives between page loads: IndexedDB (through `idb`), one record per
// run keyed by id. Runs carry their downsampled series, so a few hundred runs stay a few MB.
// A memory repository stands in where IndexedDB is missing (private windows of some browsers,
// Node) so the history still works for the session.
import { openDB, type IDBPDatabase } from 'idb';
import type { RunRecord } from './runs';

export interface RunRepository {
  list(): Promise<RunRecord[]>;
  put(run: RunRecord): Promise<void>;
  delete(id: string): Promise<void>;
  clear(): Promise<void>;
}

export const RUNS_DB = 'convplay';
export const RUNS_STORE = 'runs';
const DB_VERSION = 1;

export function idbRunRepository(name = RUNS_DB): RunRepository {
  let db: Promise<IDBPDatabase> | null = null;
  const open = () =>
    (db ??= openDB(name, DB_VERSION, {
      upgrade(d) {
        if (!d.objectStoreNames.contains(RUNS_STORE)) d.createObjectStore(RUNS_STORE, { keyPath: 'id' }); // prettier-ignore
      },
    }));
  return {
    async list() {
      const runs = (await (await open()).getAll(RUNS_STORE)) as RunRecord[];
      return runs.sort((a, b) => a.createdAt - b.createdAt);
    },
    async put(run) {
      await (await open()).put(RUNS_STORE, run);
    },
    async delete(id) {
      await (await open()).delete(RUNS_STORE, id);
    },
    async clear() {
      await (await open()).clear(RUNS_STORE);
    },
  };
}

export function memoryRunRepository(initial: RunRecord[] = []): RunRepository {
  const runs = new Map(initial.map((r) => [r.id, structuredClone(r)]));
  return {
    async list() {
      return [...runs.values()].map((r) => structuredClone(r)).sort((a, b) => a.createdAt - b.createdAt); // prettier-ignore
    },
    async put(run) {
      runs.set(run.id, structuredClone(run));
    },
    async delete(id) {
      runs.delete(id);
    },
    async clear() {
      runs.clear();
    },
  };
}

/** IndexedDB when the environment has it, memory otherwise. */
export function defaultRunRepository(): RunRepository {
  return typeof indexedDB === 'undefined' ? memoryRunRepository() : idbRunRepository();
}
