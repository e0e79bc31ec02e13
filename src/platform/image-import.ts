// Builds a dataset from the user's own pictures in the browser: a dropped folder with one
// sub-folder per class, a folder picked with <input webkitdirectory>, or .zip archives of the
// same. Decoding uses createImageBitmap and OffscreenCanvas, which exist in pages and in Web
// Workers alike, so this can run off the UI thread. Everything that is not decoding (class
// folders, skip rules, zip reading, crop and resize) is pure engine code tested in Node.
//
// One bad file never fails the import: it goes to `skipped` with the reason, and the rest load.
import type { ImageDataset } from '../engine/data/dataset';
import { checkDataset } from '../engine/data/dataset';
import type { SkippedFile } from '../engine/data/image-folder';
import {
  groupByClassFolder,
  isZipBytes,
  isZipPath,
  listZipEntries,
  sniffImageType,
} from '../engine/data/image-folder';
import type { FitMode, RgbaImage } from '../engine/data/image-resize';
import { centerCropRect, rgbaToExample } from '../engine/data/image-resize';

/** One input file: its path relative to what was dropped (with folders) and its contents. */
export interface ImportEntry {
  readonly path: string;
  readonly data: Uint8Array | Blob;
}

export interface ImportOptions {
  /** Side of the square examples, or explicit width and height. */
  size: number | { width: number; height: number };
  /** 1 = grayscale, 3 = RGB. */
  channels: 1 | 3;
  /** 'crop' (default) keeps the aspect ratio; 'stretch' squeezes the whole picture in. */
  fit?: FitMode;
  name?: string;
  /** Called after each file with (files done, files in total). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface ImportResult {
  readonly dataset: ImageDataset;
  /** Examples per class, in classNames order. */
  readonly counts: number[];
  /** Files left out, with why. */
  readonly skipped: SkippedFile[];
  /** System clutter dropped without comment (__MACOSX, .DS_Store, ...). */
  readonly ignored: string[];
  /** Class folders left out because none of their files could be used. */
  readonly emptyClasses: string[];
}

async function bytesOf(data: Uint8Array | Blob): Promise<Uint8Array> {
  return data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
}

/**
 * Replaces every .zip entry by the files inside it, under a folder named after the archive
 * ("cats.zip" holding "a.png" gives "cats/a.png"), so dropping one zip per class works too.
 */
export async function expandZipEntries(
  entries: readonly ImportEntry[],
): Promise<{ entries: ImportEntry[]; skipped: SkippedFile[] }> {
  const out: ImportEntry[] = [];
  const skipped: SkippedFile[] = [];
  for (const entry of entries) {
    if (!isZipPath(entry.path)) {
      out.push(entry);
      continue;
    }
    const bytes = await bytesOf(entry.data);
    if (!isZipBytes(bytes)) {
      skipped.push({ path: entry.path, reason: 'named .zip but is not a zip archive' });
      continue;
    }
    try {
      const prefix = entry.path.replace(/\.zip$/i, '');
      for (const f of listZipEntries(bytes, prefix)) out.push({ path: f.path, data: f.bytes });
    } catch (e) {
      skipped.push({ path: entry.path, reason: (e as Error).message });
    }
  }
  return { entries: out, skipped };
}

/**
 * Pictures far larger than the target are first reduced by the browser (to twice the target
 * size), so a 12-megapixel photo does not become a 48 MB RGBA array just to be averaged down.
 * The crop is applied in the same step so the pure resize sees exactly the region it would have.
 */
const PRESCALE_FACTOR = 4;

