import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASS_NAMES } from '../../src/engine/data/class-names';
import { classCounts } from '../../src/engine/data/dataset';
import { DatasetFormatError } from '../../src/engine/data/format-error';
import {
  encodeIdx,
  encodeIdxDataset,
  encodeIdxImages,
  encodeIdxLabels,
  parseIdx,
  parseIdxDataset,
} from '../../src/engine/data/idx';
import { fashionMnistFiles, loadFashionMnist, loadIdxDataset } from '../../src/platform/node-data';

/** An images file written byte by byte from the format description, not by encodeIdx. */
function handWrittenImages(count: number, h: number, w: number, pixels: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + pixels.length);
  out.set([0, 0, 8, 3]);
  const view = new DataView(out.buffer);
  view.setUint32(4, count);
  view.setUint32(8, h);
  view.setUint32(12, w);
  out.set(pixels, 16);
  return out;
}

const COUNT = 6;
const H = 3;
const W = 4;
const pixels = Uint8Array.from({ length: COUNT * H * W }, (_, i) => (i * 37) % 256);
const labels = [0, 1, 2, 0, 1, 2];

describe('IDX parser', () => {
  it('reads images and labels written from the format description', () => {
    const labelFile = Uint8Array.from([0, 0, 8, 1, 0, 0, 0, COUNT, ...labels]);
    const d = parseIdxDataset(handWrittenImages(COUNT, H, W, pixels), labelFile, { name: 'tiny' });
    expect(d).toMatchObject({ name: 'tiny', channels: 1, height: H, width: W, count: COUNT });
    expect([...d.images]).toEqual([...pixels]);
    expect([...d.labels]).toEqual(labels);
    expect(d.classNames).toEqual(['0', '1', '2']);
  });

  it('reads gzipped files and its own writer round-trips', () => {
    const images = encodeIdxImages(pixels, COUNT, H, W);
    expect([...images]).toEqual([...handWrittenImages(COUNT, H, W, pixels)]);
    const d = parseIdxDataset(gzipSync(images), gzipSync(encodeIdxLabels(labels)), {
      classNames: ['a', 'b', 'c', 'd'],
    });
    expect([...d.images]).toEqual([...pixels]);
    expect(d.classNames).toEqual(['a', 'b', 'c', 'd']);
    const again = encodeIdxDataset(d);
    expect([...again.images]).toEqual([...images]);
  });

  it('says when the two files are swapped (wrong magic numbers)', () => {
    const images = encodeIdxImages(pixels, COUNT, H, W);
    const lbl = encodeIdxLabels(labels);
    expect(() => parseIdxDataset(lbl, images)).toThrow(
      'images file: magic number 0x00000801 (ubyte, 1 dimension), expected 0x00000803 (ubyte, 3 dimensions) for images (N×H×W unsigned bytes)',
    );
    expect(() => parseIdxDataset(images, images)).toThrow(/labels file: magic number 0x00000803/);
  });

  it('rejects bytes that are not IDX at all', () => {
    const html = new TextEncoder().encode('<html>404 Not Found</html>');
    expect(() => parseIdx(html, 'download')).toThrow(
      /download: magic number 0x3c68746d is not IDX/,
    );
    expect(() => parseIdx(new Uint8Array([0, 0]))).toThrow(/too short/);
    const float = encodeIdx([2], new Uint8Array(2));
    float[2] = 0x0d;
    // Declared float32 values need 8 bytes; the type is reported by name.
    expect(() => parseIdx(float)).toThrow(/2 float32 values \(16 bytes\), file has only 10 bytes/);
  });

  it('reports truncated and over-long files with the byte counts', () => {
    const images = encodeIdxImages(pixels, COUNT, H, W);
    expect(() => parseIdxDataset(images.subarray(0, 50), encodeIdxLabels(labels))).toThrow(
      'images file: truncated: header declares 6×3×4 ubyte values (88 bytes), file has only 50 bytes',
    );
    const long = new Uint8Array(images.length + 3);
    long.set(images);
    expect(() => parseIdxDataset(long, encodeIdxLabels(labels))).toThrow(/3 extra bytes/);
    const gz = gzipSync(images);
    expect(() => parseIdxDataset(gz.subarray(0, gz.length - 10), encodeIdxLabels(labels))).toThrow(
      /images file: gzip data is corrupt or truncated/,
    );
  });

  it('rejects a count mismatch between images and labels', () => {
    expect(() =>
      parseIdxDataset(encodeIdxImages(pixels, COUNT, H, W), encodeIdxLabels([0, 1, 2])),
    ).toThrow('IDX count mismatch: images file has 6 images, labels file has 3 labels');
  });

  it('rejects labels outside the class names', () => {
    const bad = [0, 1, 2, 0, 7, 2];
    expect(() =>
      parseIdxDataset(encodeIdxImages(pixels, COUNT, H, W), encodeIdxLabels(bad), {
        classNames: ['a', 'b', 'c'],
      }),
    ).toThrow('labels file: label 7 at index 4 is outside [0, 3) for 3 class names');
    expect(() => encodeIdxLabels([300])).toThrow(/not a byte/);
  });

  it('transposes EMNIST-style images on request', () => {
    const one = Uint8Array.from([1, 2, 3, 4, 5, 6]); // 2 rows × 3 columns
    const d = parseIdxDataset(encodeIdxImages(one, 1, 2, 3), encodeIdxLabels([0]), {
      transpose: true,
    });
    expect([d.height, d.width]).toEqual([3, 2]);
    expect([...d.images]).toEqual([1, 4, 2, 5, 3, 6]);
  });
});

