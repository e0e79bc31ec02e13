// Max and average pooling. Max pooling records the flat input index of each window's winner so
// the backward pass routes the gradient without searching again. Average pooling divides by the
// full window (padding counts as zeros), as PyTorch's AvgPool2d does by default.
import type { Pool2dGeometry } from '../backend';
import type { Arr } from './arrays';

export function maxPoolForward(x: Arr, y: Arr, argmax: Arr, g: Pool2dGeometry): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  let o = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - ph;
      const iyLo = Math.max(0, y0);
      const iyHi = Math.min(h, y0 + kh);
      for (let ox = 0; ox < ow; ox++, o++) {
        const x0 = ox * sw - pw;
        const ixLo = Math.max(0, x0);
        const ixHi = Math.min(w, x0 + kw);
        let best = -Infinity;
        let bestIdx = -1;
        for (let iy = iyLo; iy < iyHi; iy++) {
          for (let ix = ixLo; ix < ixHi; ix++) {
            const idx = base + iy * w + ix;
            const v = x[idx];
            // `!(v <= best)` lets NaN win, so a NaN input shows up in the output.
            if (!(v <= best)) {
              best = v;
              bestIdx = idx;
            }
          }
        }
        y[o] = best;
        argmax[o] = bestIdx;
      }
    }
  }
}

export function maxPoolBackward(dy: Arr, dx: Arr, argmax: Arr): void {
  dx.fill(0);
  for (let o = 0; o < dy.length; o++) {
    const idx = argmax[o];
    if (idx >= 0) dx[idx] += dy[o];
  }
}

export function avgPoolForward(x: Arr, y: Arr, g: Pool2dGeometry): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  const inv = 1 / (kh * kw);
  let o = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - ph;
      const iyLo = Math.max(0, y0);
      const iyHi = Math.min(h, y0 + kh);
      for (let ox = 0; ox < ow; ox++, o++) {
        const x0 = ox * sw - pw;
        const ixLo = Math.max(0, x0);
        const ixHi = Math.min(w, x0 + kw);
        let s = 0;
        for (let iy = iyLo; iy < iyHi; iy++) {
          for (let ix = ixLo; ix < ixHi; ix++) s += x[base + iy * w + ix];
        }
        y[o] = s * inv;
      }
    }
  }
}

export function avgPoolBackward(dy: Arr, dx: Arr, g: Pool2dGeometry): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  const inv = 1 / (kh * kw);
  dx.fill(0);
  let o = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - ph;
      const iyLo = Math.max(0, y0);
      const iyHi = Math.min(h, y0 + kh);
      for (let ox = 0; ox < ow; ox++, o++) {
        const x0 = ox * sw - pw;
        const ixLo = Math.max(0, x0);
        const ixHi = Math.min(w, x0 + kw);
        const gv = dy[o] * inv;
        for (let iy = iyLo; iy < iyHi; iy++) {
          for (let ix = ixLo; ix < ixHi; ix++) dx[base + iy * w + ix] += gv;
        }
      }
    }
  }
}
