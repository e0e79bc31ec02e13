// Reading a store that changes ten times a second (metrics, the live run's history record) at
// the pace a chart needs. A component using this re-renders at most once every `ms`, on the
// trailing edge, so the last value always shows; the first change after a quiet spell (a Step
// click) shows at once.
import { useEffect, useState } from 'react';
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
): T {
  const [value, setValue] = useState(() => selector(store.getState()));
  useEffect(() => {
    let last = -Infinity;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      last = performance.now();
      const next = selector(store.getState());
      setValue(() => next);
    };
    const later = () => {
      timer ??= setTimeout(flush, Math.max(0, last + ms - performance.now()));
    };
    const unsubscribe = store.subscribe((s, prev) => {
      const next = selector(s);
      const before = selector(prev);
      if (Object.is(next, before)) return;
      if (urgent?.(next, before)) {
        if (timer) clearTimeout(timer);
        flush();
      } else later();
    });
    // Anything that changed between the render and this subscription.
    later();
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, selector, ms, urgent]);
  return value;
}
