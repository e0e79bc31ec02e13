// The Experiments panel: the classic lessons of training conv nets, each a preset over the
// playground that runs its variants one after another and draws them on shared charts. A list
// of the experiments, then the chosen one: what to look for, run controls, charts, results and
// what they say.
import { EXPERIMENTS } from '../../store/experiments/catalog';
import { useExperiments } from '../../store/experiments/app';
import '../styles/experiments.css';
import { ExperimentDetail } from './ExperimentDetail';

export function ExperimentsPanel() {
  const selected = useExperiments((s) => s.selected);
  const running = useExperiments((s) => s.running);
  const select = useExperiments((s) => s.select);
  const def = EXPERIMENTS.find((e) => e.id === selected) ?? EXPERIMENTS[0];
  return (
    <div className="panel-body experiments-panel">
      <h2>Experiments</h2>
      <p className="hint">
        The well-known facts about training conv nets, each reproducible in two clicks: pick one,
        press Run. Every run also lands in the run history (Watch tab).
      </p>
      <ol className="experiment-list" aria-label="Experiments">
        {EXPERIMENTS.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              className={`experiment-pick${e.id === def.id ? ' selected' : ''}`}
              aria-pressed={e.id === def.id}
              aria-label={`${e.number}. ${e.title}${running === e.id ? ' (running)' : ''}`}
              onClick={() => select(e.id)}
            >
              <span className="experiment-number">{e.number}</span>
              {e.title}
              {running === e.id && <span className="experiment-running"> · running</span>}
            </button>
          </li>
        ))}
      </ol>
      <ExperimentDetail key={def.id} def={def} />
    </div>
  );
}
