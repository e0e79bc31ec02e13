import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../../src/engine/data/format-error';
import {
  groupByClassFolder,
  isSystemFile,
  isZipBytes,
  listZipEntries,
  sniffImageType,
} from '../../src/engine/data/image-folder';

describe('groupByClassFolder', () => {
  it('takes the class from the parent folder, at any depth, sorted naturally', () => {
    const g = groupByClassFolder([
      'pets/dog/b.png',
      'pets/cat/a.JPG',
      'pets/dog/a.webp',
      'deep/er/train/class10/x.gif',
      'deep/er/test/class2/y.jpeg',
      'other\\cat\\c.png',
    ]);
    expect(g.classNames).toEqual(['cat', 'class2', 'class10', 'dog']);
    expect(g.files.map((f) => [f.path, g.classNames[f.classIndex]])).toEqual([
      ['other\\cat\\c.png', 'cat'],
      ['pets/cat/a.JPG', 'cat'],
      ['deep/er/test/class2/y.jpeg', 'class2'],
      ['deep/er/train/class10/x.gif', 'class10'],
      ['pets/dog/a.webp', 'dog'],
      ['pets/dog/b.png', 'dog'],
    ]);
    expect(g.skipped).toEqual([]);
  });

  it('skips unusable files with reasons and ignores system clutter', () => {
    const g = groupByClassFolder([
      'root.png',
      'cats/notes.txt',
      'cats/README',
      'cats/ok.png',
      '__MACOSX/cats/._ok.png',
      'cats/.DS_Store',
      'cats/Thumbs.db',
      '/cats/abs.png',
    ]);
    expect(g.classNames).toEqual(['cats']);
    expect(g.files.map((f) => f.path)).toEqual(['/cats/abs.png', 'cats/ok.png']);
    expect(g.skipped).toEqual([
      { path: 'root.png', reason: 'not inside a class folder (put each class in its own folder)' },
      {
        path: 'cats/notes.txt',
        reason: 'unsupported file type .txt (images must be png, jpg, jpeg, webp, gif)',
      },
      {
        path: 'cats/README',
        reason: 'no file extension (images must be png, jpg, jpeg, webp, gif)',
      },
    ]);
    expect(g.ignored).toEqual(['__MACOSX/cats/._ok.png', 'cats/.DS_Store', 'cats/Thumbs.db']);
    expect(isSystemFile('a/.hidden/x.png')).toBe(true);
    expect(isSystemFile('a/b/x.png')).toBe(false);
  });
});

describe('sniffImageType and zip reading', () => {
  it('recognises image signatures regardless of name', () => {
    expect(sniffImageType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      'png',
    );
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageType(strToU8('GIF89a......'))).toBe('gif');
    expect(sniffImageType(strToU8('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('webp');
    expect(sniffImageType(strToU8('RIFF\x10\x00\x00\x00WAVEfmt '))).toBeNull();
    expect(sniffImageType(strToU8('<html>'))).toBeNull();
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
  });

  it('lists a zip’s files under a prefix, skipping folders and clutter', () => {
    const zip = zipSync({
      'cat/a.png': strToU8('A'),
      'dog/': {},
      'dog/b.png': [strToU8('BB'), { level: 0 }],
      '__MACOSX/dog/._b.png': strToU8('x'),
      '.DS_Store': strToU8('x'),
    });
    expect(isZipBytes(zip)).toBe(true);
    const entries = listZipEntries(zip, 'pets');
    expect(entries.map((e) => [e.path, e.bytes.length]).sort()).toEqual([
      ['pets/cat/a.png', 1],
      ['pets/dog/b.png', 2],
    ]);
  });

  it('reports an unreadable archive as a format error', () => {
    const zip = zipSync({ 'cat/a.png': strToU8('A'.repeat(1000)) });
    const broken = zip.slice(0, zip.length - 30);
    expect(() => listZipEntries(broken)).toThrow(DatasetFormatError);
    expect(() => listZipEntries(broken)).toThrow(/not a readable zip archive \(\d+ bytes\)/);
    expect(isZipBytes(strToU8('hello'))).toBe(false);
  });
});