// The real Fashion-MNIST files from Debian's dataset-fashion-mnist (CI installs it).
const fashion = fashionMnistFiles();
const absent =
  'SKIPPED: /usr/share/datasets/fashion-mnist not found (sudo apt-get install dataset-fashion-mnist)';
if (!fashion) console.warn(absent);

describe.skipIf(!fashion)(`real Fashion-MNIST${fashion ? '' : ` (${absent})`}`, () => {
  it('parses the 10k test files: shape, balanced labels, plausible pixels', async () => {
    const d = await loadIdxDataset(fashion!.testImages, fashion!.testLabels, {
      classNames: FASHION_MNIST_CLASS_NAMES,
    });
    expect([d.count, d.channels, d.height, d.width]).toEqual([10000, 1, 28, 28]);
    // The published test set has exactly 1000 images of each class.
    expect(classCounts(d)).toEqual(new Array(10).fill(1000));
    const mean = d.images.reduce((a, b) => a + b, 0) / d.images.length / 255;
    expect(mean).toBeGreaterThan(0.25);
    expect(mean).toBeLessThan(0.32);
  });

  it('joins the 60k training and 10k test files with a stratified validation split', async () => {
    const { dataset, splits } = await loadFashionMnist({ validationFraction: 0.1, seed: 1 });
    expect(dataset.count).toBe(70000);
    expect(dataset.classNames[9]).toBe('Ankle boot');
    expect([splits.train.length, splits.validation.length, splits.test.length]).toEqual([
      54000, 6000, 10000,
    ]);
    // 6000 training images per class, 10% of each held out.
    expect(classCounts(dataset, splits.validation)).toEqual(new Array(10).fill(600));
    expect(splits.test[0]).toBe(60000);
  });

  it('rejects the truncated real file with its sizes', async () => {
    const { readFileSync } = await import('node:fs');
    const { gunzipSync } = await import('fflate');
    const raw = gunzipSync(readFileSync(fashion!.testImages));
    expect(() =>
      parseIdxDataset(raw.subarray(0, 1_000_000), readFileSync(fashion!.testLabels)),
    ).toThrow(
      'images file: truncated: header declares 10000×28×28 ubyte values (7840016 bytes), file has only 1000000 bytes',
    );
  });
});

it('DatasetFormatError is what parsers throw', () => {
  expect(() => parseIdx(new Uint8Array(3))).toThrow(DatasetFormatError);
});
