// A "worker" that runs the TrainingHost on the page's own thread, behind the same WorkerLike
// interface the client uses for a real Worker. For Node tests of the client and the stores,
// and as a last resort where module workers are unavailable. Messages still go through
// structuredClone with transfer lists, so what works here works across a real worker boundary.
import { TrainingHost, type HostDeps } from './host';
import type { WorkerLike } from './client';

type Listener = (e: { data: unknown }) => void;

/** Runs a callback on a fresh macrotask, as a real worker's message delivery would. */
function later(fn: () => void): void {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  if (immediate) immediate(fn);
  else setTimeout(fn, 0);
}

export function createInProcessWorker(deps: HostDeps): WorkerLike {
  const listeners = new Set<Listener>();
  // terminated: the page ended it (nothing more is delivered); closed: the host disposed itself
  // (like a worker calling close(): later messages to it are dropped, replies already sent land).
  let terminated = false;
  let closed = false;
  const host = new TrainingHost(
    (event, transfer) => {
      if (terminated) return;
      const copy = structuredClone(event, { transfer });
      later(() => {
        if (!terminated) for (const l of listeners) l({ data: copy });
      });
    },
    { ...deps, onDisposed: () => (closed = true) },
  );
  return {
    postMessage(message: unknown, transfer: Transferable[] = []) {
      if (terminated || closed) return;
      const copy = structuredClone(message, { transfer });
      later(() => void host.handle(copy));
    },
    addEventListener(type: string, listener: Listener) {
      if (type === 'message') listeners.add(listener);
    },
    removeEventListener(type: string, listener: Listener) {
      if (type === 'message') listeners.delete(listener);
    },
    terminate() {
      terminated = true;
      listeners.clear();
    },
  };
}
