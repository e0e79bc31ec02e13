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

/** What a chart needs of each variant: its run and its name. */
type Slot = readonly [runId: string | null, label: string];

function chartSeries(
  kind: ExperimentChart,
  slots: readonly Slot[],
  runs: readonly RunRecord[],
): ChartSeries[] {
  const out: ChartSeries[] = [];
  slots.forEach(([runId, label], i) => {
    const v = { runId, label };
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
  const runs = useThrottledStore(runsStore(), selectRuns, 1000, runsChangedByUser);
  // The result changes with every step of a running variant; the charts only when a run starts
  // (its id) or the throttled history moves on.
  const key = JSON.stringify(result.variants.map((v): Slot => [v.runId, v.label]));
  const slots = useMemo(() => JSON.parse(key) as Slot[], [key]);
  const charts = useMemo(
    () => def.charts.map((kind) => ({ kind, series: chartSeries(kind, slots, runs) })),
    [def, slots, runs],
  );
  // A diverging run's loss shoots up: keep the scale on the others (about 1.5× the start) and
  // cut the spike off at the top.
  const firsts = result.variants.map((v) => v.initialLoss ?? 0).filter(Number.isFinite);
  const start = Math.max(0, ...firsts);
  const lossTop = (max: number) => (start > 0 ? Math.min(max, start * 1.5) : max);
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
