import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../src/engine/data/image-resize';
import { axisWeights, centerCropRect, rgbaToExample } from '../../src/engine/data/image-resize';

/** An RGBA image from a function of (x, y) → [r, g, b, a]. */
function image(width: number, height: number, f: (x: number, y: number) => number[]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set(f(x, y), (y * width + x) * 4);
  return { width, height, data };
}

describe('centerCropRect', () => {
  it('cuts the excess equally from the longer side', () => {
    expect(centerCropRect(300, 100, 32, 32)).toEqual({ x: 100, y: 0, width: 100, height: 100 });
    expect(centerCropRect(100, 301, 32, 32)).toEqual({ x: 0, y: 100.5, width: 100, height: 100 });
    expect(centerCropRect(64, 32, 32, 16)).toEqual({ x: 0, y: 0, width: 64, height: 32 });
  });
});

describe('axisWeights', () => {
  it('averages whole source pixels when shrinking by an integer factor', () => {
    const w = axisWeights(0, 6, 6, 2);
    expect([...w.first]).toEqual([0, 3]);
    expect([...w.count]).toEqual([3, 3]);
    for (const v of w.weights) expect(v).toBeCloseTo(1 / 3, 12);
  });

  it('weights partially covered pixels by the covered fraction', () => {
    const w = axisWeights(0, 3, 3, 2); // each output covers 1.5 source pixels
    expect([...w.weights].map((v) => +v.toFixed(6))).toEqual([
      0.666667, 0.333333, 0.333333, 0.666667,
    ]);
  });
});

describe('rgbaToExample', () => {
  it('keeps a solid colour exact in RGB and gives its luma in grayscale', () => {
    const solid = image(37, 23, () => [200, 100, 50, 255]);
    const rgb = rgbaToExample(solid, { width: 8, height: 8, channels: 3 });
    expect([...new Set(rgb.subarray(0, 64))]).toEqual([200]);
    expect([...new Set(rgb.subarray(64, 128))]).toEqual([100]);
    expect([...new Set(rgb.subarray(128))]).toEqual([50]);
    const gray = rgbaToExample(solid, { width: 5, height: 5, channels: 1 });
    expect([...new Set(gray)]).toEqual([Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50)]);
  });

  it('downscales by averaging blocks exactly', () => {
    // 4×4 with a distinct 2×2 block in each quadrant → 2×2 of the block means.
    const img = image(4, 4, (x, y) => {
      const v = [
        [0, 40],
        [80, 120],
      ][y >> 1][x >> 1];
      return [v + (x % 2) * 4, v, v, 255];
    });
    const out = rgbaToExample(img, { width: 2, height: 2, channels: 3 });
    expect([...out.subarray(0, 4)]).toEqual([2, 42, 82, 122]);
    expect([...out.subarray(4, 8)]).toEqual([0, 40, 80, 120]);
  });

  it('centre-crops a wide picture to its middle, or stretches it whole', () => {
    // 96×32: red third, green third, blue third.
    const bands = image(96, 32, (x) =>
      x < 32 ? [255, 0, 0, 255] : x < 64 ? [0, 255, 0, 255] : [0, 0, 255, 255],
    );
    const crop = rgbaToExample(bands, { width: 16, height: 16, channels: 3 });
    expect([...new Set(crop.subarray(0, 256))]).toEqual([0]); // no red
    expect([...new Set(crop.subarray(256, 512))]).toEqual([255]); // all green
    const stretch = rgbaToExample(bands, { width: 6, height: 2, channels: 3, fit: 'stretch' });
    expect([...stretch.subarray(0, 6)]).toEqual([255, 255, 0, 0, 0, 0]);
    // Planes of 6×2 = 12: green's first row, then blue's.
    expect([...stretch.subarray(12, 18)]).toEqual([0, 0, 255, 255, 0, 0]);
    expect([...stretch.subarray(24, 30)]).toEqual([0, 0, 0, 0, 255, 255]);
  });

  it('composites transparency over the background colour', () => {
    const half = image(2, 2, () => [255, 255, 255, 128]);
    const onBlack = rgbaToExample(half, { width: 2, height: 2, channels: 1 });
    expect([...onBlack]).toEqual([128, 128, 128, 128]);
    const clear = image(2, 2, () => [9, 9, 9, 0]);
    const onBlue = rgbaToExample(clear, {
      width: 1,
      height: 1,
      channels: 3,
      background: [0, 0, 255],
    });
    expect([...onBlue]).toEqual([0, 0, 255]);
  });

  it('enlarges by linear interpolation, keeping order and range', () => {
    const ramp = image(2, 1, (x) => [x * 255, 0, 0, 255]);
    const out = rgbaToExample(ramp, { width: 4, height: 1, channels: 3, fit: 'stretch' });
    expect([...out.subarray(0, 4)]).toEqual([0, 64, 191, 255]);
    const one = rgbaToExample(
      image(1, 1, () => [7, 8, 9, 255]),
      { width: 3, height: 3, channels: 3 },
    );
    expect([...new Set(one.subarray(18))]).toEqual([9]);
  });

  it('rejects a buffer that does not match the stated size', () => {
    expect(() =>
      rgbaToExample(
        { width: 2, height: 2, data: new Uint8Array(15) },
        { width: 1, height: 1, channels: 1 },
      ),
    ).toThrow(/15 bytes for a 2×2/);
  });
});
