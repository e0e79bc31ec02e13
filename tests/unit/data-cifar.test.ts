import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  encodeCifar10,
  encodeCifar100,
  parseCifar10,
  parseCifar100,
} from '../../src/engine/data/cifar';
import { parseClassNamesText } from '../../src/engine/data/class-names';

const PLANE = 32 * 32;

/**
 * A CIFAR-10 record built from the format description: label byte, then red, green and blue
 * planes. Pixel (y, x) of channel c holds a value derived from (record, c, y, x), so a mix-up
 * of planes, rows or records changes some byte.
 */
function pixel(r: number, c: number, y: number, x: number): number {
  return (r * 53 + c * 101 + y * 7 + x * 3) % 256;
}

function handRecords(labels: number[][]): Uint8Array {
  const labelBytes = labels[0].length;
  const size = labelBytes + 3 * PLANE;
  const out = new Uint8Array(labels.length * size);
  labels.forEach((ls, r) => {
    out.set(ls, r * size);
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          out[r * size + labelBytes + c * PLANE + y * 32 + x] = pixel(r, c, y, x);
        }
      }
    }
  });
  return out;
}

describe('CIFAR-10', () => {
  const file = handRecords([[3], [9], [0]]);

  it('parses records into CHW images, labels and the default class names', () => {
    const d = parseCifar10(file);
    expect([d.count, d.channels, d.height, d.width]).toEqual([3, 3, 32, 32]);
    expect([...d.labels]).toEqual([3, 9, 0]);
    expect(d.classNames[3]).toBe('cat');
    expect(d.classNames[9]).toBe('truck');
    for (const [r, c, y, x] of [
      [0, 0, 0, 0],
      [1, 2, 31, 5],
      [2, 1, 17, 30],
    ]) {
      expect(d.images[r * 3 * PLANE + c * PLANE + y * 32 + x]).toBe(pixel(r, c, y, x));
    }
  });

  it('concatenates several batch files and reads gzip; the writer matches the format', () => {
    const d = parseCifar10([file, gzipSync(handRecords([[5]]))]);
    expect([...d.labels]).toEqual([3, 9, 0, 5]);
    const single = parseCifar10(file);
    expect([...encodeCifar10(single.images, single.labels)]).toEqual([...file]);
  });

  it('rejects a length that is not a whole number of records', () => {
    expect(() => parseCifar10(file.subarray(0, file.length - 100))).toThrow(
      'CIFAR-10 batch: 9119 bytes is not a whole number of 3073-byte records (2 records + 2973 bytes)',
    );
    expect(() => parseCifar10([file, file.subarray(0, 5)])).toThrow(/CIFAR-10 batch 2: 5 bytes/);
    expect(() => parseCifar10(new Uint8Array(0))).toThrow(/0 bytes/);
  });

  it('rejects labels outside the classes, with the record number', () => {
    expect(() => parseCifar10(handRecords([[1], [10]]))).toThrow(
      'CIFAR-10: label 10 of record 1 is outside [0, 10) (byte offset 3073)',
    );
    expect(() => parseCifar10(handRecords([[4]]), { classNames: ['a', 'b'] })).toThrow(
      /label 4 of record 0 is outside \[0, 2\)/,
    );
  });

  it('does not accept a CIFAR-100 file as CIFAR-10', () => {
    expect(() =>
      parseCifar10(
        handRecords([
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
      ),
    ).toThrow(/not a whole number of 3073-byte records/);
  });
});

describe('CIFAR-100', () => {
  // (coarse, fine) pairs.
  const file = handRecords([
    [4, 30],
    [19, 99],
    [0, 0],
  ]);

  it('uses the fine labels by default', () => {
    const d = parseCifar100(file);
    expect([...d.labels]).toEqual([30, 99, 0]);
    expect(d.classNames).toHaveLength(100);
    expect(d.classNames[30]).toBe('dolphin');
    expect(d.images[1 * 3 * PLANE + 2 * PLANE + 4 * 32 + 7]).toBe(pixel(1, 2, 4, 7));
  });

  it('uses the coarse labels on request', () => {
    const d = parseCifar100(file, { labels: 'coarse' });
    expect([...d.labels]).toEqual([4, 19, 0]);
    expect(d.classNames).toHaveLength(20);
    expect(d.classNames[4]).toBe('fruit_and_vegetables');
    expect([...encodeCifar100(d.images, [4, 19, 0], [30, 99, 0])]).toEqual([...file]);
  });

  it('checks both label bytes and the record length', () => {
    expect(() => parseCifar100(handRecords([[0, 100]]))).toThrow(
      'CIFAR-100 (fine labels): label 100 of record 0 is outside [0, 100) (byte offset 1)',
    );
    expect(() => parseCifar100(handRecords([[20, 5]]))).toThrow(
      'CIFAR-100: coarse label 20 of record 0 is outside [0, 20)',
    );
    expect(() => parseCifar100(handRecords([[3], [4]]))).toThrow(/3074-byte records/);
  });

  it('reads label-name text files', () => {
    expect(parseClassNamesText('apple\r\naquarium_fish\n\n')).toEqual(['apple', 'aquarium_fish']);
  });
});
