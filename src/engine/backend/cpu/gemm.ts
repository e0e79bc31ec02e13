// General matrix multiply for the CPU backend: C (+)= op(A) · op(B).
//
// Both operands are first packed into panels of 4 rows (A) and 4 columns (B), laid out so the
// inner loop reads them sequentially; a 4×4 block of C then lives in 16 locals for the whole
// reduction. Packing also absorbs the transposes, so one micro-kernel serves all four cases.
// This is what makes im2col convolution fast in plain JavaScript: memory is touched in order and
// each loaded value is used four times.
import type { Arr, ArrCtor } from './arrays';

export interface GemmArgs {
  m: number;
  n: number;
  k: number;
  a: Arr;
  aOff: number;
  /** Row stride of A as stored (stored k×m when transA). */
  lda: number;
  transA: boolean;
  b: Arr;
  bOff: number;
  /** Row stride of B as stored (stored n×k when transB). */
  ldb: number;
  transB: boolean;
  c: Arr;
  cOff: number;
  ldc: number;
  /** Add into C instead of overwriting it. */
  accumulate: boolean;
}

const MR = 4;
const NR = 4;

/** Grow-only packing buffers, one pair per element type (float32 training, float64 checks). */
const scratch = new Map<ArrCtor, { a: Arr; b: Arr }>();

function buffers(ctor: ArrCtor, aLen: number, bLen: number): { a: Arr; b: Arr } {
  let s = scratch.get(ctor);
  if (!s || s.a.length < aLen || s.b.length < bLen) {
    s = {
      a: new ctor(Math.max(aLen, s?.a.length ?? 0)),
      b: new ctor(Math.max(bLen, s?.b.length ?? 0)),
    };
    scratch.set(ctor, s);
  }
  return s;
}

function packA(g: GemmArgs, out: Arr): void {
  const { m, k, a, aOff, lda, transA } = g;
  const panels = Math.ceil(m / MR);
  for (let ib = 0; ib < panels; ib++) {
    const i0 = ib * MR;
    const rows = Math.min(MR, m - i0);
    let o = ib * k * MR;
    if (transA) {
      // A stored k×m: element (i, p) at p·lda + i — rows of a panel are adjacent in memory.
      for (let p = 0; p < k; p++, o += MR) {
        const base = aOff + p * lda + i0;
        for (let r = 0; r < MR; r++) out[o + r] = r < rows ? a[base + r] : 0;
      }
    } else {
      for (let p = 0; p < k; p++, o += MR) {
        for (let r = 0; r < MR; r++) out[o + r] = r < rows ? a[aOff + (i0 + r) * lda + p] : 0;
      }
    }
  }
}

function packB(g: GemmArgs, out: Arr): void {
  const { n, k, b, bOff, ldb, transB } = g;
  const panels = Math.ceil(n / NR);
  for (let jb = 0; jb < panels; jb++) {
    const j0 = jb * NR;
    const cols = Math.min(NR, n - j0);
    let o = jb * k * NR;
    if (transB) {
      for (let p = 0; p < k; p++, o += NR) {
        for (let c = 0; c < NR; c++) out[o + c] = c < cols ? b[bOff + (j0 + c) * ldb + p] : 0;
      }
    } else {
      for (let p = 0; p < k; p++, o += NR) {
        const base = bOff + p * ldb + j0;
        if (cols === NR) {
          out[o] = b[base];
          out[o + 1] = b[base + 1];
          out[o + 2] = b[base + 2];
          out[o + 3] = b[base + 3];
        } else {
          for (let c = 0; c < NR; c++) out[o + c] = c < cols ? b[base + c] : 0;
        }
      }
    }
  }
}

/** The finished 4×4 tile, written back with bounds checks only once per tile. */
const tile = new Float64Array(MR * NR);

export function gemm(g: GemmArgs): void {
  const { m, n, k, c, cOff, ldc, accumulate } = g;
  if (m === 0 || n === 0) return;
  if (k === 0) {
    if (!accumulate) for (let i = 0; i < m; i++) c.fill(0, cOff + i * ldc, cOff + i * ldc + n);
    return;
  }
  const ctor = c.constructor as ArrCtor;
  const mPanels = Math.ceil(m / MR);
  const nPanels = Math.ceil(n / NR);
  const { a: ap, b: bp } = buffers(ctor, mPanels * k * MR, nPanels * k * NR);
  packA(g, ap);
  packB(g, bp);
  for (let jb = 0; jb < nPanels; jb++) {
    const j0 = jb * NR;
    const cols = Math.min(NR, n - j0);
    const bBase = jb * k * NR;
    for (let ib = 0; ib < mPanels; ib++) {
      const i0 = ib * MR;
      const rows = Math.min(MR, m - i0);
      let ai = ib * k * MR;
      let bi = bBase;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0; // prettier-ignore
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0; // prettier-ignore
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0; // prettier-ignore
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0; // prettier-ignore
      for (let p = 0; p < k; p++, ai += MR, bi += NR) {
        const a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3]; // prettier-ignore
        const b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3]; // prettier-ignore
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3; // prettier-ignore
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3; // prettier-ignore
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3; // prettier-ignore
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3; // prettier-ignore
      }
      const block = tile;
      block[0] = c00;
      block[1] = c01;
      block[2] = c02;
      block[3] = c03; // prettier-ignore
      block[4] = c10;
      block[5] = c11;
      block[6] = c12;
      block[7] = c13; // prettier-ignore
      block[8] = c20;
      block[9] = c21;
      block[10] = c22;
      block[11] = c23; // prettier-ignore
      block[12] = c30;
      block[13] = c31;
      block[14] = c32;
      block[15] = c33; // prettier-ignore
      for (let r = 0; r < rows; r++) {
        const row = cOff + (i0 + r) * ldc + j0;
        for (let q = 0; q < cols; q++) {
          const v = block[r * NR + q];
          c[row + q] = accumulate ? c[row + q] + v : v;
        }
      }
    }
  }
}
