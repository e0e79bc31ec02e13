// An experiment's charts: one line per variant, read from the run history (each variant is an
// ordinary run), refreshed at most once a second while the runs go.
import { useMemo } from 'react';
import type { ExperimentChart, ExperimentDef } from '../../store/experiments/catalog';
import type { ExperimentResult } from '../../store/experiments/runner';
import { runsStore, type RunRecord } from '../../store/runs';
import { seriesRows, type Series } from '../../store/series';
import { MetricChart, type ChartSeries } from '../watch/MetricChart';
import { RUN_COLORS, runsChangedByUser, selectRuns } from '../watch/run-colors';
import { useThrottledStore } from '../watch/use-throttled';

const TITLES: Record<ExperimentChart, string> = {
  loss: 'Training loss (smoothed)',
  accuracy: 'Training accuracy',
  trainVal: 'Training (line) vs validation (dots) accuracy',
  valAccuracy: 'Validation accuracy',
  lr: 'Learning rate',
};

const pct = (v: number) => `${Math.round(v * 100)}%`;

function line(key: string, label: string, s: Series, color: string, dots = false): ChartSeries {
  return { key, label, rows: seriesRows(s), color, dots, strokeWidth: 1.75 };
}

function chartSeries(
  kind: ExperimentChart,
  result: ExperimentResult,
  runs: readonly RunRecord[],
): ChartSeries[] {
  // prettier-ignore
  const out: ChartSeries[] = [];
  result.variants.forEach((v, i) => {
    const run = v.runId ? runs.find((r) => r.id === v.runId) : undefined;
    if (!run) return;
    const color = RUN_COLORS[i % RUN_COLORS.length];
    const s = run.series;
    if (kind === 'loss') out.push(line(`${i}`, v.label, s.lossSmoothed, color));
    if (kind === 'accuracy') out.push(line(`${i}`, v.label, s.accuracy, color));
    if (kind === 'valAccuracy') out.push(line(`${i}`, v.label, s.valAccuracy, color, true));
    if (kind === 'lr') out.push(line(`${i}`, v.label, s.lr, color));
    if (kind === 'trainVal') {
      out.push(line(`${i}t`, `${v.label} (train)`, s.accuracy, color));
      out.push(line(`${i}v`, `${v.label} (val)`, s.valAccuracy, color, true));
    }
  });
  return out;
}

export function ExperimentCharts({
  def,
  result,
}: {
  def: ExperimentDef;
  result: ExperimentResult;
}) {
  // prettier-ignore
  const runs = useThrottledStore(runsStore(), selectRuns, 1000, runsChangedByUser);
  const charts = useMemo(
    () => def.charts.map((kind) => ({ kind, series: chartSeries(kind, result, runs) })),
    [def, result, runs],
  );
  // A diverging run's loss shoots up: keep the scale on the others (about 1.5× the start) and
  // cut the spike off at the top.
  const start = Math.max(...result.variants.map((v) => (Number.isFinite(v.initialLoss) ? v.initialLoss! : 0))); // prettier-ignore
  const lossTop = (max: number) => (start > 0 && Number.isFinite(max) ? Math.min(max, start * 1.5) : start > 0 ? start * 1.5 : max); // prettier-ignore
  return (
    <div className="experiment-charts">
      {charts.map(({ kind, series }) => (
        <MetricChart
          key={kind}
          title={TITLES[kind]}
          series={series}
          height={170}
          {...(kind === 'accuracy' || kind === 'trainVal' || kind === 'valAccuracy'
            ? { yDomain: [0, 1] as [number, number], format: pct }
            : kind === 'loss'
              ? { yDomain: lossTop, clip: true }
              : {})}
        />
      ))}
    </div>
  );
}
