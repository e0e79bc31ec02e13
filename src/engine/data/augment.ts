// Data augmentation: random, label-preserving changes to each training example, drawn afresh
// every time the example is used, so the network cannot memorise exact pixels. Applied on the fly
// to one example at a time in [0, 1] float pixel units, before normalisation; nothing is stored.
//
// Order of operations (each skipped when its setting is 0 / false):
//   1. horizontal flip           2. rotation about the centre (bilinear)
//   3. shift: random crop of the zero-padded image plus translation, combined into one offset
//   4. brightness and contrast, then clamp to [0, 1]
//   5. cutout: a square set to 0
// Steps 1–3 are one inverse mapping per output pixel, so the image is resampled at most once.
// Areas uncovered by the geometry are filled with 0 (black), as is the cutout square.
//
// Randomness: every example draws its parameters from its own Rng seeded by
// augmentSeed(seed, epoch, position), so an epoch's augmentations can be regenerated exactly,
// in any order, from any worker. All parameters are drawn in a fixed order whether or not their
// operation is enabled, so turning one operation on does not change the draws of the others.
import type { ImageDataset } from './dataset';
import { exampleSize } from './dataset';
import { Rng, hashSeed } from '../rng';

export interface AugmentConfig {
  /** Mirror left–right with probability 1/2. */
  readonly flipHorizontal: boolean;
  /** Pad this many zero pixels on every side, then crop a random H×W window back (0 = off). */
  readonly cropPadding: number;
  /** Shift by a random whole number of pixels in [−t, t] on each axis (0 = off). */
  readonly translate: number;
  /** Rotate by a random angle in [−r, r] degrees about the image centre (0 = off). */
  readonly rotateDegrees: number;
  /** Add one random offset in [−b, b] to every pixel, in [0, 1] units (0 = off). */
  readonly brightness: number;
  /** Scale deviations from the image mean by a random factor in [1 − c, 1 + c] (0 = off). */
  readonly contrast: number;
  /** Side of a square, placed at random fully inside the image, set to 0 (0 = off). */
  readonly cutout: number;
}

/** Everything off: the default, and the setting used for validation and test data. */
export const NO_AUGMENT: AugmentConfig = Object.freeze({
  flipHorizontal: false,
  cropPadding: 0,
  translate: 0,
  rotateDegrees: 0,
  brightness: 0,
  contrast: 0,
  cutout: 0,
});

/** True when at least one operation would change an image. */
export function isAugmentEnabled(cfg: AugmentConfig): boolean {
  return (
    cfg.flipHorizontal ||
    cfg.cropPadding > 0 ||
    cfg.translate > 0 ||
    cfg.rotateDegrees > 0 ||
    cfg.brightness > 0 ||
    cfg.contrast > 0 ||
    cfg.cutout > 0
  );
}

/**
 * Reads an AugmentConfig back from JSON (a saved run, the UI's form). Missing fields take their
 * "off" value; wrong types or negative values are rejected with the field named.
 */
export function parseAugmentConfig(value: unknown): AugmentConfig {
  if (typeof value !== 'object' || value === null) {
    throw new Error(`Augmentation settings must be an object, got ${JSON.stringify(value)}`);
  }
  const v = value as Record<string, unknown>;
  const out: Record<string, boolean | number> = { ...NO_AUGMENT };
  for (const key of Object.keys(v)) {
    if (!(key in NO_AUGMENT)) throw new Error(`Unknown augmentation setting "${key}"`);
    const given = v[key];
    if (key === 'flipHorizontal') {
      if (typeof given !== 'boolean') throw new Error(`flipHorizontal must be true or false`);
      out[key] = given;
    } else {
      if (typeof given !== 'number' || !Number.isFinite(given) || given < 0) {
        throw new Error(`Augmentation setting ${key} must be a number ≥ 0, got ${String(given)}`);
      }
      const whole = key === 'cropPadding' || key === 'translate' || key === 'cutout';
      if (whole && !Number.isInteger(given)) {
        throw new Error(`Augmentation setting ${key} must be a whole number of pixels`);
      }
      out[key] = given;
    }
  }
  return out as unknown as AugmentConfig;
}

