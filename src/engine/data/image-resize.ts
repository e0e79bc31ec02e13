// Turning a decoded RGBA picture of any size into one dataset example: centre-crop (or stretch)
// to the target aspect ratio, resample to the target size, composite transparency over a
// background colour, and store as uint8 CHW in RGB or grayscale. Pure arithmetic on arrays, so
// the exact pixel values are tested in Node; the browser only decodes the file into RGBA.
//
// Resampling is separable (rows, then columns). Shrinking averages every source pixel the
// output pixel covers, weighted by the covered fraction ("area" resampling): it does not alias
// the way sampling a few points would, which matters when a 3000-pixel photo becomes 32 pixels.
// Enlarging interpolates linearly between the two nearest source pixels.

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, R G B A, rows top to bottom (what ImageData holds). */
  readonly data: Uint8Array | Uint8ClampedArray;
}

export type FitMode = 'crop' | 'stretch';

export interface ToExampleOptions {
  width: number;
  height: number;
  channels: 1 | 3;
  /** 'crop' (default): keep the aspect ratio, cut the excess equally from both sides.
   *  'stretch': use the whole picture, distorting it to the target aspect ratio. */
  fit?: FitMode;
  /** Colour behind transparent pixels, RGB bytes; default black. */
  background?: readonly [number, number, number];
}

export interface SourceRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The part of a srcW × srcH picture that fills a dstW × dstH target: the largest centred
 * rectangle with the target's aspect ratio. Fractional, so odd excesses split exactly.
 */
export function centerCropRect(srcW: number, srcH: number, dstW: number, dstH: number): SourceRect {
  const srcAspect = srcW / srcH;
  const dstAspect = dstW / dstH;
  if (srcAspect > dstAspect) {
    const width = srcH * dstAspect;
    return { x: (srcW - width) / 2, y: 0, width, height: srcH };
  }
  const height = srcW / dstAspect;
  return { x: 0, y: (srcH - height) / 2, width: srcW, height };
}

/** For each output position along one axis: the first source index and its weights. */
interface AxisWeights {
  first: Int32Array;
  count: Int32Array;
  /** Weights of output i start at offsets[i]. */
  offsets: Int32Array;
  weights: Float64Array;
}

/** Weights mapping the source span [start, start + span) of an axis of srcLen pixels to dstLen. */
export function axisWeights(
  start: number,
  span: number,
  srcLen: number,
  dstLen: number,
): AxisWeights {
  const scale = span / dstLen;
  const first = new Int32Array(dstLen);
  const count = new Int32Array(dstLen);
  const offsets = new Int32Array(dstLen);
  const list: number[] = [];
  for (let i = 0; i < dstLen; i++) {
    offsets[i] = list.length;
    if (scale >= 1) {
      // Area: source pixel j contributes its overlap with [lo, hi).
      const lo = start + i * scale;
      const hi = lo + scale;
      const j0 = Math.max(0, Math.floor(lo));
      const j1 = Math.min(srcLen, Math.ceil(hi));
      first[i] = j0;
      for (let j = j0; j < j1; j++) list.push(Math.min(hi, j + 1) - Math.max(lo, j));
      count[i] = j1 - j0;
    } else {
      // Linear: the output pixel centre falls between two source pixel centres.
      const s = Math.min(srcLen - 1, Math.max(0, start + (i + 0.5) * scale - 0.5));
      const j0 = Math.min(srcLen - 2, Math.floor(s));
      if (srcLen === 1) {
        first[i] = 0;
        list.push(1);
        count[i] = 1;
        continue;
      }
      const f = s - j0;
      first[i] = j0;
      list.push(1 - f, f);
      count[i] = 2;
    }
    // Normalise so each output is a weighted mean (the edges of an area span can be clipped).
    let sum = 0;
    for (let k = offsets[i]; k < list.length; k++) sum += list[k];
    for (let k = offsets[i]; k < list.length; k++) list[k] /= sum;
  }
  return { first, count, offsets, weights: Float64Array.from(list) };
}

/** Converts a decoded picture into one uint8 C×H×W example. */
export function rgbaToExample(img: RgbaImage, opts: ToExampleOptions): Uint8Array {
  const { width: dw, height: dh, channels } = opts;
  if (img.data.length !== img.width * img.height * 4 || img.width < 1 || img.height < 1) {
    throw new Error(
      `rgbaToExample: ${img.data.length} bytes for a ${img.width}×${img.height} RGBA image`,
    );
  }
  const bg = opts.background ?? [0, 0, 0];
  const rect =
    opts.fit === 'stretch'
      ? { x: 0, y: 0, width: img.width, height: img.height }
      : centerCropRect(img.width, img.height, dw, dh);
  const wx = axisWeights(rect.x, rect.width, img.width, dw);
  const wy = axisWeights(rect.y, rect.height, img.height, dh);

  // Which source rows the vertical pass reads; only those get a horizontal pass.
  const rowLo = wy.first[0];
  const rowHi = wy.first[dh - 1] + wy.count[dh - 1];
  const rows = rowHi - rowLo;
  // Horizontal pass: rows × dw × RGB, alpha-composited over the background first.
  const mid = new Float64Array(rows * dw * 3);
  for (let r = 0; r < rows; r++) {
    const rowBase = (rowLo + r) * img.width * 4;
    for (let i = 0; i < dw; i++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      const off = wx.offsets[i];
      for (let k = 0; k < wx.count[i]; k++) {
        const p = rowBase + (wx.first[i] + k) * 4;
        const a = img.data[p + 3] / 255;
        const w = wx.weights[off + k];
        red += w * (img.data[p] * a + bg[0] * (1 - a));
        green += w * (img.data[p + 1] * a + bg[1] * (1 - a));
        blue += w * (img.data[p + 2] * a + bg[2] * (1 - a));
      }
      const m = (r * dw + i) * 3;
      mid[m] = red;
      mid[m + 1] = green;
      mid[m + 2] = blue;
    }
  }
  // Vertical pass straight into the CHW output.
  const plane = dw * dh;
  const out = new Uint8Array(channels * plane);
  const toByte = (v: number): number => Math.min(255, Math.max(0, Math.round(v)));
  for (let y = 0; y < dh; y++) {
    const off = wy.offsets[y];
    for (let x = 0; x < dw; x++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let k = 0; k < wy.count[y]; k++) {
        const m = ((wy.first[y] + k - rowLo) * dw + x) * 3;
        const w = wy.weights[off + k];
        red += w * mid[m];
        green += w * mid[m + 1];
        blue += w * mid[m + 2];
      }
      const o = y * dw + x;
      if (channels === 3) {
        out[o] = toByte(red);
        out[plane + o] = toByte(green);
        out[2 * plane + o] = toByte(blue);
      } else {
        // ITU-R BT.601 luma, the usual grayscale weights.
        out[o] = toByte(0.299 * red + 0.587 * green + 0.114 * blue);
      }
    }
  }
  return out;
}
