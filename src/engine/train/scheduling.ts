// Cooperative scheduling for long-running engine work in a single thread (a worker, Node):
// yielding to the event loop so incoming messages are handled between chunks, and a lock so
// that a training chunk, an evaluation and an inspection never interleave on one model.

type Immediate = (fn: () => void) => unknown;

let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

/**
 * Resolves on a fresh macrotask, so messages queued meanwhile (pause, setLearningRate) run
 * first. setTimeout(0) would do, but browsers clamp nested timeouts to 4 ms, which costs a
 * fast run several percent; a MessageChannel message is not clamped. Node has setImmediate.
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: Immediate }).setImmediate;
  if (immediate) return new Promise((resolve) => void immediate(resolve));
  if (typeof MessageChannel === 'undefined') {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}

/** A FIFO async lock: `run(fn)` waits for every earlier holder, then runs fn alone. */
export class Lock {
  private tail: Promise<unknown> = Promise.resolve();
  private held = 0;

  /** Number of holders and waiters. */
  get pending(): number {
    return this.held;
  }

  run<T>(fn: () => Promise<T> | T): Promise<T> {
    this.held++;
    const result = this.tail.then(fn);
    // A failing holder must not block the ones after it.
    this.tail = result.then(
      () => this.held--,
      () => this.held--,
    );
    return result;
  }
}