/** The seed of one example's augmentation stream. */
export function augmentSeed(seed: number, epoch: number, position: number): number {
  return hashSeed(seed, 0xa09e, epoch, position);
}

/** The random parameters of one augmented example, drawn by `drawAugmentParams`. */
export interface AugmentParams {
  flip: boolean;
  /** Rotation in radians; positive turns the content clockwise on screen (y axis down). */
  angle: number;
  /** Whole-pixel shift of the content (right / down positive). */
  dx: number;
  dy: number;
  brightness: number;
  contrast: number;
  /** Top-left corner of the cutout square; ignored when the config's cutout is 0. */
  cutoutX: number;
  cutoutY: number;
}

export function drawAugmentParams(
  cfg: AugmentConfig,
  height: number,
  width: number,
  rng: Rng,
): AugmentParams {
  const pad = cfg.cropPadding;
  const t = cfg.translate;
  const flip = rng.next() < 0.5;
  // Cropping window offset o ∈ [0, 2P] of the padded image moves the content by P − o.
  const cropX = pad - rng.int(2 * pad + 1);
  const cropY = pad - rng.int(2 * pad + 1);
  const tx = rng.int(-t, t + 1);
  const ty = rng.int(-t, t + 1);
  const angle = (rng.uniform(-1, 1) * cfg.rotateDegrees * Math.PI) / 180;
  const brightness = rng.uniform(-1, 1) * cfg.brightness;
  const contrast = 1 + rng.uniform(-1, 1) * cfg.contrast;
  const side = Math.min(cfg.cutout, height, width);
  const cutoutX = rng.int(width - side + 1);
  const cutoutY = rng.int(height - side + 1);
  return {
    flip: cfg.flipHorizontal && flip,
    angle,
    dx: cropX + tx,
    dy: cropY + ty,
    brightness,
    contrast,
    cutoutX,
    cutoutY,
  };
}

/**
 * Flip, rotate and shift in one pass: for each output pixel, find where it came from in `src`
 * and sample there (bilinear; outside the image counts as 0). With no rotation every source
 * position is a whole pixel and the copy is exact.
 */
export function warpImage(
  src: Float32Array,
  dst: Float32Array,
  channels: number,
  height: number,
  width: number,
  flip: boolean,
  angle: number,
  dx: number,
  dy: number,
): void {
  const plane = height * width;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const rotated = angle !== 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Undo the shift, then the rotation (by −angle about the centre), then the flip.
      let sx = x - dx;
      let sy = y - dy;
      if (rotated) {
        const rx = sx - cx;
        const ry = sy - cy;
        sx = cx + cos * rx + sin * ry;
        sy = cy - sin * rx + cos * ry;
      }
      if (flip) sx = width - 1 - sx;
      const o = y * width + x;
      if (!rotated) {
        const inside = sx >= 0 && sx < width && sy >= 0 && sy < height;
        const s = sy * width + sx;
        for (let c = 0; c < channels; c++) dst[c * plane + o] = inside ? src[c * plane + s] : 0;
        continue;
      }
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      // Weights of the four neighbours; a neighbour outside the image contributes 0.
      const in00 = x0 >= 0 && x0 < width && y0 >= 0 && y0 < height;
      const in10 = x0 + 1 >= 0 && x0 + 1 < width && y0 >= 0 && y0 < height;
      const in01 = x0 >= 0 && x0 < width && y0 + 1 >= 0 && y0 + 1 < height;
      const in11 = x0 + 1 >= 0 && x0 + 1 < width && y0 + 1 >= 0 && y0 + 1 < height;
      const w00 = in00 ? (1 - fx) * (1 - fy) : 0;
      const w10 = in10 ? fx * (1 - fy) : 0;
      const w01 = in01 ? (1 - fx) * fy : 0;
      const w11 = in11 ? fx * fy : 0;
      const s = y0 * width + x0;
      for (let c = 0; c < channels; c++) {
        const b = c * plane + s;
        let v = 0;
        if (w00) v += w00 * src[b];
        if (w10) v += w10 * src[b + 1];
        if (w01) v += w01 * src[b + width];
        if (w11) v += w11 * src[b + width + 1];
        dst[c * plane + o] = v;
      }
    }
  }
}

