// Seeded pseudo-random numbers for everything in the engine that must be reproducible: weight
// initialisation, shuffling, dropout masks, augmentation, synthetic data. Math.random() cannot be
// seeded, so a run could never be replayed or a test pinned down with it.
//
// The generator is xoshiro128** (Blackman & Vigna): four 32-bit words of state, a period of
// 2^128 − 1, good statistical quality, and only 32-bit integer operations, which JavaScript does
// quickly through Math.imul and `>>> 0`. The four state words are filled from the seed by a
// SplitMix-style mixer so that nearby seeds (1, 2, 3, ...) still give unrelated streams.

const TWO_POW_32 = 4294967296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;

/** A strong 32-bit avalanche: every input bit flips about half of the output bits. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** The low and high 32-bit words of a number, so that seeds such as Date.now() keep all bits. */
function seedWords(seed: number): [number, number] {
  if (!Number.isFinite(seed)) return [0, 0];
  const whole = Math.trunc(seed);
  return [whole >>> 0, Math.floor(whole / TWO_POW_32) >>> 0];
}

/**
 * Combines numbers into one 32-bit seed, order-sensitively. Used to derive independent streams
 * from a run seed plus coordinates, e.g. `hashSeed(seed, epoch, position)` for the augmentation
 * of one example, so any example can be regenerated without replaying the ones before it.
 */
export function hashSeed(...parts: number[]): number {
  let h = 0x6a09e667;
  for (const part of parts) {
    const [lo, hi] = seedWords(part);
    h = mix32((h ^ lo) + 0x9e3779b9);
    h = mix32((h ^ hi) + 0x7f4a7c15);
  }
  return h;
}

/** A seeded generator. Same seed, same sequence, on every platform. */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** Box–Muller makes normals in pairs; the second one waits here for the next call. */
  private spareNormal: number | null = null;

  /** @param seed any finite number; integers up to 2^53 give distinct streams. */
  constructor(seed: number) {
    this.reseed(seed);
  }

  /** Restarts the generator as if it had just been constructed with `seed` (no allocation). */
  reseed(seed: number): void {
    const [lo, hi] = seedWords(seed);
    // SplitMix-style expansion: a Weyl sequence through the mixer fills the four words.
    let z = (lo ^ mix32(hi + 0x3c6ef372)) >>> 0;
    const next = (): number => {
      z = (z + 0x9e3779b9) >>> 0;
      return mix32(z);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    // The all-zero state is the one state xoshiro never leaves.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spareNormal = null;
  }

  /** The full state, to checkpoint a run; restore it with `setState`. */
  getState(): [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  setState(state: readonly number[]): void {
    if (state.length !== 4) throw new Error(`Rng state must have 4 words, got ${state.length}`);
    [this.s0, this.s1, this.s2, this.s3] = state.map((w) => w >>> 0);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spareNormal = null;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform float in [0, 1) with 32 random bits. */
  next(): number {
    return this.nextUint32() * INV_TWO_POW_32;
  }

  /** A uniform float in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** A normally distributed float (Box–Muller transform of two uniforms). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    // 1 − next() lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spareNormal = radius * Math.sin(angle);
    return mean + std * radius * Math.cos(angle);
  }

  /**
   * A uniform integer: `int(n)` in [0, n), `int(lo, hi)` in [lo, hi). Unbiased: draws that would
   * favour small values through the modulo are rejected and redrawn.
   */
  int(loOrN: number, hi?: number): number {
    const lo = hi === undefined ? 0 : loOrN;
    const span = (hi === undefined ? loOrN : hi) - lo;
    if (!Number.isInteger(lo) || !Number.isInteger(span) || span <= 0 || span > TWO_POW_32) {
      throw new Error(`Rng.int needs integer bounds with lo < hi and hi − lo ≤ 2^32`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % span);
    let r = this.nextUint32();
    while (r >= limit) r = this.nextUint32();
    return lo + (r % span);
  }

  /** true with probability p. */
  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  /** Shuffles in place (Fisher–Yates); every permutation is equally likely. Returns `array`. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** Fills `out` with uniforms in [lo, hi). Returns `out`. */
  fillUniform(out: Float32Array, lo = 0, hi = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform(lo, hi);
    return out;
  }

  /** Fills `out` with normals, e.g. for He/Glorot weight initialisation. Returns `out`. */
  fillNormal(out: Float32Array, mean = 0, std = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** An independent generator seeded from this one, for a sub-task that needs its own stream. */
  fork(): Rng {
    // 53 random bits: the most a number seed carries exactly.
    return new Rng(this.nextUint32() + (this.nextUint32() & 0x1fffff) * TWO_POW_32);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
