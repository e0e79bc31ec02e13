// Chart series that stay small however long a run goes: every point is kept until `capacity`
// points exist, then neighbouring buckets merge pairwise (bucket width doubles) keeping each
// bucket's min, mean and max. A loss spike therefore never disappears from the chart (it stays
// in a bucket's max) while a long run costs at most `capacity` points to draw.
//
// Series are immutable values (new arrays on every append batch), which is what zustand
// selectors and React need to notice a change; an append batch costs one O(capacity) copy.

export interface Series {
  /** Most buckets kept; past it, pairs merge. */
  readonly capacity: number;
  /** Points per full bucket (1 until the first merge). */
  readonly bucketSize: number;
  /** x (step) of each bucket's last point. */
  readonly x: readonly number[];
  readonly mean: readonly number[];
  readonly min: readonly number[];
  readonly max: readonly number[];
  /** Points in each bucket (the last may be partly filled). */
  readonly count: readonly number[];
  /** Finite points seen in all. */
  readonly total: number;
  /** Non-finite values seen (NaN, ±Infinity): not drawable, but counted. */
  readonly skipped: number;
}

export function emptySeries(capacity = 1000): Series {
  if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError('capacity must be ≥ 2');
  return { capacity, bucketSize: 1, x: [], mean: [], min: [], max: [], count: [], total: 0, skipped: 0 }; // prettier-ignore
}

interface Mutable {
  bucketSize: number;
  x: number[];
  mean: number[];
  min: number[];
  max: number[];
  count: number[];
  total: number;
  skipped: number;
}

function halve(m: Mutable): void {
  const n = m.x.length;
  const out: Pick<Mutable, 'x' | 'mean' | 'min' | 'max' | 'count'> = { x: [], mean: [], min: [], max: [], count: [] }; // prettier-ignore
  for (let i = 0; i < n; i += 2) {
    if (i + 1 === n) {
      out.x.push(m.x[i]);
      out.mean.push(m.mean[i]);
      out.min.push(m.min[i]);
      out.max.push(m.max[i]);
      out.count.push(m.count[i]);
      break;
    }
    const c = m.count[i] + m.count[i + 1];
    out.x.push(m.x[i + 1]);
    out.mean.push((m.mean[i] * m.count[i] + m.mean[i + 1] * m.count[i + 1]) / c);
    out.min.push(Math.min(m.min[i], m.min[i + 1]));
    out.max.push(Math.max(m.max[i], m.max[i + 1]));
    out.count.push(c);
  }
  Object.assign(m, out);
  m.bucketSize *= 2;
}

/** A new series with the points (xs[i], ys[i]) appended, in order. */
export function appendPoints(s: Series, xs: ArrayLike<number>, ys: ArrayLike<number>): Series {
  if (xs.length === 0) return s;
  const m: Mutable = {
    bucketSize: s.bucketSize,
    x: s.x.slice(),
    mean: s.mean.slice(),
    min: s.min.slice(),
    max: s.max.slice(),
    count: s.count.slice(),
    total: s.total,
    skipped: s.skipped,
  };
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    const y = ys[i];
    if (!Number.isFinite(y)) {
      m.skipped++;
      continue;
    }
    m.total++;
    const last = m.x.length - 1;
    if (last >= 0 && m.count[last] < m.bucketSize) {
      const c = m.count[last];
      m.x[last] = x;
      m.mean[last] = (m.mean[last] * c + y) / (c + 1);
      m.min[last] = Math.min(m.min[last], y);
      m.max[last] = Math.max(m.max[last], y);
      m.count[last] = c + 1;
    } else {
      m.x.push(x);
      m.mean.push(y);
      m.min.push(y);
      m.max.push(y);
      m.count.push(1);
      if (m.x.length > s.capacity) halve(m);
    }
  }
  return { capacity: s.capacity, ...m };
}

export interface SeriesRow {
  readonly x: number;
  readonly y: number;
  readonly min: number;
  readonly max: number;
}

/** Rows for a chart library (recharts: dataKey "y", a band from "min" to "max"). */
export function seriesRows(s: Series): SeriesRow[] {
  return s.x.map((x, i) => ({ x, y: s.mean[i], min: s.min[i], max: s.max[i] }));
}

/** The most recent value (mean of the last bucket), or null when empty. */
export function lastValue(s: Series): number | null {
  return s.mean.length ? s.mean[s.mean.length - 1] : null;
}

/**
 * Exponential moving average with bias correction (so early values are not pulled toward 0):
 * the smoothed loss curve. `beta` 0 is no smoothing, 0.99 very smooth.
 */
export interface Ema {
  readonly beta: number;
  readonly avg: number;
  readonly n: number;
}

export function emptyEma(beta: number): Ema {
  if (!(beta >= 0 && beta < 1)) throw new RangeError(`smoothing must be in [0, 1), got ${beta}`);
  return { beta, avg: 0, n: 0 };
}

/** Feeds values (non-finite ones are skipped); returns the new state and each smoothed value. */
export function emaPush(e: Ema, ys: ArrayLike<number>): { ema: Ema; values: number[] } {
  let { avg, n } = e;
  const values: number[] = [];
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) {
      values.push(NaN);
      continue;
    }
    avg = e.beta * avg + (1 - e.beta) * y;
    n++;
    values.push(avg / (1 - Math.pow(e.beta, n)));
  }
  return { ema: { beta: e.beta, avg, n }, values };
}

/** The series merged down to at most `capacity` buckets (for storing finished runs small). */
export function compactSeries(s: Series, capacity: number): Series {
  if (s.x.length <= capacity && s.capacity <= capacity) return s;
  const m: Mutable = {
    bucketSize: s.bucketSize,
    x: s.x.slice(),
    mean: s.mean.slice(),
    min: s.min.slice(),
    max: s.max.slice(),
    count: s.count.slice(),
    total: s.total,
    skipped: s.skipped,
  };
  while (m.x.length > capacity) halve(m);
  return { capacity: Math.max(2, capacity), ...m };
}
