// Packing of the A and B operands into the panel layouts the wasm GEMM reads (gemm-kernel.ts),
// in JavaScript straight into the heap. Used for weights (once per step) and for matmul, whose
// operands are small; the convolution's big operand, the column matrix, is written by wasm
// im2col in a layout the GEMM reads as is.
import { GEMM_MR as MR, GEMM_NR as NR } from './gemm-kernel';

/** Floats of packed A for an m×k operand. */
export function packedASize(m: number, k: number): number {
  return Math.ceil(m / MR) * MR * k;
}

/** Floats of packed B for a k×n operand. */
export function packedBSize(k: number, n: number): number {
  return Math.ceil(n / NR) * NR * k;
}

/**
 * A (m×k) into panels [⌈m/MR⌉][k][MR]; element (i, p) is src[off + i·ld + p], or
 * src[off + p·ld + i] when `trans` (A stored k×m). Rows past m are zero.
 */
export function packA(
  src: Float32Array,
  off: number,
  ld: number,
  trans: boolean,
  m: number,
  k: number,
  dst: Float32Array,
  dOff: number,
): void {
  // prettier-ignore
  let o = dOff;
  for (let i0 = 0; i0 < m; i0 += MR) {
    const rows = Math.min(MR, m - i0);
    if (trans) {
      for (let p = 0; p < k; p++, o += MR) {
        const s = off + p * ld + i0;
        for (let r = 0; r < MR; r++) dst[o + r] = r < rows ? src[s + r] : 0;
      }
    } else if (rows === MR) {
      const s0 = off + i0 * ld;
      const s1 = s0 + ld;
      const s2 = s1 + ld;
      const s3 = s2 + ld;
      for (let p = 0; p < k; p++, o += MR) {
        dst[o] = src[s0 + p];
        dst[o + 1] = src[s1 + p];
        dst[o + 2] = src[s2 + p];
        dst[o + 3] = src[s3 + p];
      }
    } else {
      for (let p = 0; p < k; p++, o += MR) {
        for (let r = 0; r < MR; r++) dst[o + r] = r < rows ? src[off + (i0 + r) * ld + p] : 0;
      }
    }
  }
}

/**
 * B (k×n) into panels [⌈n/NR⌉][k][NR]; element (p, j) is src[off + p·ld + j], or
 * src[off + j·ld + p] when `trans` (B stored n×k). Columns past n are zero.
 */
export function packB(
  src: Float32Array,
  off: number,
  ld: number,
  trans: boolean,
  k: number,
  n: number,
  dst: Float32Array,
  dOff: number,
): void {
  // prettier-ignore
  let o = dOff;
  for (let j0 = 0; j0 < n; j0 += NR) {
    const cols = Math.min(NR, n - j0);
    if (trans) {
      for (let p = 0; p < k; p++, o += NR) {
        for (let c = 0; c < NR; c++) dst[o + c] = c < cols ? src[off + (j0 + c) * ld + p] : 0;
      }
    } else if (cols === NR) {
      for (let p = 0; p < k; p++, o += NR) {
        const s = off + p * ld + j0;
        dst[o] = src[s];
        dst[o + 1] = src[s + 1];
        dst[o + 2] = src[s + 2];
        dst[o + 3] = src[s + 3];
        dst[o + 4] = src[s + 4];
        dst[o + 5] = src[s + 5];
        dst[o + 6] = src[s + 6];
        dst[o + 7] = src[s + 7];
      }
    } else {
      for (let p = 0; p < k; p++, o += NR) {
        const s = off + p * ld + j0;
        for (let c = 0; c < NR; c++) dst[o + c] = c < cols ? src[s + c] : 0;
      }
    }
  }
}

/**
 * Per-geometry index tables for im2col: for each column-matrix row r = (c, i, j) the input
 * offset and the tap's shift, and for each output pixel q = (oy, ox) its strided origin. Then
 * element (r, q) is x[rOff[r] + qOff[q]] when iy = qy[q] + ry[r] ∈ [0, H) and
 * ix = qx[q] + rx[r] ∈ [0, W), else 0 (padding). Both tables run on to a multiple of NR
 * with OUTSIDE entries, so the packers fill partial panels with zeros by the same test.
 * Built once per kernel.
 */
