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
