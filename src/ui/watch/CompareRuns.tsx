// Learning-rate effects, or any other setting's: the curves of several runs from the history on
// one chart. The legend names each run by only the settings that differ between the runs shown
// ("lr=0.1", "lr=0.01"), so "the same net at three learning rates" reads at a glance. Runs are
// shown or hidden with their tick in the run history.
import { useMemo, useState } from 'react';
import { overlayLabels, runsStore } from '../../store/runs';
import { seriesRows } from '../../store/series';
import type { RunSeries } from '../../store/training';
import { Select } from '../train/SettingFields';
import { MetricChart, type ChartSeries } from './MetricChart';
import { runColor, runsChangedByUser, selectRuns } from './run-colors';
import { useThrottledStore } from './use-throttled';
import { useVisibleNow } from './visibility';

type Metric = keyof Pick<RunSeries, 'lossSmoothed' | 'valLoss' | 'accuracy' | 'valAccuracy'>;

const METRICS: readonly { value: Metric; label: string }[] = [
  { value: 'lossSmoothed', label: 'Loss (smoothed)' },
  { value: 'valLoss', label: 'Validation loss' },
  { value: 'accuracy', label: 'Training accuracy' },
  { value: 'valAccuracy', label: 'Validation accuracy' },
];

const pct = (v: number) => `${Math.round(v * 100)}%`;

export function CompareRuns() {
  const runs = useThrottledStore(runsStore(), selectRuns, 1000, runsChangedByUser, useVisibleNow());
  const [metric, setMetric] = useState<Metric>('lossSmoothed');
  const series = useMemo((): ChartSeries[] => {
    const shown = runs.filter((r) => r.visible && r.series[metric].x.length > 0);
    const labels = overlayLabels(shown);
    return shown.map((r) => ({
      key: r.id,
      label: labels[r.id],
      rows: seriesRows(r.series[metric]),
      color: runColor(runs, r.id),
      dots: metric === 'valLoss' || metric === 'valAccuracy',
      strokeWidth: 1.75,
    }));
  }, [runs, metric]);
  const isAccuracy = metric === 'accuracy' || metric === 'valAccuracy';
  const title = METRICS.find((m) => m.value === metric)!.label;
  return (
    <div className="compare-runs">
      <Select
        id="compare-metric"
        label="Compare"
        value={metric}
        options={METRICS}
        onChange={setMetric}
      />
      <MetricChart
        title={title}
        series={series}
        height={170}
        {...(isAccuracy ? { yDomain: [0, 1] as [number, number], format: pct } : {})}
      />
      <p className="hint">
        {series.length < 2
          ? 'Train the same network with different settings (say learning rates 0.1, 0.01, 0.001), then tick the runs below to compare them.'
          : 'The legend lists only the settings that differ between the runs shown.'}
      </p>
    </div>
  );
}
