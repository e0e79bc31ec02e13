// Confusion matrix over the validation split: rows are true classes, columns predicted ones,
// each cell a count shaded by its share of the row; the last column is per-class accuracy.
// Clicking a cell shows its images (the examples of class t taken for p), with predictions.
import { useMemo, useState } from 'react';
import { cellCount, cellExamples, type ConfusionMatrix } from '../../engine/inspect/confusion';
import { useTraining } from '../../store/training';
import { formatPercent } from '../format';
import { accuracyStyle, confusionCellStyle } from './heatmap';
import { PredictionGrid } from './PredictionGrid';
import { useInspection } from './use-inspection';

const REFRESH_MS = 10_000;
/** Images shown for a cell: enough to see a pattern, few enough to ask for quickly. */
const CELL_IMAGES = 24;

function MatrixTable({
  cm,
  names,
  selected,
  onSelect,
}: {
  cm: ConfusionMatrix;
  names: readonly string[];
  selected: { t: number; p: number } | null;
  onSelect: (cell: { t: number; p: number }) => void;
}) {
  const classes = Array.from({ length: cm.classes }, (_, i) => i);
  // Long class names run upwards in the column headers so the columns stay one cell wide.
  const vertical = names.some((n) => n.length > 2);
  return (
    <div className="confusion-scroll">
      <table
        className={`confusion ${vertical ? 'vertical-heads' : ''}`}
        aria-label="Confusion matrix"
      >
        <caption className="visually-hidden">
          Rows: true class. Columns: predicted class. Last column: accuracy per class.
        </caption>
        <thead>
          <tr>
            <th scope="col" className="corner">
              <span className="visually-hidden">True class</span>
            </th>
            {classes.map((p) => (
              <th key={p} scope="col" title={names[p]}>
                <span className="cm-name">{names[p] ?? p}</span>
              </th>
            ))}
            <th scope="col" className="acc-head">
              acc.
            </th>
          </tr>
        </thead>
        <tbody>
          {classes.map((t) => {
            const row = cm.perClass[t];
            const acc = accuracyStyle(row.accuracy);
            return (
              <tr key={t}>
                <th scope="row" title={names[t]}>
                  <span className="cm-name">{names[t] ?? t}</span>
                </th>
                {classes.map((p) => {
                  const n = cellCount(cm, t, p);
                  const style = confusionCellStyle(n, row.count, t === p);
                  const isSel = selected?.t === t && selected.p === p;
                  return (
                    <td key={p}>
                      <button
                        type="button"
                        className="cm-cell"
                        style={style}
                        aria-pressed={isSel}
                        disabled={n === 0}
                        aria-label={`True ${names[t]}, predicted ${names[p]}: ${n} image${n === 1 ? '' : 's'}`}
                        onClick={() => onSelect({ t, p })}
                      >
                        {n}
                      </button>
                    </td>
                  );
                })}
                <td className="cm-acc" style={acc} title={`${row.correct} of ${row.count}`}>
                  {Number.isFinite(row.accuracy) ? `${Math.round(row.accuracy * 100)}%` : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CellImages({
  cm,
  t,
  p,
  names,
}: {
  cm: ConfusionMatrix;
  t: number;
  p: number;
  names: readonly string[];
}) {
  const all = useMemo(() => cellExamples(cm, t, p), [cm, t, p]);
  const indices = useMemo(() => Array.from(all.subarray(0, CELL_IMAGES)), [all]);
  const { data, error } = useInspection((c) => c.predictions({ indices }), {
    key: indices.join(','),
    enabled: indices.length > 0,
  });
  const what = t === p ? `${names[t]} recognised` : `${names[t]} taken for ${names[p]}`;
  return (
    <div className="cell-images">
      <h4>
        {what}{' '}
        <span className="hint">
          · {all.length} image{all.length === 1 ? '' : 's'}
          {all.length > indices.length ? `, first ${indices.length} shown` : ''}
        </span>
      </h4>
      {error && <p className="hint">{error}</p>}
      {data && (
        <PredictionGrid
          result={data}
          classNames={names}
          label={`Images: true ${names[t]}, predicted ${names[p]}`}
        />
      )}
    </div>
  );
}

export function ConfusionView() {
  const names = useTraining((s) => s.summary?.classNames ?? []);
  const {
    data: cm,
    error,
    loading,
    refresh,
  } = useInspection((c) => c.confusion(), { pollMs: REFRESH_MS });
  const [selected, setSelected] = useState<{ t: number; p: number } | null>(null);
  const cell =
    cm && selected && selected.t < cm.classes && selected.p < cm.classes ? selected : null;
  return (
    <div className="confusion-view">
      <div className="toolbar">
        <button type="button" className="btn btn-small" onClick={refresh} disabled={loading}>
          Refresh matrix
        </button>
        {cm && (
          <span className="hint" role="status">
            {formatPercent(cm.accuracy)} of {cm.total} validation images right
          </span>
        )}
      </div>
      {error && <p className="hint">{error}</p>}
      {cm && (
        <p className="hint confusion-axes">
          rows: true class · columns: predicted · shade: share of the row
        </p>
      )}
      {cm && <MatrixTable cm={cm} names={names} selected={cell} onSelect={setSelected} />}
      {cm && !cell && <p className="hint">Click a cell to see its images.</p>}
      {cm && cell && <CellImages cm={cm} t={cell.t} p={cell.p} names={names} />}
    </div>
  );
}
