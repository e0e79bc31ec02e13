// The platform-independent half of "make a dataset from my own images": deciding which file
// belongs to which class, which files to skip and why, and reading zip archives. The browser
// importer (src/platform/image-import.ts) adds only the decoding of image bytes into pixels.
//
// Layout convention (the one most image-classification tools use): every image sits in a folder
// named after its class, e.g. "pets/cat/001.jpg" and "pets/dog/xyz.png". The class is the
// image's immediate parent folder, so it does not matter how deep the dropped folder or the zip
// nests them, and "train/cat/..." plus "test/cat/..." both land in class "cat".
import { unzipSync } from 'fflate';
import { DatasetFormatError } from './format-error';

export const IMAGE_EXTENSIONS: readonly string[] = ['png', 'jpg', 'jpeg', 'webp', 'gif'];

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface ClassFile {
  readonly path: string;
  readonly classIndex: number;
}

export interface ClassGrouping {
  /** Class names (folder names), sorted with numbers in numeric order ("2" before "10"). */
  readonly classNames: string[];
  /** Usable files, sorted by class, then by path. */
  readonly files: ClassFile[];
  /** Files that cannot be used, each with the reason, in input order. */
  readonly skipped: SkippedFile[];
  /** Operating-system clutter dropped silently (__MACOSX/, .DS_Store, Thumbs.db, dotfiles). */
  readonly ignored: string[];
}

/** Forward slashes, no leading "./" or "/": zips, dropped folders and Windows agree. */
export function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');
}

/** Files that operating systems and archivers add, which no user thinks of as data. */
export function isSystemFile(path: string): boolean {
  const parts = normalizePath(path).split('/');
  const name = parts[parts.length - 1];
  return (
    parts.some((p) => p === '__MACOSX' || (p.startsWith('.') && p.length > 1)) ||
    /^(thumbs\.db|desktop\.ini)$/i.test(name)
  );
}

/** Lower-case extension without the dot, or "" when there is none. */
export function extensionOf(path: string): string {
  const name = normalizePath(path).split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function isZipPath(path: string): boolean {
  return extensionOf(path) === 'zip';
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Assigns each image path a class from its parent folder; lists what cannot be used. */
export function groupByClassFolder(paths: readonly string[]): ClassGrouping {
  const skipped: SkippedFile[] = [];
  const ignored: string[] = [];
  const usable: { path: string; className: string }[] = [];
  for (const raw of paths) {
    const path = normalizePath(raw);
    if (isSystemFile(path)) {
      ignored.push(raw);
      continue;
    }
    const parts = path.split('/');
    const ext = extensionOf(path);
    if (!IMAGE_EXTENSIONS.includes(ext)) {
      skipped.push({
        path: raw,
        reason: ext
          ? `unsupported file type .${ext} (images must be ${IMAGE_EXTENSIONS.join(', ')})`
          : `no file extension (images must be ${IMAGE_EXTENSIONS.join(', ')})`,
      });
      continue;
    }
    if (parts.length < 2 || parts[parts.length - 2] === '') {
      skipped.push({
        path: raw,
        reason: 'not inside a class folder (put each class in its own folder)',
      });
      continue;
    }
    usable.push({ path: raw, className: parts[parts.length - 2] });
  }
  const classNames = [...new Set(usable.map((u) => u.className))].sort(collator.compare);
  const classIndex = new Map(classNames.map((n, i) => [n, i]));
  const files = usable
    .map((u) => ({ path: u.path, classIndex: classIndex.get(u.className)! }))
    .sort((a, b) => a.classIndex - b.classIndex || collator.compare(a.path, b.path));
  return { classNames, files, skipped, ignored };
}

export type ImageType = 'png' | 'jpeg' | 'gif' | 'webp';

/**
 * The image type from the file's first bytes, or null. Extensions lie (a .png that is really a
 * JPEG decodes fine; a .jpg that is an HTML error page does not); this tells the two apart so the
 * skip reason can say which it is.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return 'png';
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) {
    return 'gif';
  }
  const ascii = (at: number, s: string): boolean =>
    [...s].every((ch, i) => b[at + i] === ch.charCodeAt(0));
  if (b.length >= 12 && ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  return null;
}

/** True when the bytes start like a zip archive (local file header "PK\x03\x04"). */
export function isZipBytes(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4
  );
}

export interface ZipEntry {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * The files (not folders) in a zip archive, their paths prefixed by `prefix` + "/" when given.
 * System clutter is not even decompressed. Throws DatasetFormatError when the archive itself
 * cannot be read.
 */
export function listZipEntries(zip: Uint8Array, prefix = ''): ZipEntry[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, { filter: (f) => !f.name.endsWith('/') && !isSystemFile(f.name) });
  } catch (e) {
    throw new DatasetFormatError(
      `not a readable zip archive (${zip.length} bytes): ${(e as Error).message ?? String(e)}`,
      { cause: e },
    );
  }
  const lead = prefix ? `${normalizePath(prefix)}/` : '';
  return Object.entries(files).map(([name, bytes]) => ({
    path: lead + normalizePath(name),
    bytes,
  }));
}
