// One chart of training curves against the step: any number of series, each a line, optionally
// with its min–max band (a downsampled series keeps every spike in its band) or as points
// (validation, measured a few times a run). Drawn with recharts; animations are off so a live
// curve does not wobble on every update. Memoised: a chart redraws only when its series change.
import { memo, useMemo } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { SeriesRow } from '../../store/series';
import { thinRows } from './thin';

/** Points drawn per line: about one per pixel of a side-panel chart. */
const MAX_POINTS = 240;

export interface ChartSeries {
  readonly key: string;
  readonly label: string;
  readonly rows: readonly SeriesRow[];
  readonly color: string;
  /** Shade min–max of each bucket behind the line. */
  readonly band?: boolean;
  /** Draw points joined by a line (few measurements) rather than a plain line. */
  readonly dots?: boolean;
  readonly strokeWidth?: number;
  readonly opacity?: number;
}

export const MetricChart = memo(function MetricChart({
  title,
  series,
  height = 150,
  yDomain,
  yTicks = 5,
  clip = false,
  format = (v: number) => String(Number(v.toPrecision(3))),
}: {
  title: string;
  series: readonly ChartSeries[];
  height?: number;
  /** Fixed bounds, or a function of the data's largest value for the top (0 at the bottom). */
  yDomain?: [number, number] | ((max: number) => number);
  /** How many y ticks (all are drawn: a short chart wants few). */
  yTicks?: number;
  /** Keep to yDomain and cut off what lies outside it (a diverging run's loss). */
  clip?: boolean;
  format?: (v: number) => string;
}) {
  const shown = useMemo(
    () => series.map((s) => ({ ...s, rows: thinRows(s.rows, MAX_POINTS) })),
    [series],
  );
  const empty = shown.every((s) => s.rows.length === 0);
  return (
    <figure className="metric-chart" aria-label={`${title} chart`}>
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="chart-legend">
          {shown.map((s) => (
            <span key={s.key} className="legend-item">
              <span
                className="legend-swatch"
                style={{ background: s.color, opacity: s.opacity ?? 1 }}
              />
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      {empty ? (
        <div className="chart-empty" style={{ height }}>
          appears when training starts
        </div>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart margin={{ top: 6, right: 10, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#eef0f4" vertical={false} />
            <XAxis
              dataKey="x"
              type="number"
              domain={['dataMin', 'dataMax']}
              allowDecimals={false}
              allowDuplicatedCategory={false}
              // A fixed interval: the default measures every tick label (a forced layout)
              // on each redraw, which is most of a live chart's cost.
              interval={0}
              tick={{ fontSize: 11, fill: '#8b93a3' }}
              tickLine={false}
              axisLine={{ stroke: '#e3e6ec' }}
            />
            <YAxis
              width={50}
              domain={typeof yDomain === 'function' ? [0, yDomain] : (yDomain ?? ['auto', 'auto'])}
              allowDataOverflow={clip}
              interval={0}
              tickCount={yTicks}
              tickFormatter={format}
              tick={{ fontSize: 11, fill: '#8b93a3' }}
              tickLine={false}
              axisLine={false}
            />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? format(v) : String(v))}
              labelFormatter={(x) => `step ${x}`}
              contentStyle={{ fontSize: 12, borderRadius: 6 }}
            />
            {shown.map((s) =>
              s.band ? (
                <Area
                  key={`${s.key}-band`}
                  data={s.rows.map((r) => ({ x: r.x, band: [r.min, r.max] }))}
                  dataKey="band"
                  name={`${s.label} (range)`}
                  stroke="none"
                  fill={s.color}
                  fillOpacity={0.12}
                  isAnimationActive={false}
                  legendType="none"
                  tooltipType="none"
                />
              ) : null,
            )}
            {shown.map((s) => (
              <Line
                key={s.key}
                data={s.rows as SeriesRow[]}
                dataKey="y"
                name={s.label}
                stroke={s.color}
                strokeOpacity={s.opacity ?? 1}
                strokeWidth={s.strokeWidth ?? 1.5}
                dot={s.dots ? { r: 2.5, fill: s.color } : false}
                isAnimationActive={false}
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});
