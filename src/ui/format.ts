// Number formatting for the builder: compact where space is short, exact in tooltips.

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const exact = new Intl.NumberFormat('en');

/** 61706 → "61.7K"; small numbers stay exact. */
export function formatCount(n: number): string {
  return n < 10_000 ? exact.format(n) : compact.format(n);
}

export function formatExact(n: number): string {
  return exact.format(n);
}

/** FLOPs with an SI prefix: 852370 → "852 kFLOPs", 9.5e6 → "9.55 MFLOPs". */
export function formatFlops(n: number): string {
  const units: [number, string][] = [
    [1e12, 'TFLOPs'],
    [1e9, 'GFLOPs'],
    [1e6, 'MFLOPs'],
    [1e3, 'kFLOPs'],
  ];
  for (const [scale, unit] of units) {
    if (n >= scale) return `${trim(n / scale)} ${unit}`;
  }
  return `${n} FLOPs`;
}

/** Bytes in binary units: 3.7 MiB. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${trim(v)} ${units[u]}`;
}

/** Three significant digits, no trailing zeros. */
function trim(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/** Seconds as "42 s", "3 min 20 s", "1 h 05 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A loss or similar value with 3–4 significant digits. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(3)));
}

export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${(v * 100).toFixed(1)}%`;
}

/** Learning rates and other small numbers: 0.01, 0.001, 3e−4, 1.3e−3 on axes. */
export function formatRate(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 0.001 && Number(v.toPrecision(2)) === v) return String(v);
  if (Math.abs(v) >= 0.01) return String(Number(v.toPrecision(3)));
  const [m, e] = v.toExponential(1).split('e');
  return `${m.replace(/\.0$/, '')}e${e.replace('-', '−')}`;
}
