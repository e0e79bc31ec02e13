// Packing of GEMM operands into the panel layouts the wasm kernel reads (gemm-kernel.ts), done
// in JavaScript straight into the heap. im2col and its transpose write their panels directly,
// so the convolution never materialises a row-major column matrix: every write here is
// sequential, and the gathers from the image are in cache.
import type { Conv2dGeometry } from '../../backend';
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
/** Padding entries of the tables: far enough outside the image that every test fails. */
const OUTSIDE = -(1 << 29);

export interface Im2colTables {
  readonly ckk: number;
  readonly ohw: number;
  readonly rOff: Int32Array;
  readonly ry: Int32Array;
  readonly rx: Int32Array;
  readonly qOff: Int32Array;
  readonly qy: Int32Array;
  readonly qx: Int32Array;
}

export function im2colTables(g: Conv2dGeometry): Im2colTables {
  const ckk = g.c * g.kh * g.kw;
  const ohw = g.oh * g.ow;
  const ckkPad = Math.ceil(ckk / NR) * NR;
  const ohwPad = Math.ceil(ohw / NR) * NR;
  const rOff = new Int32Array(ckkPad);
  const ry = new Int32Array(ckkPad).fill(OUTSIDE);
  const rx = new Int32Array(ckkPad);
  let r = 0;
  for (let c = 0; c < g.c; c++) {
    for (let i = 0; i < g.kh; i++) {
      for (let j = 0; j < g.kw; j++, r++) {
        ry[r] = i * g.dh - g.ph;
        rx[r] = j * g.dw - g.pw;
        rOff[r] = c * g.h * g.w + ry[r] * g.w + rx[r];
      }
    }
  }
  const qOff = new Int32Array(ohwPad);
  const qy = new Int32Array(ohwPad).fill(OUTSIDE);
  const qx = new Int32Array(ohwPad);
  let q = 0;
  for (let oy = 0; oy < g.oh; oy++) {
    for (let ox = 0; ox < g.ow; ox++, q++) {
      qy[q] = oy * g.sh;
      qx[q] = ox * g.sw;
      qOff[q] = qy[q] * g.w + qx[q];
    }
  }
  return { ckk, ohw, rOff, ry, rx, qOff, qy, qx };
}

/**
 * The column matrix col[r][q] (ckk×ohw) of image x (at xOff) as a packed B operand for the
 * forward GEMM: panels [⌈ohw/NR⌉][ckk][NR], pixels past ohw zero.
 */
export function im2colPacked(
  x: Float32Array,
  xOff: number,
  g: Conv2dGeometry,
  t: Im2colTables,
  dst: Float32Array,
  dOff: number,
): void {
  // prettier-ignore
  const { ckk, ohw, rOff, ry, rx, qOff, qy, qx } = t;
  const H = g.h;
  const W = g.w;
  let o = dOff;
  for (let q0 = 0; q0 < ohw; q0 += NR) {
    for (let r = 0; r < ckk; r++, o += NR) {
      const base = xOff + rOff[r];
      const dy = ry[r];
      const dx = rx[r];
      for (let c = 0; c < NR; c++) {
        const q = q0 + c;
        const iy = qy[q] + dy;
        const ix = qx[q] + dx;
        dst[o + c] = iy >= 0 && iy < H && ix >= 0 && ix < W ? x[base + qOff[q]] : 0;
      }
    }
  }
}

/**
 * The transposed column matrix (ohw×ckk) as a packed B operand for the weight-gradient GEMM
 * (dW = dY · colᵀ): panels [⌈ckk/NR⌉][ohw][NR], rows past ckk zero.
 */
export function im2rowPacked(
  x: Float32Array,
  xOff: number,
  g: Conv2dGeometry,
  t: Im2colTables,
  dst: Float32Array,
  dOff: number,
): void {
  // prettier-ignore
  const { ckk, ohw, rOff, ry, rx, qOff, qy, qx } = t;
  const H = g.h;
  const W = g.w;
  let o = dOff;
  for (let r0 = 0; r0 < ckk; r0 += NR) {
    for (let q = 0; q < ohw; q++, o += NR) {
      const base = xOff + qOff[q];
      const y0 = qy[q];
      const x0 = qx[q];
      for (let c = 0; c < NR; c++) {
        const r = r0 + c;
        const iy = y0 + ry[r];
        const ix = x0 + rx[r];
        dst[o + c] = iy >= 0 && iy < H && ix >= 0 && ix < W ? x[base + rOff[r]] : 0;
      }
    }
  }
}
