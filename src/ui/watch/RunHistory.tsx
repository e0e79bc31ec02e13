// Earlier runs (kept in IndexedDB by the runs store): what was trained, how it ended, and a tick
// for each to show its curve in the comparison overlay. The live run's record changes with
// every metrics message; the table follows once a second.
import { overlayLabels, runsStore } from '../../store/runs';
import { formatPercent, formatValue } from '../format';
import { runColor, runsChangedByUser, selectRuns } from './run-colors';
import { useThrottledStore } from './use-throttled';
import { useVisibleNow } from './visibility';

const SHOWN = 8;

export function RunHistory() {
  const runs = useThrottledStore(runsStore(), selectRuns, 1000, runsChangedByUser, useVisibleNow());
  const { remove, setVisible } = runsStore().getState();
  if (runs.length === 0) return <p className="hint">Runs appear here as you train.</p>;
  const recent = [...runs].sort((a, b) => b.createdAt - a.createdAt).slice(0, SHOWN);
  // What sets the runs listed apart ("lr=0.1"), under names that are often alike.
  const differences = overlayLabels(recent);
  return (
    <div className="run-history" role="region" aria-label="Run history">
      <table className="runs-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Compare</span>
            </th>
            <th scope="col">Run</th>
            <th scope="col" className="num">
              Steps
            </th>
            <th scope="col" className="num">
              Loss
            </th>
            <th scope="col" className="num">
              Val acc
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {recent.map((r) => (
            <tr key={r.id}>
              <td>
                <input
                  type="checkbox"
                  className="run-visible"
                  style={{ accentColor: runColor(runs, r.id) }}
                  checked={r.visible}
                  aria-label={`Compare ${r.name}`}
                  title="Show in the comparison chart"
                  onChange={(e) => void setVisible(r.id, e.target.checked)}
                />
              </td>
              <th scope="row" title={r.notes.join('\n') || undefined}>
                <span className="run-name">{r.name}</span>
                {differences[r.id] !== r.name && (
                  <span className="run-diff">{differences[r.id]}</span>
                )}
                <span className={`run-badge status-${r.status}`}>{r.status}</span>
              </th>
              <td className="num">{r.results.step}</td>
              <td className="num">{formatValue(r.results.trainLoss)}</td>
              <td className="num">{formatPercent(r.results.valAccuracy)}</td>
              <td>
                <button
                  type="button"
                  className="btn-icon btn-danger"
                  aria-label={`Delete run ${r.name}`}
                  title="Delete"
                  onClick={() => void remove(r.id)}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
