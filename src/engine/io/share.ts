// Share links: a network, its training settings, the dataset and the seed packed into a short
// URL-safe string for the page's #hash. No weights: the receiver retrains from the same seed.
//
// Encoding: "<version>." + base64url(zlib(JSON)). zlib (deflate plus an Adler-32 checksum) rather
// than raw deflate so that a link that was mistyped, cut off or edited is recognised as such
// instead of decoding to something else. The outer version says how to decode the bytes; the
// JSON carries its own `v` for its fields, so either can change without guessing.
import { unzlibSync, zlibSync } from 'fflate';
import { parseNetworkSpec, SpecError, type NetworkSpec } from '../spec';

export const SHARE_VERSION = 1;
const PREFIX = `${SHARE_VERSION}.`;
/** Links longer than this are refused before decoding (browsers cap URLs near 64K anyway). */
const MAX_LINK_CHARS = 64 * 1024;
/** Decompressed JSON larger than this is refused (a small link could inflate enormously). */
const MAX_JSON_BYTES = 1024 * 1024;

export interface ShareState {
  readonly spec: NetworkSpec;
  /** Training settings as the UI keeps them; carried verbatim. */
  readonly training: Readonly<Record<string, unknown>>;
  /** Which dataset to train on (an id the UI understands, e.g. "mnist"). */
  readonly dataset: string;
  readonly seed: number;
}

export class ShareLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareLinkError';
  }
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64URL_INDEX = new Map([...BASE64URL].map((ch, i) => [ch, i]));

/** RFC 4648 §5 base64url without padding (`=` would need escaping in a URL). */
export function base64UrlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += BASE64URL[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

export function base64UrlDecode(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new ShareLinkError('the link is cut off (incomplete encoding)');
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const v = BASE64URL_INDEX.get(text[i]);
    if (v === undefined) {
      throw new ShareLinkError(
        `the link contains ${JSON.stringify(text[i])} at position ${i}, which a share link never does`,
      );
    }
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The string to put after `#` (or in a query parameter): URL-safe as it stands. */
export function encodeShareLink(state: ShareState): string {
  const json = JSON.stringify({
    v: SHARE_VERSION,
    spec: state.spec,
    training: state.training,
    dataset: state.dataset,
    seed: state.seed,
  });
  return PREFIX + base64UrlEncode(zlibSync(new TextEncoder().encode(json), { level: 9 }));
}

/** Reads a link made by encodeShareLink; every way it can be broken has its own message. */
export function decodeShareLink(link: string): ShareState {
  // Accept the bare code, "#code", or a whole pasted address ending in "#code".
  let text = link.trim();
  const hash = text.lastIndexOf('#');
  if (hash >= 0) text = text.slice(hash + 1);
  if (text.length > MAX_LINK_CHARS) {
    throw new ShareLinkError(`the link is ${text.length} characters, more than any share link`);
  }
  const dot = text.indexOf('.');
  if (dot < 0) throw new ShareLinkError('not a convplay share link (no version prefix)');
  const version = text.slice(0, dot);
  if (version !== String(SHARE_VERSION)) {
    throw new ShareLinkError(
      /^\d+$/.test(version)
        ? `share link version ${version} is not supported by this version of convplay (it reads ${SHARE_VERSION})`
        : 'not a convplay share link (bad version prefix)',
    );
  }
  const packed = base64UrlDecode(text.slice(dot + 1));
  // zlib header (2) + at least a 2-byte deflate block + Adler-32 (4). fflate hands back its whole
  // output buffer for an empty deflate stream, so this check must come first.
  if (packed.length < 8) throw new ShareLinkError('the link is cut off (too short)');

  let json: Uint8Array;
  try {
    // A fixed output buffer caps memory; one byte over the limit means "too large".
    json = unzlibSync(packed, { out: new Uint8Array(MAX_JSON_BYTES + 1) });
  } catch {
    throw new ShareLinkError('the link is damaged or cut off (its data does not decompress)');
  }
  if (json.length > MAX_JSON_BYTES) throw new ShareLinkError('the link expands to too much data');
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (view.getUint32(packed.length - 4) !== adler32(json)) {
    throw new ShareLinkError('the link is damaged or was edited (checksum mismatch)');
  }

  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    throw new ShareLinkError('the link is damaged (its contents are not valid JSON)');
  }
  if (!isPlainObject(raw)) throw new ShareLinkError('the link does not hold a shared setup');
  if (raw.v !== SHARE_VERSION) {
    throw new ShareLinkError(
      `shared setup version ${JSON.stringify(raw.v)} is not supported (this build reads ${SHARE_VERSION})`,
    );
  }
  let spec: NetworkSpec;
  try {
    spec = parseNetworkSpec(raw.spec);
  } catch (e) {
    if (e instanceof SpecError)
      throw new ShareLinkError(`the shared network is invalid: ${e.message}`);
    throw e;
  }
  if (!isPlainObject(raw.training)) {
    throw new ShareLinkError("the link's training settings are missing or not an object");
  }
  if (typeof raw.dataset !== 'string' || raw.dataset === '') {
    throw new ShareLinkError('the link names no dataset');
  }
  const seed = raw.seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new ShareLinkError(`the link's seed ${JSON.stringify(seed)} is not a whole number`);
  }
  return { spec, training: raw.training, dataset: raw.dataset, seed };
}
