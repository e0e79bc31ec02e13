// Earlier runs (kept in IndexedDB by the runs store): what was trained, how it ended.
import { useRuns } from '../../store/runs';
import { formatPercent, formatValue } from '../format';

const SHOWN = 8;

export function RunHistory() {
  const runs = useRuns((s) => s.runs);
  const remove = useRuns((s) => s.remove);
  if (runs.length === 0) return null;
  const recent = [...runs].sort((a, b) => b.createdAt - a.createdAt).slice(0, SHOWN);
  return (
    <section className="run-history" aria-label="Run history">
      <h3>Runs</h3>
      <table className="runs-table">
        <thead>
          <tr>
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
              <th scope="row" title={r.notes.join('\n') || undefined}>
                <span className="run-name">{r.name}</span>
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
    </section>
  );
}
