// Histograms and summary statistics of a batch of values (activations, weights), for the
// layer-health panel: saturated tanh units pile up at ±1, dead ReLUs at 0, exploding layers
// spread over orders of magnitude.

export interface Histogram {
  /** Left edge of the first bin and right edge of the last. */
  readonly min: number;
  readonly max: number;
  /** Counts per equal-width bin. */
  readonly counts: number[];
}

export interface ValueStats {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** Fraction of values exactly 0 (ReLU outputs below threshold). */
  readonly zeroFraction: number;
  /** Fraction of values that are NaN or infinite. */
  readonly nonFiniteFraction: number;
  readonly histogram: Histogram;
}

export function histogram(values: ArrayLike<number>, bins = 30): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Array<number>(bins).fill(0);
  if (!(min <= max)) return { min: 0, max: 0, counts };
  if (min === max) {
    // All equal: one full bin in the middle of a unit-wide range reads best on a chart.
    counts[Math.floor(bins / 2)] = values.length;
    return { min: min - 0.5, max: max + 0.5, counts };
  }
  const scale = bins / (max - min);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.floor((v - min) * scale))]++;
  }
  return { min, max, counts };
}

export function valueStats(values: ArrayLike<number>, bins = 30): ValueStats {
  let sum = 0;
  let sumSq = 0;
  let zeros = 0;
  let bad = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      bad++;
      continue;
    }
    sum += v;
    sumSq += v * v;
    if (v === 0) zeros++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const n = values.length - bad;
  const mean = n ? sum / n : 0;
  const all = values.length || 1;
  return {
    mean,
    std: n ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0,
    min: n ? min : 0,
    max: n ? max : 0,
    zeroFraction: zeros / all,
    nonFiniteFraction: bad / all,
    histogram: histogram(values, bins),
  };
}

/** Euclidean norm of `values[offset .. offset + n)` (accumulated in float64). */
export function l2norm(values: ArrayLike<number>, offset = 0, n = values.length - offset): number {
  let s = 0;
  for (let i = offset; i < offset + n; i++) s += values[i] * values[i];
  return Math.sqrt(s);
}

/** ‖a − b‖ over the same range of two arrays. */
export function diffNorm(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  offset = 0,
  n = a.length - offset,
): number {
  let s = 0;
  for (let i = offset; i < offset + n; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return Math.sqrt(s);
}
