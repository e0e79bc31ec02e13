// Runs in real headless Chromium: the importer's decoding goes through the browser's own
// createImageBitmap and OffscreenCanvas, exactly as in the app.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ImportEntry } from '../../src/platform/image-import';
import { importImages } from '../../src/platform/image-import';

type Paint = (ctx: OffscreenCanvasRenderingContext2D, w: number, h: number) => void;

async function encode(
  w: number,
  h: number,
  type: string,
  paint: Paint,
): Promise<Uint8Array<ArrayBuffer>> {
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d')!;
  paint(ctx, w, h);
  const blob = await canvas.convertToBlob({ type, quality: 0.95 });
  return new Uint8Array(await blob.arrayBuffer());
}

const solid =
  (colour: string): Paint =>
  (ctx, w, h) => {
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, w, h);
  };

/** Left half black, right half white. */
const halves: Paint = (ctx, w, h) => {
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, w / 2, h);
  ctx.fillStyle = '#fff';
  ctx.fillRect(w / 2, 0, w / 2, h);
};

/** A 1×1 GIF whose only pixel is pure red, written out from the GIF89a layout. */
const RED_GIF = Uint8Array.from([
  0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0x80, 0, 0, 0xff, 0, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0,
  1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3b,
]);

const S = 16;
const at = (img: Uint8Array, c: number, y: number, x: number): number => img[c * S * S + y * S + x];

async function buildEntries(): Promise<ImportEntry[]> {
  const png = (w: number, h: number, p: Paint) => encode(w, h, 'image/png', p);
  const greenZip = zipSync({
    'g1.png': await png(40, 20, solid('#00ff00')),
    'g2.webp': await encode(24, 24, 'image/webp', solid('#00ff00')),
    // Large enough to take the browser pre-scaling path (crop 300×300 > 4 × 16).
    'g3-big.png': await png(400, 300, solid('#00ff00')),
    '__MACOSX/._g1.png': strToU8('resource fork'),
  });
  const moreZip = zipSync({ 'red/r-in-zip.png': await png(10, 10, solid('#ff0000')) });
  const goodPng = await png(8, 8, solid('#0000ff'));
  // A real PNG signature followed by garbage: passes sniffing, fails in the decoder.
  const truncatedPng = goodPng.slice(0, 20);
  return [
    { path: 'set/red/r1.png', data: await png(30, 20, solid('#ff0000')) },
    {
      path: 'set/red/r2.jpg',
      data: new File([await encode(20, 20, 'image/jpeg', solid('#ff0000'))], 'r2.jpg'),
    },
    { path: 'set/red/r3.gif', data: RED_GIF },
    { path: 'set/blue/b1.png', data: goodPng },
    { path: 'set/blue/halves.png', data: await png(400, 100, halves) },
    {
      path: 'set/blue/corrupt.png',
      data: Uint8Array.from({ length: 300 }, (_, i) => (i * 7919) % 256),
    },
    { path: 'set/blue/truncated.png', data: truncatedPng },
    { path: 'set/notes.txt', data: strToU8('hello') },
    { path: 'set/.DS_Store', data: strToU8('x') },
    { path: 'green.zip', data: new Blob([greenZip]) },
    { path: 'more.zip', data: moreZip },
    { path: 'broken.zip', data: moreZip.slice(0, moreZip.length - 40) },
  ];
}

describe('importImages (real browser decoding)', () => {
  it('builds a dataset from class folders and zips, skipping bad files with reasons', async () => {
    const entries = await buildEntries();
    const progress: number[] = [];
    const result = await importImages(entries, {
      size: S,
      channels: 3,
      name: 'mine',
      onProgress: (done) => progress.push(done),
    });
    const { dataset } = result;
    expect(dataset.name).toBe('mine');
    expect(dataset.classNames).toEqual(['blue', 'green', 'red']);
    expect(result.counts).toEqual([2, 3, 4]);
    expect([dataset.count, dataset.channels, dataset.height, dataset.width]).toEqual([9, 3, S, S]);
    expect(progress.at(-1)).toBe(11); // every image-like file was attempted

    const skipped = Object.fromEntries(result.skipped.map((s) => [s.path, s.reason]));
    expect(Object.keys(skipped).sort()).toEqual([
      'broken.zip',
      'set/blue/corrupt.png',
      'set/blue/truncated.png',
      'set/notes.txt',
    ]);
    expect(skipped['set/blue/corrupt.png']).toMatch(/not a PNG, JPEG, GIF or WebP image/);
    expect(skipped['set/blue/truncated.png']).toMatch(/could not decode image/);
    expect(skipped['set/notes.txt']).toMatch(/unsupported file type \.txt/);
    expect(skipped['broken.zip']).toMatch(/not a readable zip archive/);
    expect(result.ignored).toEqual(['set/.DS_Store']);
    expect(result.emptyClasses).toEqual([]);

    // Examples are ordered by class, then path: blue/b1, blue/halves, green/g1, g2, g3-big,
    // more/red/r-in-zip, set/red/r1, r2 (JPEG), r3 (GIF).
    const size = 3 * S * S;
    const example = (i: number) => dataset.images.subarray(i * size, (i + 1) * size);
    expect([...dataset.labels]).toEqual([0, 0, 1, 1, 1, 2, 2, 2, 2]);
    // Lossless solid colours come through exactly, every pixel.
    const exact = (i: number, rgb: number[]) =>
      rgb.forEach((v, c) =>
        expect([...new Set(example(i).subarray(c * S * S, (c + 1) * S * S))]).toEqual([v]),
      );
    exact(0, [0, 0, 255]);
    exact(2, [0, 255, 0]);
    exact(4, [0, 255, 0]); // through the pre-scaling path
    exact(5, [255, 0, 0]);
    exact(6, [255, 0, 0]);
    exact(8, [255, 0, 0]); // the GIF
    // JPEG and WebP are lossy: close to the colour.
    for (const [i, rgb] of [
      [7, [255, 0, 0]],
      [3, [0, 255, 0]],
    ] as const) {
      for (let c = 0; c < 3; c++)
        expect(Math.abs(at(example(i), c, 8, 8) - rgb[c])).toBeLessThan(12);
    }
    // The 400×100 halves picture is centre-cropped to its middle 100×100 (pre-scaled too):
    // black on the left, white on the right.
    const halvesImg = example(1);
    expect(at(halvesImg, 0, 8, 2)).toBeLessThan(10);
    expect(at(halvesImg, 1, 8, 13)).toBeGreaterThan(245);
  });

  it('imports in grayscale with the luma of the colour, and reports empty classes', async () => {
    const red = await encode(12, 12, 'image/png', solid('#ff0000'));
    const result = await importImages(
      [
        { path: 'a/red.png', data: red },
        { path: 'b/bad.png', data: strToU8('not an image') },
      ],
      { size: { width: 8, height: 6 }, channels: 1 },
    );
    expect(result.dataset.classNames).toEqual(['a']);
    expect(result.emptyClasses).toEqual(['b']);
    expect([result.dataset.height, result.dataset.width]).toEqual([6, 8]);
    expect([...new Set(result.dataset.images)]).toEqual([Math.round(0.299 * 255)]);
    expect(result.skipped.map((s) => s.path)).toEqual(['b/bad.png']);
  });
});
