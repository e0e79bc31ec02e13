// Browser loaders: fetch dataset files by URL and hand the bytes to the engine's parsers. Works
// in the page and in Web Workers. Gzipped files are recognised by their content, whether or not
// the server already undid the compression (Content-Encoding: gzip), so ".gz" URLs just work.
import type { Cifar10Options, Cifar100Options } from '../engine/data/cifar';
import { parseCifar10, parseCifar100 } from '../engine/data/cifar';
import type { ImageDataset } from '../engine/data/dataset';
import type { IdxDatasetOptions } from '../engine/data/idx';
import { parseIdxDataset } from '../engine/data/idx';
import type { MnistBundle } from '../engine/data/mnist-bundle';
import { MNIST_BUNDLE_FILE, parseMnistBundle } from '../engine/data/mnist-bundle';

export interface FetchOptions {
  signal?: AbortSignal;
  /** Bytes received so far and the total, when the server says it (else null). */
  onProgress?: (received: number, total: number | null) => void;
}

/** Fetches a URL into memory, reporting progress as the body streams in. */
export async function fetchBytes(url: string, opts: FetchOptions = {}): Promise<Uint8Array> {
  const response = await fetch(url, { signal: opts.signal });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  const header = response.headers.get('content-length');
  // With Content-Encoding the length counts compressed bytes, not what the body stream yields.
  const total = header && !response.headers.get('content-encoding') ? Number(header) : null;
  if (!response.body || !opts.onProgress) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    opts.onProgress(received, total);
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** The URL the app serves the bundled MNIST file from (public/data/ under Vite's base). */
export function bundledMnistUrl(): string {
  return `${import.meta.env.BASE_URL}data/${MNIST_BUNDLE_FILE}`;
}

/** Loads the bundled 10k MNIST subset with its fixed 8000/1000/1000 split. */
export async function fetchMnistBundle(
  opts: FetchOptions & { url?: string } = {},
): Promise<MnistBundle> {
  return parseMnistBundle(await fetchBytes(opts.url ?? bundledMnistUrl(), opts));
}

/** Loads an IDX images + labels pair by URL (gzipped or not). */
export async function fetchIdxDataset(
  imagesUrl: string,
  labelsUrl: string,
  opts: IdxDatasetOptions & FetchOptions = {},
): Promise<ImageDataset> {
  const [images, labels] = await Promise.all([
    fetchBytes(imagesUrl, opts),
    fetchBytes(labelsUrl, { signal: opts.signal }),
  ]);
  return parseIdxDataset(images, labels, opts);
}

/** Loads CIFAR-10 binary batch files by URL. */
export async function fetchCifar10(
  urls: readonly string[],
  opts: Cifar10Options & FetchOptions = {},
): Promise<ImageDataset> {
  const files = await Promise.all(urls.map((u) => fetchBytes(u, { signal: opts.signal })));
  return parseCifar10(files, opts);
}

/** Loads CIFAR-100 binary files by URL. */
export async function fetchCifar100(
  urls: readonly string[],
  opts: Cifar100Options & FetchOptions = {},
): Promise<ImageDataset> {
  const files = await Promise.all(urls.map((u) => fetchBytes(u, { signal: opts.signal })));
  return parseCifar100(files, opts);
}
