// Axis numbers for the learning-rate finder's chart: ticks at powers of ten for its log axis, a
// compact label for each, and a loss range that keeps the interesting part in view.

/** Powers of ten from ≤ lo to ≥ hi (at least two), for a log axis's ticks. */
export function logTicks(lo: number, hi: number, maxTicks = 8): number[] {
  if (!(lo > 0 && hi > 0)) return [];
  const a = Math.floor(Math.log10(Math.min(lo, hi)));
  const b = Math.max(a + 1, Math.ceil(Math.log10(Math.max(lo, hi))));
  const every = Math.max(1, Math.ceil((b - a + 1) / maxTicks));
  const out: number[] = [];
  // The last tick may pass hi (when thinned): the axis must cover the whole sweep.
  for (let e = a; ; e += every) {
    out.push(Number(`1e${e}`));
    if (e >= b) break;
  }
  return out;
}

/** 1e-3 → "1e−3", 1 → "1", 10 → "10", 0.1 → "0.1". */
export function powerLabel(v: number): string {
  const e = Math.round(Math.log10(v));
  if (e >= -1 && e <= 2) return String(Number(`1e${e}`));
  return `1e${String(e).replace('-', '−')}`;
}

/**
 * Loss axis: from just under the lowest loss to a little over the starting loss, so the
 * explosion at the end of a sweep does not squash the part where the loss falls.
 */
export function lossDomain(losses: readonly number[]): [number, number] {
  const finite = losses.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(...finite);
  const top = Math.min(Math.max(...finite), Math.max(finite[0], lo) * 1.3);
  const pad = (top - lo) * 0.05 || Math.abs(lo) * 0.05 || 0.05;
  return [Math.max(0, lo - pad), top + pad];
}
