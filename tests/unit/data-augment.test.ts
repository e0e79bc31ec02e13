import { describe, expect, it } from 'vitest';
import type { AugmentConfig } from '../../src/engine/data/augment';
import {
  NO_AUGMENT,
  augmentInto,
  isAugmentEnabled,
  parseAugmentConfig,
  previewAugment,
  warpImage,
} from '../../src/engine/data/augment';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { Rng } from '../../src/engine/rng';

const H = 6;
const W = 7;
/** Every pixel distinct and non-zero, so where each one went can be read off the output. */
const asym = Float32Array.from({ length: H * W }, (_, i) => (i + 1) / 64);
const at = (img: Float32Array, y: number, x: number, c = 0): number =>
  y < 0 || y >= H || x < 0 || x >= W ? 0 : img[c * H * W + y * W + x];

function run(cfg: Partial<AugmentConfig>, seed: number, src = asym, channels = 1) {
  const dst = new Float32Array(src.length);
  const params = augmentInto(src, dst, channels, H, W, { ...NO_AUGMENT, ...cfg }, new Rng(seed));
  return { dst, params };
}

describe('geometric primitives', () => {
  it('warpImage flips left-right', () => {
    const dst = new Float32Array(H * W);
    warpImage(asym, dst, 1, H, W, true, 0, 0, 0);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) expect(at(dst, y, x)).toBe(at(asym, y, W - 1 - x));
  });

  it('warpImage shifts content right/down with zero fill', () => {
    const dst = new Float32Array(H * W);
    warpImage(asym, dst, 1, H, W, false, 0, 2, -1);
    expect(at(dst, 0, 2)).toBe(at(asym, 1, 0));
    expect(at(dst, 0, 0)).toBe(0);
    expect(at(dst, H - 1, 3)).toBe(0); // the bottom row came from below the image
  });

  it('warpImage rotates a quarter turn clockwise about the centre', () => {
    const n = 5;
    const src = new Float32Array(n * n);
    src[2 * n + 4] = 1; // right of centre
    src[2 * n + 2] = 0.5; // the centre
    const dst = new Float32Array(n * n);
    warpImage(src, dst, 1, n, n, false, Math.PI / 2, 0, 0);
    expect(dst[4 * n + 2]).toBeCloseTo(1, 6); // now below centre
    expect(dst[2 * n + 2]).toBeCloseTo(0.5, 6);
    expect(dst.reduce((a, b) => a + b, 0)).toBeCloseTo(1.5, 5);
  });
});

