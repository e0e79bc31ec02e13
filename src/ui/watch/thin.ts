// Fewer points than pixels: a chart ~300 px wide gains nothing from 1000 points per line, and
// recharts' cost grows with every one. Neighbouring rows merge in groups: the line takes their
// mean, the band their min and max (so a spike still shows in the band), x their last step.
import type { SeriesRow } from '../../store/series';

export function thinRows(rows: readonly SeriesRow[], max: number): readonly SeriesRow[] {
  if (max < 1 || rows.length <= max) return rows;
  const k = Math.ceil(rows.length / max);
  const out: SeriesRow[] = [];
  for (let i = 0; i < rows.length; i += k) {
    const end = Math.min(rows.length, i + k);
    let sum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = i; j < end; j++) {
      sum += rows[j].y;
      lo = Math.min(lo, rows[j].min);
      hi = Math.max(hi, rows[j].max);
    }
    out.push({ x: rows[end - 1].x, y: sum / (end - i), min: lo, max: hi });
  }
  return out;
}
