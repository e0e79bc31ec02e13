// Plain reference implementations for tests only: the textbook loops, in float64, written for
// obviousness rather than speed, so the fast CPU paths (blocked JavaScript GEMM, wasm SIMD GEMM
// with packed im2col) have something independent to be compared against.
import type { Conv2dGeometry } from '../../src/engine/backend/backend';

type Arr = ArrayLike<number>;

/** Input sample (c, iy, ix) of image n, or 0 in the padding. */
function at(x: Arr, g: Conv2dGeometry, n: number, c: number, iy: number, ix: number): number {
  if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) return 0;
  return x[((n * g.c + c) * g.h + iy) * g.w + ix];
}

/** y[n,k,oy,ox] = b[k] + Σ_{c,i,j} w[k,c,i,j] · x[n, c, oy·sh − ph + i·dh, ox·sw − pw + j·dw]. */
export function convForwardRef(x: Arr, w: Arr, b: Arr | null, g: Conv2dGeometry): Float64Array {
  const y = new Float64Array(g.n * g.k * g.oh * g.ow);
  for (let n = 0; n < g.n; n++)
    for (let k = 0; k < g.k; k++)
      for (let oy = 0; oy < g.oh; oy++)
        for (let ox = 0; ox < g.ow; ox++) {
          let s = b ? b[k] : 0;
          for (let c = 0; c < g.c; c++)
            for (let i = 0; i < g.kh; i++)
              for (let j = 0; j < g.kw; j++) {
                const iy = oy * g.sh - g.ph + i * g.dh;
                const ix = ox * g.sw - g.pw + j * g.dw;
                s += w[((k * g.c + c) * g.kh + i) * g.kw + j] * at(x, g, n, c, iy, ix);
              }
          y[((n * g.k + k) * g.oh + oy) * g.ow + ox] = s;
        }
  return y;
}

/** dx: every output position sends dy · w back to the input sample it read. */
export function convBackwardDataRef(dy: Arr, w: Arr, g: Conv2dGeometry): Float64Array {
  const dx = new Float64Array(g.n * g.c * g.h * g.w);
  for (let n = 0; n < g.n; n++)
    for (let k = 0; k < g.k; k++)
      for (let oy = 0; oy < g.oh; oy++)
        for (let ox = 0; ox < g.ow; ox++) {
          const d = dy[((n * g.k + k) * g.oh + oy) * g.ow + ox];
          for (let c = 0; c < g.c; c++)
            for (let i = 0; i < g.kh; i++)
              for (let j = 0; j < g.kw; j++) {
                const iy = oy * g.sh - g.ph + i * g.dh;
                const ix = ox * g.sw - g.pw + j * g.dw;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                dx[((n * g.c + c) * g.h + iy) * g.w + ix] +=
                  d * w[((k * g.c + c) * g.kh + i) * g.kw + j];
              }
        }
  return dx;
}

/** dw[k,c,i,j] = Σ_{n,oy,ox} dy[n,k,oy,ox] · x[n, c, iy, ix]; db[k] = Σ dy[n,k,·,·]. */
export function convBackwardFilterRef(
  dy: Arr,
  x: Arr,
  g: Conv2dGeometry,
): { dw: Float64Array; db: Float64Array } {
  const dw = new Float64Array(g.k * g.c * g.kh * g.kw);
  const db = new Float64Array(g.k);
  for (let n = 0; n < g.n; n++)
    for (let k = 0; k < g.k; k++)
      for (let oy = 0; oy < g.oh; oy++)
        for (let ox = 0; ox < g.ow; ox++) {
          const d = dy[((n * g.k + k) * g.oh + oy) * g.ow + ox];
          db[k] += d;
          for (let c = 0; c < g.c; c++)
            for (let i = 0; i < g.kh; i++)
              for (let j = 0; j < g.kw; j++) {
                const iy = oy * g.sh - g.ph + i * g.dh;
                const ix = ox * g.sw - g.pw + j * g.dw;
                dw[((k * g.c + c) * g.kh + i) * g.kw + j] += d * at(x, g, n, c, iy, ix);
              }
        }
  return { dw, db };
}

/** c[m×n] = op(a)·op(b) + bias[n]; a stored k×m when transA, b stored n×k when transB. */
export function matmulRef(
  a: Arr,
  b: Arr,
  bias: Arr | null,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = bias ? bias[j] : 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[p * m + i] : a[i * k + p];
        const bv = transB ? b[j * k + p] : b[p * n + j];
        s += av * bv;
      }
      c[i * n + j] = s;
    }
  return c;
}

/**
 * Max pooling: the first maximum of each window in row-major window order wins (a NaN wins
 * and is replaced by the next element, matching `!(v <= best)`); returns y and the flat input
 * index of each winner, and routes dy back to the winners.
 */
export function maxPoolRef(
  x: Arr,
  g: { n: number; c: number; h: number; w: number; kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; oh: number; ow: number }, // prettier-ignore
): { y: Float64Array; argmax: Int32Array } {
  const y = new Float64Array(g.n * g.c * g.oh * g.ow);
  const argmax = new Int32Array(y.length);
  let o = 0;
  for (let p = 0; p < g.n * g.c; p++)
    for (let oy = 0; oy < g.oh; oy++)
      for (let ox = 0; ox < g.ow; ox++, o++) {
        let best = -Infinity;
        let idx = -1;
        for (let i = 0; i < g.kh; i++)
          for (let j = 0; j < g.kw; j++) {
            const iy = oy * g.sh - g.ph + i;
            const ix = ox * g.sw - g.pw + j;
            if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
            const at = (p * g.h + iy) * g.w + ix;
            if (!(x[at] <= best)) {
              best = x[at];
              idx = at;
            }
          }
        y[o] = best;
        argmax[o] = idx;
      }
  return { y, argmax };
}