describe('augmentInto', () => {
  it('does nothing with everything off', () => {
    expect([...run(NO_AUGMENT, 1).dst]).toEqual([...asym]);
    expect(isAugmentEnabled(NO_AUGMENT)).toBe(false);
    expect(isAugmentEnabled({ ...NO_AUGMENT, cutout: 2 })).toBe(true);
  });

  it('flip: output is the mirror image about half the time, otherwise unchanged', () => {
    let flipped = 0;
    for (let seed = 0; seed < 400; seed++) {
      const { dst } = run({ flipHorizontal: true }, seed);
      const mirror = at(dst, 0, 0) === at(asym, 0, W - 1);
      if (mirror) flipped++;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          expect(at(dst, y, x)).toBe(at(asym, y, mirror ? W - 1 - x : x));
        }
      }
    }
    expect(flipped).toBeGreaterThan(160);
    expect(flipped).toBeLessThan(240);
  });

  it('random crop with padding P: a shift by at most P, zero filled, all offsets reachable', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 300; seed++) {
      const { dst } = run({ cropPadding: 2 }, seed);
      // Locate where the top-left source pixel went (or infer the shift from another corner).
      let shift: [number, number] | null = null;
      for (let dy = -2; dy <= 2 && !shift; dy++) {
        for (let dx = -2; dx <= 2 && !shift; dx++) {
          let ok = true;
          for (let y = 0; y < H && ok; y++) {
            for (let x = 0; x < W && ok; x++) ok = at(dst, y, x) === at(asym, y - dy, x - dx);
          }
          if (ok) shift = [dx, dy];
        }
      }
      expect(shift).not.toBeNull();
      seen.add(String(shift));
    }
    expect(seen.size).toBe(25);
  });

  it('translation stays within ±t pixels', () => {
    for (let seed = 0; seed < 100; seed++) {
      const { params } = run({ translate: 1 }, seed);
      expect(Math.abs(params.dx)).toBeLessThanOrEqual(1);
      expect(Math.abs(params.dy)).toBeLessThanOrEqual(1);
    }
    const both = new Set<number>();
    for (let seed = 0; seed < 200; seed++)
      both.add(run({ translate: 1, cropPadding: 1 }, seed).params.dx);
    expect([...both].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
  });

  it('rotation: angle within ±r degrees, the centre pixel stays, content is preserved', () => {
    const n = 9;
    const blob = new Float32Array(n * n);
    for (let y = 3; y <= 5; y++) for (let x = 3; x <= 5; x++) blob[y * n + x] = 1;
    const angles: number[] = [];
    for (let seed = 0; seed < 50; seed++) {
      const dst = new Float32Array(n * n);
      const p = augmentInto(
        blob,
        dst,
        1,
        n,
        n,
        { ...NO_AUGMENT, rotateDegrees: 15 },
        new Rng(seed),
      );
      angles.push(p.angle);
      expect(Math.abs(p.angle)).toBeLessThanOrEqual((15 * Math.PI) / 180);
      expect(dst[4 * n + 4]).toBeCloseTo(1, 6);
      // Bilinear resampling of a small centred square keeps its mass to within a few percent.
      expect(dst.reduce((a, b) => a + b, 0)).toBeGreaterThan(8);
      expect(dst.reduce((a, b) => a + b, 0)).toBeLessThan(10);
    }
    expect(Math.max(...angles) - Math.min(...angles)).toBeGreaterThan(0.3);
  });

  it('brightness adds one offset to every pixel', () => {
    const mid = Float32Array.from({ length: H * W }, (_, i) => 0.3 + (i % 5) * 0.1);
    const offsets = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const { dst, params } = run({ brightness: 0.1 }, seed, mid);
      expect(Math.abs(params.brightness)).toBeLessThanOrEqual(0.1);
      for (let i = 0; i < mid.length; i++)
        expect(dst[i] - mid[i]).toBeCloseTo(params.brightness, 5);
      offsets.add(Math.round(params.brightness * 1000));
    }
    expect(offsets.size).toBeGreaterThan(10);
  });

  it('contrast scales deviations from the image mean and keeps the mean', () => {
    const mid = Float32Array.from({ length: H * W }, (_, i) => 0.4 + (i % 3) * 0.1);
    const mean = mid.reduce((a, b) => a + b, 0) / mid.length;
    for (let seed = 0; seed < 20; seed++) {
      const { dst, params } = run({ contrast: 0.5 }, seed, mid);
      expect(params.contrast).toBeGreaterThanOrEqual(0.5);
      expect(params.contrast).toBeLessThanOrEqual(1.5);
      expect(dst.reduce((a, b) => a + b, 0) / dst.length).toBeCloseTo(mean, 5);
      for (let i = 0; i < mid.length; i++) {
        expect(dst[i] - mean).toBeCloseTo((mid[i] - mean) * params.contrast, 5);
      }
    }
  });

  it('brightness and contrast clamp to [0, 1]', () => {
    const extremes = Float32Array.from({ length: H * W }, (_, i) => (i % 2 ? 1 : 0));
    for (let seed = 0; seed < 20; seed++) {
      const { dst } = run({ brightness: 0.5, contrast: 0.5 }, seed, extremes);
      expect(dst.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });

  it('cutout zeroes exactly one side×side square, the same in every channel', () => {
    const ones = new Float32Array(3 * H * W).fill(1);
    const corners = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const { dst } = run({ cutout: 3 }, seed, ones, 3);
      const zeros: [number, number][] = [];
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) if (at(dst, y, x) === 0) zeros.push([y, x]);
      expect(zeros).toHaveLength(9);
      const ys = zeros.map((z) => z[0]);
      const xs = zeros.map((z) => z[1]);
      expect(Math.max(...ys) - Math.min(...ys)).toBe(2);
      expect(Math.max(...xs) - Math.min(...xs)).toBe(2);
      for (const [y, x] of zeros) {
        expect(at(dst, y, x, 1)).toBe(0);
        expect(at(dst, y, x, 2)).toBe(0);
      }
      expect(dst.filter((v) => v === 0)).toHaveLength(27);
      corners.add(`${Math.min(...ys)},${Math.min(...xs)}`);
    }
    expect(corners.size).toBeGreaterThan(8);
  });

  it('draws are independent of which operations are on', () => {
    for (let seed = 0; seed < 30; seed++) {
      const alone = run({ flipHorizontal: true }, seed).params.flip;
      const withOthers = run({ flipHorizontal: true, cutout: 2, brightness: 0.2 }, seed).params
        .flip;
      expect(withOthers).toBe(alone);
    }
  });
});

describe('previewAugment', () => {
  const d: ImageDataset = {
    name: 'p',
    channels: 1,
    height: H,
    width: W,
    classNames: ['x'],
    count: 2,
    images: Uint8Array.from({ length: 2 * H * W }, (_, i) => (i * 11) % 256),
    labels: new Uint16Array(2),
  };
  const cfg: AugmentConfig = { ...NO_AUGMENT, flipHorizontal: true, cropPadding: 2, cutout: 2 };

  it('is deterministic under the seed and gives varied uint8 images', () => {
    const a = previewAugment(d, 1, cfg, 5, 6);
    expect(a).toHaveLength(6);
    expect(a[0]).toBeInstanceOf(Uint8Array);
    expect(a.map((v) => [...v])).toEqual(previewAugment(d, 1, cfg, 5, 6).map((v) => [...v]));
    expect(a.map((v) => [...v])).not.toEqual(previewAugment(d, 1, cfg, 6, 6).map((v) => [...v]));
    expect(new Set(a.map((v) => v.join())).size).toBeGreaterThan(3);
  });

  it('with augmentation off returns the original bytes', () => {
    const [img] = previewAugment(d, 1, NO_AUGMENT, 0, 1);
    expect([...img]).toEqual([...d.images.subarray(H * W)]);
    expect(() => previewAugment(d, 2, NO_AUGMENT, 0, 1)).toThrow(/no example 2/);
  });
});

describe('parseAugmentConfig', () => {
  it('fills missing fields with "off" and validates the rest', () => {
    expect(parseAugmentConfig({})).toEqual(NO_AUGMENT);
    const cfg = { ...NO_AUGMENT, flipHorizontal: true, rotateDegrees: 7.5, cutout: 8 };
    expect(parseAugmentConfig(JSON.parse(JSON.stringify(cfg)))).toEqual(cfg);
    expect(() => parseAugmentConfig({ cutout: -1 })).toThrow(/cutout must be a number ≥ 0/);
    expect(() => parseAugmentConfig({ cropPadding: 1.5 })).toThrow(/whole number/);
    expect(() => parseAugmentConfig({ flipHorizontal: 'yes' })).toThrow(/true or false/);
    expect(() => parseAugmentConfig({ mixup: 1 })).toThrow(/Unknown augmentation setting "mixup"/);
  });
});
