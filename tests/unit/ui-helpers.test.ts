// The UI's pure helpers: drawing examples to RGBA, picking preview examples, number formats,
// recognising picked dataset files.
import { describe, expect, it } from 'vitest';
import { encodeCifar10, encodeCifar100 } from '../../src/engine/data/cifar';
import { encodeIdxImages, encodeIdxLabels } from '../../src/engine/data/idx';
import { parseDatasetFiles } from '../../src/platform/dataset-files';
import { firstPerClass, stripToRgba } from '../../src/ui/data/draw';
import { formatBytes, formatCount, formatFlops, formatRate } from '../../src/ui/format';
import { trainingMemoryBytes } from '../../src/ui/builder/memory';

describe('stripToRgba', () => {
  it('lays grayscale and RGB examples side by side with a transparent gap', () => {
    const gray = [Uint8Array.from([10, 20, 30, 40]), Uint8Array.from([50, 60, 70, 80])];
    const s = stripToRgba(gray, 1, 2, 2, 1);
    expect([s.width, s.height]).toEqual([5, 2]);
    const px = (x: number, y: number) => [...s.data.subarray((y * 5 + x) * 4, (y * 5 + x) * 4 + 4)];
    expect(px(0, 0)).toEqual([10, 10, 10, 255]);
    expect(px(1, 1)).toEqual([40, 40, 40, 255]);
    expect(px(2, 0)).toEqual([0, 0, 0, 0]); // the gap
    expect(px(3, 0)).toEqual([50, 50, 50, 255]);
    // RGB: planes C, H, W.
    const rgb = Uint8Array.from([1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24]);
    const t = stripToRgba([rgb], 3, 2, 2);
    expect([...t.data.subarray(12, 16)]).toEqual([4, 14, 24, 255]);
  });

  it('finds the first n examples of each class', () => {
    const labels = Uint16Array.from([2, 0, 2, 1, 0, 2, 0]);
    expect(firstPerClass(labels, 4, 2)).toEqual([[1, 4], [3], [0, 2], []]);
  });
});

describe('formatting', () => {
  it('formats counts, FLOPs and bytes', () => {
    expect(formatCount(2416)).toBe('2,416');
    expect(formatCount(61706)).toBe('61.7K');
    expect(formatFlops(852370)).toBe('852 kFLOPs');
    expect(formatFlops(9553738)).toBe('9.55 MFLOPs');
    expect(formatFlops(784)).toBe('784 FLOPs');
    expect(formatBytes(512)).toBe('512 B');
    expect([0, 0.001, 0.01, 0.0003, 0.00125, 0.25].map(formatRate)).toEqual([
      '0', '0.001', '0.01', '3e−4', '1.3e−3', '0.25',
    ]); // prettier-ignore
    expect(formatBytes(3.5 * 1024 * 1024)).toBe('3.5 MiB');
  });

  it('estimates training memory from parameters, activations and batch', () => {
    // 4 bytes × (10 params × 4 values + 2 examples × (2 × 100 activations + 50 inputs))
    expect(trainingMemoryBytes(10, 100, 50, 2)).toBe(4 * (40 + 2 * 250));
  });
});

describe('parseDatasetFiles', () => {
  const pixels = new Uint8Array(4 * 3 * 3).fill(9);
  it('recognises an IDX pair whatever order and names', () => {
    const r = parseDatasetFiles([
      { name: 'a.bin', bytes: encodeIdxLabels([0, 1, 1, 0]) },
      { name: 'b.bin', bytes: encodeIdxImages(pixels, 4, 3, 3) },
    ]);
    expect(r.format).toBe('idx');
    expect(r.dataset).toMatchObject({ channels: 1, height: 3, width: 3, count: 4 });
  });

  it('recognises CIFAR-10 and CIFAR-100 batches by record size', () => {
    const img = new Uint8Array(2 * 3072).fill(1);
    const c10 = parseDatasetFiles([
      { name: 'data_batch_1.bin', bytes: encodeCifar10(img, [3, 7]) },
    ]);
    expect(c10.format).toBe('cifar10');
    expect(c10.dataset.classNames[c10.dataset.labels[0]]).toBe('cat');
    const c100 = parseDatasetFiles([
      { name: 'train.bin', bytes: encodeCifar100(img, [1, 2], [40, 50]) },
    ]);
    expect(c100.format).toBe('cifar100');
    expect(c100.dataset.count).toBe(2);
  });

  it('explains what it expected when the files are something else', () => {
    expect(() => parseDatasetFiles([{ name: 'notes.txt', bytes: new Uint8Array(10) }])).toThrow(
      /IDX images \+ labels pair .* CIFAR-10\/100/,
    );
    expect(() =>
      parseDatasetFiles([{ name: 'x', bytes: encodeIdxImages(pixels, 4, 3, 3) }]),
    ).toThrow(/exactly one images file and one labels file/);
  });
});
