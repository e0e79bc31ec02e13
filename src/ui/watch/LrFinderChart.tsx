// The learning-rate range test's curve: loss against learning rate on a log axis, the smoothed
// loss bold over the raw one, and a line at the suggested rate.
import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { LrRangeResult } from '../../engine/inspect/lr-range';
import { formatRate, formatValue } from '../format';
import { logTicks, lossDomain, powerLabel } from './axes';

const INDIGO = '#4f46e5';
const ORANGE = '#ea7b14';

export const LrFinderChart = memo(function LrFinderChart({ result }: { result: LrRangeResult }) {
  const rows = useMemo(
    () => result.lrs.map((lr, i) => ({ lr, loss: result.losses[i], raw: result.rawLosses[i] })),
    [result],
  );
  const lo = result.lrs[0];
  const hi = result.lrs[result.lrs.length - 1];
  // The suggestion can lie below the sweep (a tenth of the best rate): keep it on the chart.
  const ticks = logTicks(Math.min(lo, result.suggested ?? lo), hi);
  const domain = lossDomain(result.losses);
  return (
    <figure className="metric-chart" aria-label="Loss against learning rate chart">
      <figcaption>
        <span className="chart-title">Loss vs learning rate</span>
        <span className="chart-legend">
          <span className="legend-item">
            <span className="legend-swatch" style={{ background: INDIGO }} />
            smoothed
          </span>
          <span className="legend-item">
            <span className="legend-swatch" style={{ background: INDIGO, opacity: 0.3 }} />
            per step
          </span>
          {result.suggested !== null && (
            <span className="legend-item">
              <span className="legend-swatch" style={{ background: ORANGE }} />
              suggested
            </span>
          )}
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={170}>
        <ComposedChart data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#eef0f4" vertical={false} />
          <XAxis
            dataKey="lr"
            type="number"
            scale="log"
            domain={[ticks[0] ?? lo, ticks[ticks.length - 1] ?? hi]}
            ticks={ticks}
            tickFormatter={powerLabel}
            tick={{ fontSize: 11, fill: '#8b93a3' }}
            tickLine={false}
            axisLine={{ stroke: '#e3e6ec' }}
          />
          <YAxis
            width={44}
            domain={domain}
            allowDataOverflow
            tickFormatter={(v: number) => formatValue(v)}
            tick={{ fontSize: 11, fill: '#8b93a3' }}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? formatValue(v) : String(v))}
            labelFormatter={(x) => `learning rate ${formatRate(Number(x))}`}
            contentStyle={{ fontSize: 12, borderRadius: 6 }}
          />
          <Line
            dataKey="raw"
            name="per step"
            stroke={INDIGO}
            strokeOpacity={0.3}
            strokeWidth={1}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="loss"
            name="smoothed"
            stroke={INDIGO}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          {result.suggested !== null && (
            <ReferenceLine
              x={result.suggested}
              stroke={ORANGE}
              strokeWidth={2}
              strokeDasharray="4 3"
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
});