async function decodeToRgba(
  blob: Blob,
  width: number,
  height: number,
  fit: FitMode,
): Promise<{ image: RgbaImage; fit: FitMode }> {
  const bitmap = await createImageBitmap(blob);
  let source: ImageBitmap = bitmap;
  let effectiveFit = fit;
  try {
    const rect =
      fit === 'stretch'
        ? { x: 0, y: 0, width: bitmap.width, height: bitmap.height }
        : centerCropRect(bitmap.width, bitmap.height, width, height);
    if (rect.width > PRESCALE_FACTOR * width && rect.height > PRESCALE_FACTOR * height) {
      source = await createImageBitmap(
        bitmap,
        Math.round(rect.x),
        Math.round(rect.y),
        Math.round(rect.width),
        Math.round(rect.height),
        { resizeWidth: 2 * width, resizeHeight: 2 * height, resizeQuality: 'high' },
      );
      // Already cropped to the target's aspect ratio: the remaining resize is a plain one.
      effectiveFit = 'stretch';
    }
    const canvas = new OffscreenCanvas(source.width, source.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas context available');
    ctx.drawImage(source, 0, 0);
    const data = ctx.getImageData(0, 0, source.width, source.height).data;
    return { image: { width: source.width, height: source.height, data }, fit: effectiveFit };
  } finally {
    if (source !== bitmap) source.close();
    bitmap.close();
  }
}

/** Builds a dataset from image files in class folders (and zips of them). */
export async function importImages(
  input: readonly ImportEntry[],
  opts: ImportOptions,
): Promise<ImportResult> {
  const width = typeof opts.size === 'number' ? opts.size : opts.size.width;
  const height = typeof opts.size === 'number' ? opts.size : opts.size.height;
  if (![width, height].every((n) => Number.isInteger(n) && n >= 1 && n <= 1024)) {
    throw new Error(`Import size must be whole pixels in [1, 1024], got ${width}×${height}`);
  }
  const fit = opts.fit ?? 'crop';
  const { entries, skipped } = await expandZipEntries(input);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const grouping = groupByClassFolder(entries.map((e) => e.path));
  skipped.push(...grouping.skipped);

  const exampleBytes = opts.channels * width * height;
  const decoded: { pixels: Uint8Array; classIndex: number }[] = [];
  const total = grouping.files.length;
  for (let i = 0; i < total; i++) {
    opts.signal?.throwIfAborted();
    const file = grouping.files[i];
    const entry = byPath.get(file.path)!;
    try {
      const bytes = await bytesOf(entry.data);
      const type = sniffImageType(bytes);
      if (!type) {
        skipped.push({
          path: file.path,
          reason: `not a PNG, JPEG, GIF or WebP image (${bytes.length} bytes; corrupt or mislabelled)`,
        });
        continue;
      }
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: `image/${type}` });
      const { image, fit: effectiveFit } = await decodeToRgba(blob, width, height, fit);
      const pixels = rgbaToExample(image, {
        width,
        height,
        channels: opts.channels,
        fit: effectiveFit,
      });
      decoded.push({ pixels, classIndex: file.classIndex });
    } catch (e) {
      skipped.push({
        path: file.path,
        reason: `could not decode image (corrupt or unsupported): ${(e as Error).message ?? e}`,
      });
    } finally {
      opts.onProgress?.(i + 1, total);
    }
  }

  // Renumber classes so that folders with no usable image do not become empty classes.
  const used = [...new Set(decoded.map((d) => d.classIndex))].sort((a, b) => a - b);
  const newIndex = new Map(used.map((old, i) => [old, i]));
  const classNames = used.map((old) => grouping.classNames[old]);
  const emptyClasses = grouping.classNames.filter((_, i) => !newIndex.has(i));
  const images = new Uint8Array(decoded.length * exampleBytes);
  const labels = new Uint16Array(decoded.length);
  const counts = new Array<number>(classNames.length).fill(0);
  decoded.forEach((d, i) => {
    images.set(d.pixels, i * exampleBytes);
    labels[i] = newIndex.get(d.classIndex)!;
    counts[labels[i]]++;
  });
  const dataset: ImageDataset = {
    name: opts.name ?? 'My images',
    channels: opts.channels,
    height,
    width,
    classNames,
    count: decoded.length,
    images,
    labels,
  };
  checkDataset(dataset);
  return { dataset, counts, skipped, ignored: grouping.ignored, emptyClasses };
}

/**
 * Entries from an <input type="file" webkitdirectory> (paths from webkitRelativePath) or a
 * multi-file input (bare names; zips then carry the folders).
 */
export function entriesFromFiles(files: Iterable<File>): ImportEntry[] {
  return [...files].map((f) => ({ path: f.webkitRelativePath || f.name, data: f }));
}

/**
 * Entries from a drop event's DataTransfer, walking dropped folders recursively. Call it inside
 * the drop handler itself: the browser empties the DataTransfer once the handler returns, so the
 * entries are taken synchronously here and only read afterwards.
 */
export async function entriesFromDataTransfer(dt: DataTransfer): Promise<ImportEntry[]> {
  const roots: FileSystemEntry[] = [];
  for (const item of Array.from(dt.items)) {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry() : null;
    if (entry) roots.push(entry);
  }
  const out: ImportEntry[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) =>
        (entry as FileSystemFileEntry).file(resolve, reject),
      );
      out.push({ path, data: file });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns the listing in chunks (about 100 at a time in Chrome) until empty.
    for (;;) {
      const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) =>
        reader.readEntries(resolve, reject),
      );
      if (chunk.length === 0) break;
      for (const child of chunk) await walk(child, path);
    }
  };
  for (const root of roots) await walk(root, '');
  return out;
}
