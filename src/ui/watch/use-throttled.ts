// Reading a store that changes ten times a second (metrics, the live run's history record) at
// the pace a chart needs. A component using this re-renders at most once every `ms`, on the
// trailing edge, so the last value always shows; the first change after a quiet spell (a Step
// click) shows at once. A chart nobody can see does not update at all; it catches up when it
// comes back into view.
import { startTransition, useEffect, useState } from 'react';
import type { StoreApi } from 'zustand/vanilla';

/**
 * `selector` (and `urgent`) must be stable (defined outside the component). `urgent(next, prev)`
 * true shows a change at once: what the user just did (a tick, a rename) must not lag.
 */
export function useThrottledStore<S, T>(
  store: StoreApi<S>,
  selector: (s: S) => T,
  ms: number,
  urgent?: (next: T, prev: T) => boolean,
  /** False while nobody can see the result (section folded or scrolled away): no updates. */
  active = true,
): T {
  const [value, setValue] = useState(() => selector(store.getState()));
  useEffect(() => {
    if (!active) return;
    let last = -Infinity;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = (now = false) => {
      timer = null;
      last = performance.now();
      const next = selector(store.getState());
      // A transition: React renders the chart in slices, yielding to input and painting in
      // between, instead of one long task. A user's own change is shown at once.
      if (now) setValue(() => next);
      else startTransition(() => setValue(() => next));
    };
    const later = () => {
      timer ??= setTimeout(() => flush(), Math.max(0, last + ms - performance.now()));
    };
    const unsubscribe = store.subscribe((s, prev) => {
      const next = selector(s);
      const before = selector(prev);
      if (Object.is(next, before)) return;
      if (urgent?.(next, before)) {
        if (timer) clearTimeout(timer);
        flush(true);
      } else later();
    });
    // Anything that changed between the render and this subscription.
    later();
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, selector, ms, urgent, active]);
  return value;
}
