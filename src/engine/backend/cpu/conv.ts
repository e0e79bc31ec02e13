// Convolution on the CPU as im2col + GEMM, one image at a time (the column buffer stays small
// enough for the cache while each GEMM is still large). 1×1, stride-1, unpadded convolutions
// skip im2col: the image already is the column matrix.
import type { Conv2dGeometry } from '../backend';
import type { Arr } from './arrays';
import { gemm } from './gemm';

function isPointwise(g: Conv2dGeometry): boolean {
  return (
    g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.ph === 0 && g.pw === 0 &&
    g.oh === g.h && g.ow === g.w
  ); // prettier-ignore
}

/** col[(c·kh + i)·kw + j][oy·ow + ox] = x[c][oy·sh − ph + i·dh][ox·sw − pw + j·dw] (0 outside). */
export function im2col(x: Arr, xOff: number, g: Conv2dGeometry, col: Arr): void {
  const { c: C, h: H, w: W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  const ohw = oh * ow;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = xOff + c * H * W;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, row++) {
        let o = row * ohw;
        const xShift = j * dw - pw;
        // Output columns whose input column is in range: ox·sw + xShift ∈ [0, W).
        const oxLo = Math.max(0, Math.ceil(-xShift / sw));
        const oxHi = Math.min(ow, Math.ceil((W - xShift) / sw));
        for (let oy = 0; oy < oh; oy++, o += ow) {
          const iy = oy * sh - ph + i * dh;
          if (iy < 0 || iy >= H || oxLo >= oxHi) {
            col.fill(0, o, o + ow);
            continue;
          }
          const src = plane + iy * W + xShift;
          for (let ox = 0; ox < oxLo; ox++) col[o + ox] = 0;
          if (sw === 1) {
            for (let ox = oxLo; ox < oxHi; ox++) col[o + ox] = x[src + ox];
          } else {
            for (let ox = oxLo; ox < oxHi; ox++) col[o + ox] = x[src + ox * sw];
          }
          for (let ox = oxHi; ox < ow; ox++) col[o + ox] = 0;
        }
      }
    }
  }
}

/** The adjoint of im2col: dx[c][iy][ix] += col[...] (dx must be zeroed by the caller). */
export function col2im(col: Arr, g: Conv2dGeometry, dx: Arr, dxOff: number): void {
  const { c: C, h: H, w: W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  const ohw = oh * ow;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = dxOff + c * H * W;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, row++) {
        let o = row * ohw;
        const xShift = j * dw - pw;
        const oxLo = Math.max(0, Math.ceil(-xShift / sw));
        const oxHi = Math.min(ow, Math.ceil((W - xShift) / sw));
        for (let oy = 0; oy < oh; oy++, o += ow) {
          const iy = oy * sh - ph + i * dh;
          if (iy < 0 || iy >= H) continue;
          const dst = plane + iy * W + xShift;
          for (let ox = oxLo; ox < oxHi; ox++) dx[dst + ox * sw] += col[o + ox];
        }
      }
    }
  }
}

export interface ConvBuffers {
  col: Arr;
}

export function conv2dForward(x: Arr, w: Arr, y: Arr, g: Conv2dGeometry, buf: ConvBuffers): void {
  const ckk = g.c * g.kh * g.kw;
  const ohw = g.oh * g.ow;
  const pointwise = isPointwise(g);
  for (let n = 0; n < g.n; n++) {
    const xOff = n * g.c * g.h * g.w;
    if (!pointwise) im2col(x, xOff, g, buf.col);
    gemm({
      m: g.k, n: ohw, k: ckk,
      a: w, aOff: 0, lda: ckk, transA: false,
      b: pointwise ? x : buf.col, bOff: pointwise ? xOff : 0, ldb: ohw, transB: false,
      c: y, cOff: n * g.k * ohw, ldc: ohw,
      accumulate: false,
    }); // prettier-ignore
  }
}

export function conv2dBackwardData(
  dy: Arr,
  w: Arr,
  dx: Arr,
  g: Conv2dGeometry,
  buf: ConvBuffers,
): void {
  const ckk = g.c * g.kh * g.kw;
  const ohw = g.oh * g.ow;
  const chw = g.c * g.h * g.w;
  const pointwise = isPointwise(g);
  for (let n = 0; n < g.n; n++) {
    gemm({
      m: ckk, n: ohw, k: g.k,
      a: w, aOff: 0, lda: ckk, transA: true,
      b: dy, bOff: n * g.k * ohw, ldb: ohw, transB: false,
      c: pointwise ? dx : buf.col, cOff: pointwise ? n * chw : 0, ldc: ohw,
      accumulate: false,
    }); // prettier-ignore
    if (!pointwise) {
      dx.fill(0, n * chw, (n + 1) * chw);
      col2im(buf.col, g, dx, n * chw);
    }
  }
}

export function conv2dBackwardFilter(
  dy: Arr,
  x: Arr,
  dw: Arr,
  g: Conv2dGeometry,
  buf: ConvBuffers,
): void {
  const ckk = g.c * g.kh * g.kw;
  const ohw = g.oh * g.ow;
  const pointwise = isPointwise(g);
  for (let n = 0; n < g.n; n++) {
    const xOff = n * g.c * g.h * g.w;
    if (!pointwise) im2col(x, xOff, g, buf.col);
    gemm({
      m: g.k, n: ckk, k: ohw,
      a: dy, aOff: n * g.k * ohw, lda: ohw, transA: false,
      b: pointwise ? x : buf.col, bOff: pointwise ? xOff : 0, ldb: ohw, transB: true,
      c: dw, cOff: 0, ldc: ckk,
      accumulate: n > 0,
    }); // prettier-ignore
  }
}

export function colSize(g: Conv2dGeometry): number {
  return isPointwise(g) ? 0 : g.c * g.kh * g.kw * g.oh * g.ow;
}
