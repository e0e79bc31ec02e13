// Loss, accuracy and learning rate of the current run, live. Metrics arrive up to ten times a
// second; the charts redraw at most every CHART_MS (a few hundred points per line through
// recharts is not free, and nobody reads a curve at 10 Hz).
import { useMemo } from 'react';
import { seriesRows } from '../../store/series';
import { trainingStore, useTraining, type TrainingState } from '../../store/training';
import { formatRate } from '../format';
import { MetricChart } from './MetricChart';
import { useThrottledStore } from './use-throttled';
import { useVisibleNow } from './visibility';

const CHART_MS = 500;
const INDIGO = '#4f46e5';
const ORANGE = '#ea7b14';
const GREEN = '#15803d';

const selectSeries = (s: TrainingState) => s.series;
const pct = (v: number) => `${Math.round(v * 100)}%`;
const lrTop = (max: number) => max * 1.25;

export function TrainingCharts() {
  const series = useThrottledStore(
    trainingStore(),
    selectSeries,
    CHART_MS,
    undefined,
    useVisibleNow(),
  );
  const smoothing = useTraining((s) => s.smoothing);
  const setSmoothing = useTraining((s) => s.setSmoothing);
  const charts = useMemo(() => {
    const rows = {
      loss: seriesRows(series.loss),
      lossSmoothed: seriesRows(series.lossSmoothed),
      accuracy: seriesRows(series.accuracy),
      lr: seriesRows(series.lr),
      valLoss: seriesRows(series.valLoss),
      valAccuracy: seriesRows(series.valAccuracy),
    };
    return {
      loss: [
        { key: 'loss', label: 'per batch', rows: rows.loss, color: INDIGO, band: true, opacity: 0.35, strokeWidth: 1 },
        { key: 'smooth', label: 'smoothed', rows: rows.lossSmoothed, color: INDIGO, strokeWidth: 2 },
        { key: 'val', label: 'validation', rows: rows.valLoss, color: ORANGE, dots: true },
      ],
      accuracy: [
        { key: 'acc', label: 'training batches', rows: rows.accuracy, color: GREEN, opacity: 0.5, strokeWidth: 1 },
        { key: 'val', label: 'validation', rows: rows.valAccuracy, color: ORANGE, dots: true },
      ],
      lr: [{ key: 'lr', label: 'per step', rows: rows.lr, color: '#64748b' }],
    };
  }, [series]); // prettier-ignore
  return (
    <div className="charts">
      <MetricChart title="Loss" series={charts.loss} />
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
      <MetricChart title="Accuracy" yDomain={[0, 1]} format={pct} series={charts.accuracy} />
      <MetricChart
        title="Learning rate"
        height={90}
        yDomain={lrTop}
        yTicks={3}
        format={formatRate}
        series={charts.lr}
      />
    </div>
  );
}
