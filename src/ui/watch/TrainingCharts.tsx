// Loss, accuracy and learning rate of the current run, live.
import { useMemo } from 'react';
import { seriesRows } from '../../store/series';
import { useTraining } from '../../store/training';
import { formatRate } from '../format';
import { MetricChart } from './MetricChart';

const INDIGO = '#4f46e5';
const ORANGE = '#ea7b14';
const GREEN = '#15803d';

export function TrainingCharts() {
  const series = useTraining((s) => s.series);
  const smoothing = useTraining((s) => s.smoothing);
  const setSmoothing = useTraining((s) => s.setSmoothing);
  const rows = useMemo(
    () => ({
      loss: seriesRows(series.loss),
      lossSmoothed: seriesRows(series.lossSmoothed),
      accuracy: seriesRows(series.accuracy),
      lr: seriesRows(series.lr),
      valLoss: seriesRows(series.valLoss),
      valAccuracy: seriesRows(series.valAccuracy),
    }),
    [series],
  );
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  return (
    <section className="charts" aria-label="Training curves">
      <MetricChart
        title="Loss"
        series={[
          { key: 'loss', label: 'per batch', rows: rows.loss, color: INDIGO, band: true, opacity: 0.35, strokeWidth: 1 },
          { key: 'smooth', label: 'smoothed', rows: rows.lossSmoothed, color: INDIGO, strokeWidth: 2 },
          { key: 'val', label: 'validation', rows: rows.valLoss, color: ORANGE, dots: true },
        ]}
      />
      <div className="smoothing">
        <label htmlFor="smoothing">Smoothing</label>
        <input
          id="smoothing"
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={smoothing}
          onChange={(e) => setSmoothing(Number(e.target.value))}
        />
        <span className="hint">{smoothing.toFixed(2)}</span>
      </div>
      <MetricChart
        title="Accuracy"
        yDomain={[0, 1]}
        format={pct}
        series={[
          { key: 'acc', label: 'training batches', rows: rows.accuracy, color: GREEN, opacity: 0.5, strokeWidth: 1 },
          { key: 'val', label: 'validation', rows: rows.valAccuracy, color: ORANGE, dots: true },
        ]}
      />
      <MetricChart
        title="Learning rate"
        height={90}
        yDomain={(max) => max * 1.25}
        format={formatRate}
        series={[{ key: 'lr', label: 'per step', rows: rows.lr, color: '#64748b' }]}
      />
    </section>
  ); // prettier-ignore
}
