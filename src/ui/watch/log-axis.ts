// Numbers for a logarithmic axis (the learning-rate finder's): ticks at powers of ten inside a
// range, and a compact label for each.

/** Powers of ten from ≤ lo to ≥ hi (at least two), for a log axis's ticks. */
export function logTicks(lo: number, hi: number, maxTicks = 8): number[] {
  if (!(lo > 0 && hi > 0)) return [];
  const a = Math.floor(Math.log10(Math.min(lo, hi)));
  const b = Math.max(a + 1, Math.ceil(Math.log10(Math.max(lo, hi))));
  const every = Math.max(1, Math.ceil((b - a + 1) / maxTicks));
  const out: number[] = [];
  for (let e = a; e <= b; e += every) out.push(Number(`1e${e}`));
  return out;
}

/** 1e-3 → "1e−3", 1 → "1", 10 → "10", 0.1 → "0.1". */
export function powerLabel(v: number): string {
  const e = Math.round(Math.log10(v));
  if (e >= -1 && e <= 2) return String(Number(`1e${e}`));
  return `1e${String(e).replace('-', '−')}`;
}
