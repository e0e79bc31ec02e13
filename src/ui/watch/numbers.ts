// Number formats for the Watch tables, where columns are narrow: norms and ratios that span
// many orders of magnitude, probabilities in a few characters.

/** 0.0014 → "1.4e−3", 3.671 → "3.67", 15234 → "1.5e+4": three significant digits or fewer. */
export function compactNumber(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  if (Math.abs(v) >= 0.01 && Math.abs(v) < 1000) return String(Number(v.toPrecision(3)));
  return v.toExponential(1).replace(/-/g, '−');
}

/** Four significant digits in scientific notation: gradient-check values side by side. */
export function scientific(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  return v.toExponential(3).replace(/-/g, '−');
}

/** A probability in at most four characters: "74%", "0.4%", "<0.1%", "100%". */
export function shortPercent(p: number): string {
  if (!Number.isFinite(p)) return '—';
  const pct = p * 100;
  if (pct >= 99.5) return pct >= 100 ? '100%' : '>99%';
  if (pct >= 9.5) return `${Math.round(pct)}%`;
  if (pct >= 0.95) return `${pct.toFixed(0)}%`;
  if (pct >= 0.1) return `${pct.toFixed(1)}%`;
  return '<0.1%';
}
