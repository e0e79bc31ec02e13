import { describe, expect, it } from 'vitest';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { classCounts, exampleSize } from '../../src/engine/data/dataset';
import { SHAPE_KINDS, generateShapes } from '../../src/engine/data/synthetic-shapes';

/**
 * Rotation- and colour-invariant features of the foreground blob: the shape's mask is every
 * pixel far from the border colour; features are the radial distribution of the mask around its
 * centroid (scaled by its size) and its perimeter²/area compactness.
 */
function blobFeatures(d: ImageDataset, i: number): number[] {
  const s = d.width;
  const plane = s * s;
  const base = i * exampleSize(d);
  const bg = new Array<number>(d.channels).fill(0);
  let border = 0;
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      if (x > 0 && y > 0 && x < s - 1 && y < s - 1) continue;
      border++;
      for (let c = 0; c < d.channels; c++) bg[c] += d.images[base + c * plane + y * s + x];
    }
  }
  const dist = new Float64Array(plane);
  let max = 0;
  for (let p = 0; p < plane; p++) {
    let q = 0;
    for (let c = 0; c < d.channels; c++)
      q += (d.images[base + c * plane + p] - bg[c] / border) ** 2;
    dist[p] = Math.sqrt(q);
    max = Math.max(max, dist[p]);
  }
  const mask = dist.map((v) => (v > max / 2 ? 1 : 0));
  let area = 0;
  let mx = 0;
  let my = 0;
  mask.forEach((m, p) => {
    if (!m) return;
    area++;
    mx += p % s;
    my += Math.floor(p / s);
  });
  mx /= area;
  my /= area;
  const bins = new Array<number>(8).fill(0);
  let perimeter = 0;
  mask.forEach((m, p) => {
    if (!m) return;
    const x = p % s;
    const y = Math.floor(p / s);
    const r = Math.hypot(x - mx, y - my) / Math.sqrt(area);
    bins[Math.min(7, Math.floor((r * 8) / 1.2))] += 1 / area;
    const edge = x === 0 || y === 0 || x === s - 1 || y === s - 1;
    if (edge || !mask[p - 1] || !mask[p + 1] || !mask[p - s] || !mask[p + s]) perimeter++;
  });
  return [...bins, (perimeter * perimeter) / area / 20];
}

describe('generateShapes', () => {
  it('is deterministic under the seed; more examples keep the earlier ones', () => {
    const a = generateShapes({ count: 30, seed: 11 });
    const b = generateShapes({ count: 30, seed: 11 });
    expect(Buffer.from(a.images).equals(Buffer.from(b.images))).toBe(true);
    const c = generateShapes({ count: 30, seed: 12 });
    expect(Buffer.from(a.images).equals(Buffer.from(c.images))).toBe(false);
    const longer = generateShapes({ count: 50, seed: 11 });
    expect(Buffer.from(longer.images.subarray(0, a.images.length)).equals(a.images)).toBe(true);
  });

  it('has the requested shape, classes and balanced labels', () => {
    const d = generateShapes({ count: 40, seed: 1, classes: 4, size: 20, channels: 1 });
    expect([d.count, d.channels, d.height, d.width]).toEqual([40, 1, 20, 20]);
    expect(d.classNames).toEqual(SHAPE_KINDS.slice(0, 4));
    expect(classCounts(d)).toEqual([10, 10, 10, 10]);
    const picked = generateShapes({ count: 4, seed: 1, classes: ['star', 'ring'] });
    expect(picked.classNames).toEqual(['star', 'ring']);
    expect([...picked.labels]).toEqual([0, 1, 0, 1]);
    expect(() => generateShapes({ count: 1, seed: 1, classes: 11 })).toThrow(/2–10/);
    expect(() =>
      generateShapes({ count: 1, seed: 1, classes: ['circle', 'blob' as 'ring'] }),
    ).toThrow(/unknown kinds blob/);
  });

  it('draws a visible shape on every image: brightness contrast of at least 0.3', () => {
    // Without noise, the spread of brightness (BT.601 luma) over an image is the contrast
    // between shape and background, which the generator keeps ≥ 0.3 (76 of 255) so shapes stay
    // visible in grayscale too. A blank image, or one whose shape fell outside, has ~0.
    const d = generateShapes({ count: 300, seed: 2, noise: 0 });
    const size = exampleSize(d);
    let smallest = 255;
    for (let i = 0; i < d.count; i++) {
      const img = d.images.subarray(i * size, (i + 1) * size);
      let lo = 255;
      let hi = 0;
      for (let p = 0; p < 1024; p++) {
        const luma = 0.299 * img[p] + 0.587 * img[1024 + p] + 0.114 * img[2048 + p];
        lo = Math.min(lo, luma);
        hi = Math.max(hi, luma);
      }
      smallest = Math.min(smallest, hi - lo);
    }
    expect(smallest).toBeGreaterThan(70);
  });

  it('makes classes a simple shape descriptor tells apart far better than chance', () => {
    // Nearest class mean on rotation- and colour-invariant blob features: 10 classes, chance is
    // 10%. If the classes were not their shapes (or all looked alike) this would stay near 10%.
    const train = generateShapes({ count: 1000, seed: 1 });
    const test = generateShapes({ count: 500, seed: 2 });
    const classes = train.classNames.length;
    const means = Array.from({ length: classes }, () => new Array<number>(9).fill(0));
    const counts = classCounts(train);
    for (let i = 0; i < train.count; i++) {
      blobFeatures(train, i).forEach(
        (v, k) => (means[train.labels[i]][k] += v / counts[train.labels[i]]),
      );
    }
    let correct = 0;
    for (let i = 0; i < test.count; i++) {
      const f = blobFeatures(test, i);
      let best = -1;
      let bestDist = Infinity;
      means.forEach((m, c) => {
        const dist = m.reduce((s, v, k) => s + (v - f[k]) ** 2, 0);
        if (dist < bestDist) [bestDist, best] = [dist, c];
      });
      if (best === test.labels[i]) correct++;
    }
    expect(correct / test.count).toBeGreaterThan(0.6);
  });
});
