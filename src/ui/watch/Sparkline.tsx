// A histogram as a handful of tiny bars (an inline SVG, cheap to redraw), with a tick where 0
// falls: dead ReLUs show as one tall bar at the tick, saturated tanh units as bars at both ends.
import type { Histogram } from '../../engine/inspect/histogram';
import { barHeights, rebin, zeroPosition } from './bars';

const W = 64;
const H = 18;

export function Sparkline({
  histogram,
  bars = 16,
  label,
}: {
  histogram: Histogram;
  bars?: number;
  label: string;
}) {
  const heights = barHeights(rebin(histogram.counts, bars));
  const bw = W / Math.max(1, heights.length);
  const zero = zeroPosition(histogram);
  return (
    <svg
      className="sparkline"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={label}
    >
      {heights.map((h, i) => (
        <rect key={i} x={i * bw + 0.5} y={H - h * H} width={Math.max(1, bw - 1)} height={h * H} />
      ))}
      {zero !== null && (
        <line className="sparkline-zero" x1={zero * W} x2={zero * W} y1={0} y2={H} />
      )}
    </svg>
  );
}
