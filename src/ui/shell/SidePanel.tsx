// The right-hand side: Data, Train, Watch and Experiments, as tabs (arrow keys move between them).
import { lazy, Suspense, useRef, type KeyboardEvent } from 'react';
import { SIDE_TABS, useUi, type SideTab } from '../../store/ui';
import { DatasetPanel } from '../data/DatasetPanel';
import { TrainPanel } from '../train/TrainPanel';

// The charts library is most of the Watch panel's weight: load it when the panel is first opened.
const WatchPanel = lazy(() =>
  import('../watch/WatchPanel').then((m) => ({ default: m.WatchPanel })),
);

// The experiments draw charts too: loaded with them, on first use.
const ExperimentsPanel = lazy(() =>
  import('../experiments/ExperimentsPanel').then((m) => ({ default: m.ExperimentsPanel })),
);

const LABELS: Record<SideTab, string> = {
  data: 'Data',
  train: 'Train',
  watch: 'Watch',
  experiments: 'Experiments',
};

export function SidePanel() {
  const tab = useUi((s) => s.sideTab);
  const setTab = useUi((s) => s.setSideTab);
  const refs = useRef<Partial<Record<SideTab, HTMLButtonElement | null>>>({});
  const onKeyDown = (e: KeyboardEvent) => {
    const i = SIDE_TABS.indexOf(tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    const to =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? SIDE_TABS.length - 1
          : step
            ? (i + step + SIDE_TABS.length) % SIDE_TABS.length
            : -1;
    if (to < 0) return;
    e.preventDefault();
    setTab(SIDE_TABS[to]);
    refs.current[SIDE_TABS[to]]?.focus();
  };
  return (
    <aside className="side" aria-label="Data, training and results">
      <div className="tabs" role="tablist" aria-label="Panels" onKeyDown={onKeyDown}>
        {SIDE_TABS.map((t) => (
          <button
            key={t}
            ref={(el) => {
              refs.current[t] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            className="tab"
            onClick={() => setTab(t)}
          >
            {LABELS[t]}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'data' && <DatasetPanel />}
        {tab === 'train' && <TrainPanel />}
        {tab === 'watch' && (
          <Suspense fallback={<p className="panel-body hint">Loading charts…</p>}>
            <WatchPanel />
          </Suspense>
        )}
        {tab === 'experiments' && (
          <Suspense fallback={<p className="panel-body hint">Loading experiments…</p>}>
            <ExperimentsPanel />
          </Suspense>
        )}
      </div>
    </aside>
  );
}
