// One experiment: the question, what to look for, the run controls (length, Run/Stop, open a
// variant in the playground, copy its link, restore the user's own setup), then its charts,
// results table and conclusions. The gradient check is a tool, not a set of runs.
import { useMemo, useState } from 'react';
import { experimentLink, experimentsStore, useExperiments } from '../../store/experiments/app';
import type { ExperimentDef, RunLength } from '../../store/experiments/catalog';
import { conclusions } from '../../store/experiments/conclusions';
import { useRunControl } from '../../store/run-control';
import { useUi } from '../../store/ui';
import { Select } from '../train/SettingFields';
import { GradCheckView } from '../watch/GradCheckView';
import { ExperimentCharts } from './ExperimentCharts';
import { ActivationGrid, FilterTable, ResultsTable } from './ResultsTable';
import { WorkedLoss } from './WorkedLoss';

const LENGTHS: readonly { value: RunLength; label: string }[] = [
  { value: 'full', label: 'Full (to the conclusion)' },
  { value: 'quick', label: 'Quick look (a sixth of the steps)' },
];

export function ExperimentDetail({ def }: { def: ExperimentDef }) {
  const length = useExperiments((s) => s.length);
  const running = useExperiments((s) => s.running);
  const current = useExperiments((s) => s.current);
  const result = useExperiments((s) => s.results[def.id]);
  const saved = useExperiments((s) => s.saved);
  const error = useExperiments((s) => s.error);
  const busy = useRunControl((s) => s.busy);
  const setTab = useUi((s) => s.setSideTab);
  const [copied, setCopied] = useState<string | null>(null);
  const store = experimentsStore.getState();
  // Built once per experiment and length, not on each progress update while it runs.
  const variants = useMemo(() => def.variants(length), [def, length]);
  const [openIndex, setOpenIndex] = useState(0);
  const isRunning = running === def.id;
  const lines = result && !isRunning ? conclusions(def.id, result) : [];

  const copyLink = async () => {
    const link = experimentLink(def.id, window.location.href);
    try {
      await navigator.clipboard.writeText(link);
      setCopied(`Link copied: ${link}`);
    } catch {
      setCopied(`Copy this link: ${link}`);
    }
  };

  return (
    <section className="experiment" aria-label={`Experiment ${def.number}: ${def.title}`}>
      <h3>
        {def.number}. {def.title}
      </h3>
      <p className="experiment-question">{def.question}</p>
      <p className="experiment-look">{def.lookFor}</p>

      {def.tool === 'gradient-check' ? (
        <GradCheckView />
      ) : (
        <>
          <div className="experiment-controls">
            <Select
              id="experiment-length"
              label="Length"
              value={length}
              options={LENGTHS}
              onChange={(l: RunLength) => store.setLength(l)}
            />
            {isRunning ? (
              <button type="button" className="btn" onClick={() => void store.stop()}>
                Stop experiment
              </button>
            ) : (
              <button
                type="button"
                className="btn btn-primary"
                disabled={running !== null || busy !== null}
                onClick={() => void store.run(def.id)}
              >
                Run experiment
              </button>
            )}
            <button type="button" className="btn" onClick={() => void copyLink()}>
              Copy link
            </button>
          </div>
          <p className="hint">
            {variants.length} runs: {variants.map((v) => v.label).join(' · ')}. Running puts each
            setup in the builder and the Train tab in turn
            {saved ? '; “Restore my setup” brings yours back.' : '.'}
          </p>
          {isRunning && result && (
            <p className="experiment-progress" role="status">
              Run {current + 1} of {result.variants.length}: {result.variants[current]?.label} —
              step {result.variants[current]?.steps ?? 0} of{' '}
              {result.variants[current]?.totalSteps ?? '?'}
            </p>
          )}
          {error && (
            <p className="error" role="alert">
              {error}{' '}
              <button type="button" className="btn btn-small" onClick={store.dismissError}>
                Dismiss
              </button>
            </p>
          )}
          {def.worked === 'loss' && <WorkedLoss />}
          {result && <ExperimentCharts def={def} result={result} />}
          {result && <ResultsTable result={result} />}
          {result && def.probes.includes('filters') && <FilterTable result={result} />}
          {result && def.probes.includes('health') && <ActivationGrid result={result} />}
          {lines.length > 0 && (
            <div className="experiment-conclusions" aria-label="What the results say">
              <h4>What the results say</h4>
              <ul>
                {lines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
              {result?.incomplete && (
                <p className="hint">Stopped before every run finished: run it again for all.</p>
              )}
            </div>
          )}
          <div className="experiment-controls">
            <Select
              id="experiment-open-variant"
              label="Setup"
              value={String(Math.min(openIndex, variants.length - 1))}
              options={variants.map((v, i) => ({ value: String(i), label: v.label }))}
              onChange={(v: string) => setOpenIndex(Number(v))}
            />
            <button
              type="button"
              className="btn"
              disabled={running !== null}
              onClick={() => {
                store.open(def.id, Math.min(openIndex, variants.length - 1));
                setTab('train');
              }}
            >
              Open in playground
            </button>
            {saved && (
              <button
                type="button"
                className="btn"
                disabled={running !== null}
                onClick={store.restore}
              >
                Restore my setup
              </button>
            )}
          </div>
        </>
      )}
      {copied && <p className="hint experiment-link">{copied}</p>}
    </section>
  );
}
