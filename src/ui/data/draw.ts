// Turning dataset examples (uint8, C×H×W) into RGBA pixels for a canvas. Pure, so it is tested
// in Node; the components only hand the result to putImageData.

export interface RgbaStrip {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray<ArrayBuffer>;
}

/**
 * Lays `examples` side by side, `gap` transparent pixels apart. Grayscale repeats its one channel;
 * RGB takes the first three. Each example is C×H×W bytes.
 */
export function stripToRgba(
  examples: readonly Uint8Array[],
  channels: number,
  height: number,
  width: number,
  gap = 1,
): RgbaStrip {
  const n = examples.length;
  const outW = Math.max(1, n * width + Math.max(0, n - 1) * gap);
  const data = new Uint8ClampedArray(outW * height * 4);
  const plane = height * width;
  examples.forEach((img, k) => {
    const x0 = k * (width + gap);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        const o = (y * outW + x0 + x) * 4;
        const r = img[p];
        data[o] = r;
        data[o + 1] = channels >= 3 ? img[plane + p] : r;
        data[o + 2] = channels >= 3 ? img[2 * plane + p] : r;
        data[o + 3] = 255;
      }
    }
  });
  return { width: outW, height, data };
}

/** The first `n` example indices of each class, in dataset order. */
export function firstPerClass(labels: Uint16Array, classes: number, n: number): number[][] {
  const out: number[][] = Array.from({ length: classes }, () => []);
  let missing = classes;
  for (let i = 0; i < labels.length && missing > 0; i++) {
    const list = out[labels[i]];
    if (list && list.length < n) {
      list.push(i);
      if (list.length === n) missing--;
    }
  }
  return out;
}

/** Example `i`'s bytes (a view, no copy). */
export function exampleBytes(images: Uint8Array, size: number, i: number): Uint8Array {
  return images.subarray(i * size, (i + 1) * size);
}