/**
 * Brightness and contrast: v ← (v − m)·contrast + m + brightness, clamped to [0, 1], where m is
 * the mean of the whole image (all channels), so contrast changes keep the average colour.
 */
export function adjustBrightnessContrast(
  img: Float32Array,
  length: number,
  brightness: number,
  contrast: number,
): void {
  let mean = 0;
  if (contrast !== 1) {
    for (let i = 0; i < length; i++) mean += img[i];
    mean /= length;
  }
  for (let i = 0; i < length; i++) {
    const v = (img[i] - mean) * contrast + mean + brightness;
    img[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
}

/** Sets a side×side square with top-left (x0, y0) to 0 in every channel. */
export function cutoutSquare(
  img: Float32Array,
  channels: number,
  height: number,
  width: number,
  x0: number,
  y0: number,
  side: number,
): void {
  const plane = height * width;
  for (let c = 0; c < channels; c++) {
    for (let y = y0; y < Math.min(height, y0 + side); y++) {
      const row = c * plane + y * width;
      img.fill(0, row + x0, row + Math.min(width, x0 + side));
    }
  }
}

/**
 * Augments one example: `src` and `dst` hold channels × height × width floats in [0, 1] and
 * must be different arrays. Returns the parameters used (for tests and previews).
 */
export function augmentInto(
  src: Float32Array,
  dst: Float32Array,
  channels: number,
  height: number,
  width: number,
  cfg: AugmentConfig,
  rng: Rng,
): AugmentParams {
  const p = drawAugmentParams(cfg, height, width, rng);
  warpImage(src, dst, channels, height, width, p.flip, p.angle, p.dx, p.dy);
  const length = channels * height * width;
  if (cfg.brightness > 0 || cfg.contrast > 0) {
    adjustBrightnessContrast(dst, length, p.brightness, p.contrast);
  }
  const side = Math.min(cfg.cutout, height, width);
  if (side > 0) cutoutSquare(dst, channels, height, width, p.cutoutX, p.cutoutY, side);
  return p;
}

/** One example's bytes as floats in [0, 1], into `out` (length ≥ exampleSize). */
export function exampleToUnitFloats(d: ImageDataset, index: number, out: Float32Array): void {
  const size = exampleSize(d);
  const base = index * size;
  for (let i = 0; i < size; i++) out[i] = d.images[base + i] / 255;
}

/**
 * `n` augmented variants of one example as uint8 C×H×W images, for the UI to show what the
 * settings do. Variant k is seeded by (seed, k, index): the same call always shows the same
 * variants, and changing one setting shows its effect on otherwise identical draws.
 */
export function previewAugment(
  d: ImageDataset,
  index: number,
  cfg: AugmentConfig,
  seed: number,
  n: number,
): Uint8Array[] {
  if (index < 0 || index >= d.count) throw new Error(`previewAugment: no example ${index}`);
  const size = exampleSize(d);
  const src = new Float32Array(size);
  const dst = new Float32Array(size);
  exampleToUnitFloats(d, index, src);
  const rng = new Rng(0);
  const out: Uint8Array[] = [];
  for (let k = 0; k < n; k++) {
    rng.reseed(augmentSeed(seed, k, index));
    augmentInto(src, dst, d.channels, d.height, d.width, cfg, rng);
    const img = new Uint8Array(size);
    for (let i = 0; i < size; i++) img[i] = Math.round(dst[i] * 255);
    out.push(img);
  }
  return out;
}
