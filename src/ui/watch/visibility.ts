// "Is anyone looking?": inspections poll the worker only while their section is open, on
// screen (not scrolled away inside the side panel) and the browser tab is visible. Each poll
// briefly holds up training, so what nobody sees should not be asked for.
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';

/** Provided by each Watch section: true while its body is open and in view. */
export const SectionVisible = createContext(true);

export function useSectionVisible(): boolean {
  return useContext(SectionVisible);
}

function subscribeVisibility(onChange: () => void) {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

export function useDocumentVisible(): boolean {
  return useSyncExternalStore(
    subscribeVisibility,
    () => document.visibilityState !== 'hidden',
    () => true,
  );
}

/** True while `element` intersects the viewport (through any scrolling ancestors). */
export function useInView(element: Element | null): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      const e = entries[entries.length - 1];
      if (e) setInView(e.isIntersecting);
    });
    io.observe(element);
    return () => io.disconnect();
  }, [element]);
  return inView;
}

/** The section is in view and the browser tab is showing. */
export function useVisibleNow(): boolean {
  const section = useSectionVisible();
  const page = useDocumentVisible();
  return section && page;
}
