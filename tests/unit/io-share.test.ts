// Share links: exact round trips, a LeNet link short enough for a URL, and a clear message for
// every way a link can arrive broken.
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  base64UrlDecode,
  base64UrlEncode,
  decodeShareLink,
  encodeShareLink,
  type ShareState,
} from '../../src/engine/io/share';
import { residualDag } from '../helpers/io-nets';
import { lenet } from '../helpers/specs';

const training = {
  batchSize: 64,
  optimizer: { kind: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999 },
  schedule: { kind: 'cosine', warmup: 100 },
  l2: 0.0005,
  epochs: 5,
};
const state: ShareState = { spec: lenet(), training, dataset: 'mnist', seed: 42 };

/** A link whose JSON payload is `payload`, encoded exactly as real links are. */
function linkWith(payload: unknown): string {
  const bytes = new TextEncoder().encode(
    typeof payload === 'string' ? payload : JSON.stringify(payload),
  );
  return '1.' + base64UrlEncode(zlibSync(bytes));
}

describe('base64url', () => {
  it('round trips every length and uses only URL-safe characters', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 255);
      const text = base64UrlEncode(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(text.length).toBe(Math.ceil((n * 8) / 6));
      expect(base64UrlDecode(text)).toEqual(bytes);
    }
    // RFC 4648 test vector, with - and _ for + and /.
    expect(base64UrlEncode(new TextEncoder().encode('foobar'))).toBe('Zm9vYmFy');
    expect(base64UrlEncode(Uint8Array.from([0xfb, 0xff]))).toBe('-_8');
  });
});

describe('share links', () => {
  it('round trip: spec, training settings, dataset and seed come back equal', () => {
    const link = encodeShareLink(state);
    expect(link).toMatch(/^1\.[A-Za-z0-9_-]+$/);
    expect(decodeShareLink(link)).toEqual(state);
    expect(decodeShareLink(`#${link}`)).toEqual(state);
    expect(decodeShareLink(` https://example.org/convplay/#${link}\n`)).toEqual(state);
    const dagState = { ...state, spec: residualDag(), dataset: 'cifar10', seed: 0 };
    expect(decodeShareLink(encodeShareLink(dagState))).toEqual(dagState);
  });

  it('a LeNet link is a few hundred characters', () => {
    const link = encodeShareLink(state);
    console.info(`LeNet share link: ${link.length} characters`);
    expect(link.length).toBeLessThan(500);
  });

  it('malformed, truncated and tampered links each say what is wrong', () => {
    const link = encodeShareLink(state);
    expect(() => decodeShareLink('')).toThrow('no version prefix');
    expect(() => decodeShareLink('hello')).toThrow('no version prefix');
    expect(() => decodeShareLink('x.abc')).toThrow('bad version prefix');
    expect(() => decodeShareLink('7.' + link.slice(2))).toThrow('version 7 is not supported');
    expect(() => decodeShareLink(link.replace(/.$/, '+'))).toThrow('contains "+"');
    expect(() => decodeShareLink('1.abcd')).toThrow('cut off');
    // Cut off anywhere: never silently accepted.
    for (const keep of [10, link.length >> 1, link.length - 3]) {
      expect(() => decodeShareLink(link.slice(0, keep))).toThrow(/cut off|damaged/);
    }
    // One character changed anywhere after the prefix: the checksum or the decompressor notices.
    for (let at = 2; at < link.length; at += 37) {
      const flipped = link.slice(0, at) + (link[at] === 'A' ? 'B' : 'A') + link.slice(at + 1);
      expect(() => decodeShareLink(flipped)).toThrow(/damaged|edited|cut off/);
    }
    expect(() => decodeShareLink('1.' + 'A'.repeat(70000))).toThrow('more than any share link');
  });

  it('well-formed links with bad contents name the bad part', () => {
    const ok = { v: 1, spec: lenet(), training, dataset: 'mnist', seed: 1 };
    expect(() => decodeShareLink(linkWith('{"v":1,'))).toThrow('not valid JSON');
    expect(() => decodeShareLink(linkWith([1, 2]))).toThrow('does not hold a shared setup');
    expect(() => decodeShareLink(linkWith({ ...ok, v: 2 }))).toThrow('version 2 is not supported');
    expect(() => decodeShareLink(linkWith({ ...ok, spec: { format: 'x' } }))).toThrow(
      'the shared network is invalid: not a convplay network',
    );
    const badLayer = { ...lenet(), layers: [{ id: '1bad', type: 'relu', config: {} }] };
    expect(() => decodeShareLink(linkWith({ ...ok, spec: badLayer }))).toThrow('layers[0].id');
    expect(() => decodeShareLink(linkWith({ ...ok, training: 'fast' }))).toThrow(
      'training settings',
    );
    expect(() => decodeShareLink(linkWith({ ...ok, dataset: 3 }))).toThrow('names no dataset');
    expect(() => decodeShareLink(linkWith({ ...ok, seed: 1.5 }))).toThrow('seed 1.5');
    expect(() => decodeShareLink(linkWith({ ...ok, seed: undefined }))).toThrow('seed');
  });

  it('refuses a tiny link that would inflate to a huge payload', () => {
    const bomb = '1.' + base64UrlEncode(zlibSync(new Uint8Array(4 * 1024 * 1024).fill(32)));
    expect(bomb.length).toBeLessThan(10000);
    expect(() => decodeShareLink(bomb)).toThrow('too much data');
  });
});
