// Turning numbers into pictures: weights and feature maps mapped linearly onto 0–255 and laid
// out as RGBA tiles, ready for `new ImageData(rgba, width, height)` or a canvas grid. Pure, so
// the worker can make filter images and the page can make feature-map images alike.

/** RGBA bytes for a tile of `height × width` pixels. */
export interface RgbaTiles {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  /** count × height × width × 4 bytes, tile after tile. */
  readonly rgba: Uint8ClampedArray;
}

/** The tile `i` of a tile set, as a view (no copy). */
export function tile(t: RgbaTiles, i: number): Uint8ClampedArray {
  const n = t.height * t.width * 4;
  return t.rgba.subarray(i * n, (i + 1) * n);
}

/** Smallest and largest value of `values[offset .. offset + n)`, ignoring non-finite values. */
export function range(values: ArrayLike<number>, offset = 0, n = values.length - offset) {
  let min = Infinity;
  let max = -Infinity;
  for (let i = offset; i < offset + n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : { min: 0, max: 0 };
}

/** lo → 0, hi → 255; a constant range maps to mid-grey so "no structure" is visible as such. */
export function toByte(v: number, lo: number, hi: number): number {
  if (!(hi > lo)) return 128;
  if (!Number.isFinite(v)) return 0;
  return Math.round(((v - lo) / (hi - lo)) * 255);
}

export type Normalization = 'tile' | 'all';

/**
 * Grayscale tiles from `count` planes of `height × width` values (CHW feature maps, a filter's
 * channels). 'tile' stretches each plane to the full range (shows structure in weak channels);
 * 'all' uses one range for every plane (shows which planes are strong).
 */
export function grayTiles(
  values: ArrayLike<number>,
  count: number,
  height: number,
  width: number,
  normalization: Normalization = 'tile',
): RgbaTiles {
  const plane = height * width;
  const rgba = new Uint8ClampedArray(count * plane * 4);
  const all = range(values, 0, count * plane);
  for (let t = 0; t < count; t++) {
    const { min, max } = normalization === 'tile' ? range(values, t * plane, plane) : all;
    for (let p = 0; p < plane; p++) {
      const g = toByte(values[t * plane + p], min, max);
      const o = (t * plane + p) * 4;
      rgba[o] = rgba[o + 1] = rgba[o + 2] = g;
      rgba[o + 3] = 255;
    }
  }
  return { count, height, width, rgba };
}

/**
 * Colour tiles from `count` groups of three planes (RGB filters, CHW), one range per tile over
 * its three channels together so the colours keep their balance.
 */
export function rgbTiles(
  values: ArrayLike<number>,
  count: number,
  height: number,
  width: number,
  normalization: Normalization = 'tile',
): RgbaTiles {
  const plane = height * width;
  const rgba = new Uint8ClampedArray(count * plane * 4);
  const all = range(values, 0, count * 3 * plane);
  for (let t = 0; t < count; t++) {
    const base = t * 3 * plane;
    const { min, max } = normalization === 'tile' ? range(values, base, 3 * plane) : all;
    for (let p = 0; p < plane; p++) {
      const o = (t * plane + p) * 4;
      for (let c = 0; c < 3; c++) rgba[o + c] = toByte(values[base + c * plane + p], min, max);
      rgba[o + 3] = 255;
    }
  }
  return { count, height, width, rgba };
}

/** RGBA of one raw dataset example (C×H×W bytes, C = 1 or 3; other C shows channel 0). */
export function exampleRgba(
  bytes: Uint8Array,
  channels: number,
  height: number,
  width: number,
): Uint8ClampedArray {
  const plane = height * width;
  const out = new Uint8ClampedArray(plane * 4);
  for (let p = 0; p < plane; p++) {
    const o = p * 4;
    if (channels === 3) {
      out[o] = bytes[p];
      out[o + 1] = bytes[plane + p];
      out[o + 2] = bytes[2 * plane + p];
    } else {
      out[o] = out[o + 1] = out[o + 2] = bytes[p];
    }
    out[o + 3] = 255;
  }
  return out;
}
