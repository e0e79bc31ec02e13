// The dropout mask is a pure function of (seed, salt, element index), computed identically by
// the CPU backend (here) and the WGSL kernels (shaders/dropout.wgsl), so both backends drop the
// same units and the backward pass regenerates the mask instead of storing it.

/** PCG-style 32-bit integer hash (permuted congruential step + xorshift output). */
export function hashU32(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** The u32 threshold below which an element is dropped, for drop probability `rate`. */
export function dropThreshold(rate: number): number {
  return Math.min(0xffffffff, Math.max(0, Math.round(rate * 4294967296)));
}

/** Hash of (seed, salt) mixed once per kernel; the element index is mixed per element. */
export function dropoutKey(seed: number, salt: number): number {
  return hashU32((seed >>> 0) ^ hashU32(salt >>> 0));
}

export function dropoutKeep(key: number, index: number, threshold: number): boolean {
  return hashU32((index >>> 0) ^ key) >= threshold;
}
