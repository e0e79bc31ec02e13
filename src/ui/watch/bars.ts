// Histograms drawn as a few small bars (the layer-health sparklines): the engine's 30 bins
// merged down to what fits, heights scaled so that a nearly empty bin is still visible next to
// a huge spike (dead ReLUs pile everything at 0).
import type { Histogram } from '../../engine/inspect/histogram';

/** Sums neighbouring bins into `bars` bars (bins ≤ bars: unchanged). */
export function rebin(counts: readonly number[], bars: number): number[] {
  const n = counts.length;
  if (bars <= 0) return [];
  if (n <= bars) return [...counts];
  const out = new Array<number>(bars).fill(0);
  // Bin i covers [i/n, (i+1)/n) of the range: it goes to the bar holding its centre.
  for (let i = 0; i < n; i++) out[Math.min(bars - 1, Math.floor(((i + 0.5) / n) * bars))] += counts[i];
  return out;
} // prettier-ignore

/**
 * Bar heights in 0–1. Square-root scaled (a spike must not flatten everything else); any bin
 * that holds something gets at least `floor` so it does not vanish.
 */
export function barHeights(counts: readonly number[], floor = 0.06): number[] {
  const max = Math.max(0, ...counts);
  if (max === 0) return counts.map(() => 0);
  const top = Math.sqrt(max);
  return counts.map((c) => (c > 0 ? Math.max(floor, Math.sqrt(c) / top) : 0));
}

/** Where 0 falls along the histogram's range (0–1), or null when the range excludes it. */
export function zeroPosition(h: Pick<Histogram, 'min' | 'max'>): number | null {
  if (!(h.max > h.min) || h.min > 0 || h.max < 0) return null;
  return (0 - h.min) / (h.max - h.min);
}
