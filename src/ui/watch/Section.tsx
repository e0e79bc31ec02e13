// One foldable part of the Watch panel (the disclosure pattern: a heading holding a button with
// aria-expanded). A closed section renders nothing of its body, so it asks the worker nothing;
// an open one tells its inspections whether it is on screen (SectionVisible).
import { useId, useState, type ReactNode } from 'react';
import { useWatch, type WatchSection } from '../../store/watch';
import { SectionVisible, useInView } from './visibility';

export function Section({
  id,
  title,
  hint,
  children,
}: {
  id: WatchSection;
  title: string;
  /** A few words after the title (what it shows, a count). */
  hint?: ReactNode;
  children: ReactNode;
}) {
  const open = useWatch((s) => s.open[id]);
  const setOpen = useWatch((s) => s.setOpen);
  const bodyId = useId();
  const [body, setBody] = useState<HTMLDivElement | null>(null);
  const inView = useInView(body);
  return (
    <section className="watch-section" aria-label={title}>
      <h3 className="watch-section-heading">
        <button
          type="button"
          className="watch-section-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen(id, !open)}
        >
          <span className="watch-section-chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {title}
        </button>
        {hint && <span className="hint watch-section-hint">{hint}</span>}
      </h3>
      {open && (
        <div id={bodyId} ref={setBody} className="watch-section-body">
          <SectionVisible.Provider value={inView}>{children}</SectionVisible.Provider>
        </div>
      )}
    </section>
  );
}
