// Convolution and matmul on the wasm path: lay operands out in the heap's scratch region, run
// the SIMD GEMMs, done. Each builder sizes its scratch when the kernel is built and returns the
// closure the backend replays; tensors are given as byte pointers into the heap, which stay
// valid across memory growth (views do not).
//
// The three convolution GEMMs, per image (ckk = C·kh·kw, ohw = oh·ow):
//   forward      y[K×ohw]      = W[K×ckk] · col[ckk×ohw]     (+ bias per row, ReLU fused)
//   grad weights dW[K×ckk]    += dY[K×ohw] · colᵀ            (dot-product GEMM: no transposes)
//   grad input   dcol[ckk×ohw] = Wᵀ[ckk×K] · dY[K×ohw], then col2im into dx
// Weights are packed once per step, not once per image. The column matrix is row-major with a
// row stride padded to whole 8-column panels and kept off multiples of 1 KiB: at a 4 KiB stride
// the GEMM's walk down a panel maps every row to the same L1 set and runs 3× slower.
import type { Activation, Conv2dGeometry } from '../../backend';
import { JTAB_STRIDE } from './conv-kernels';
import { GEMM_FLAG, GEMM_NR } from './gemm-kernel';
import { packA, packB, packedASize, packedBSize } from './pack';
import type { WasmHeap } from './runtime';

const F = 4; // bytes per float

/** Row stride (floats) for a row-major GEMM operand of n columns; see the note above. */
export function panelStride(n: number): number {
  const s = Math.ceil(n / GEMM_NR) * GEMM_NR;
  return s % 256 === 0 ? s + GEMM_NR : s;
}

/** Everything im2col/col2im need besides the pointers, with the per-j run table in the heap. */
interface ConvLayout {
  ckk: number;
  ohw: number;
  chw: number;
  /** Column-matrix row stride in floats. */
  ld: number;
  /** Zeros written after each row's ohw values: up to a whole 8-column panel. */
  pad: number;
  jtab: number;
}

function convLayout(heap: WasmHeap, g: Conv2dGeometry): ConvLayout {
  const ohw = g.oh * g.ow;
  const ld = panelStride(ohw);
  // For tap column j the input column is ox·sw + j·dw − pw: in range for ox ∈ [lo, hi).
  const jtab = heap.alloc(g.kw * JTAB_STRIDE);
  const t = new Int32Array(heap.memory.buffer, jtab, g.kw * 3);
  for (let j = 0; j < g.kw; j++) {
    const shift = j * g.dw - g.pw;
    const lo = Math.max(0, Math.ceil(-shift / g.sw));
    const hi = Math.min(g.ow, Math.ceil((g.w - shift) / g.sw));
    t[3 * j] = shift;
    t[3 * j + 1] = lo;
    t[3 * j + 2] = Math.max(lo, hi);
  }
  const pad = Math.ceil(ohw / GEMM_NR) * GEMM_NR - ohw;
  return { ckk: g.c * g.kh * g.kw, ohw, chw: g.c * g.h * g.w, ld, pad, jtab };
}

function im2col(heap: WasmHeap, g: Conv2dGeometry, L: ConvLayout, x: number, col: number) {
  heap.k.im2col(
    x, col, L.ld * F, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.dh, g.oh, g.ow,
    L.jtab, L.pad,
  ); // prettier-ignore
}

/** y = act(conv(x, w) + b); act here is 'none' or 'relu' (others are applied by the caller). */
export function conv2dForward(
  heap: WasmHeap,
  p: { x: number; w: number; b: number; y: number; g: Conv2dGeometry; relu: boolean },
): () => void {
  const { g } = p;
  const L = convLayout(heap, g);
  const aFloats = packedASize(g.k, L.ckk);
  heap.reserveScratch((aFloats + L.ckk * L.ld) * F);
  const flags = (p.b ? GEMM_FLAG.rowBias : 0) | (p.relu ? GEMM_FLAG.relu : 0);
  return () => {
    const wp = heap.scratch;
    const col = wp + aFloats * F;
    const f32 = heap.f32;
    packA(f32, p.w / F, L.ckk, false, g.k, L.ckk, f32, wp / F);
    for (let n = 0; n < g.n; n++) {
      im2col(heap, g, L, p.x + n * L.chw * F, col);
      heap.k.gemm(
        g.k, L.ohw, L.ckk, wp, col, L.ld * F, GEMM_NR * F,
        p.y + n * g.k * L.ohw * F, L.ohw * F, flags, p.b, heap.tmp,
      ); // prettier-ignore
    }
  };
}

/** dx = conv_transpose(dy, w). */
export function conv2dBackwardData(
  heap: WasmHeap,
  p: { dy: number; w: number; dx: number; g: Conv2dGeometry },
): () => void {
  const { g } = p;
  const L = convLayout(heap, g);
  const aFloats = packedASize(L.ckk, g.k);
  const bFloats = g.k * L.ld;
  heap.reserveScratch((aFloats + bFloats + L.ckk * L.ld) * F);
  return () => {
    const wtp = heap.scratch;
    const dyp = wtp + aFloats * F;
    const dcol = dyp + bFloats * F;
    const f32 = heap.f32;
    // Wᵀ: element (r, k) of the ckk×K operand is w[k·ckk + r].
    packA(f32, p.w / F, L.ckk, true, L.ckk, g.k, f32, wtp / F);
    for (let n = 0; n < g.n; n++) {
      // dY of this image with padded rows (see panelStride).
      heap.k.copyRows(p.dy + n * g.k * L.ohw * F, L.ohw * F, dyp, L.ld * F, g.k, L.ohw, L.pad);
      heap.k.gemm(
        L.ckk, L.ohw, g.k, wtp, dyp, L.ld * F, GEMM_NR * F, dcol, L.ld * F, 0, 0, heap.tmp,
      ); // prettier-ignore
      const dx = p.dx + n * L.chw * F;
      f32.fill(0, dx / F, dx / F + L.chw);
      heap.k.col2im(
        dcol, L.ld * F, dx, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.dh, g.oh, g.ow,
        L.jtab, 0,
      ); // prettier-ignore
    }
  };
}

/** dw = Σ over the batch of dy ⋆ x (the bias gradient is the caller's). */
export function conv2dBackwardFilter(
  heap: WasmHeap,
  p: { dy: number; x: number; dw: number; g: Conv2dGeometry },
): () => void {
  const { g } = p;
  const L = convLayout(heap, g);
  heap.reserveScratch(L.ckk * L.ld * F);
  return () => {
    const col = heap.scratch;
    for (let n = 0; n < g.n; n++) {
      im2col(heap, g, L, p.x + n * L.chw * F, col);
      heap.k.gemmDot(
        g.k, L.ckk, L.ohw, p.dy + n * g.k * L.ohw * F, L.ohw * F, col, L.ld * F,
        p.dw, L.ckk * F, n > 0 ? 1 : 0,
      ); // prettier-ignore
    }
  };
}

/**
 * c[m×n] = op(a)·op(b) (+ bias per column) (ReLU fused; other activations by the caller).
 * Three layouts, none needing a JavaScript pass over the big operand:
 *   a·bᵀ (dense forward: x·Wᵀ)  both operands are rows along k: the dot-product GEMM reads them
 *                               in place; bias and ReLU follow over the small output.
 *   a·b, aᵀ·b (dense dx, dW)     b is copied by wasm into rows of a de-aliased stride (see
 *                               panelStride) and read in place; a is small and packed in JS.
 *   aᵀ·bᵀ                        rare; both packed in JS.
 */
export function matmul(
  heap: WasmHeap,
  p: {
    a: number; b: number; c: number; m: number; n: number; k: number;
    transA: boolean; transB: boolean; bias: number; act: Activation;
  }, // prettier-ignore
): () => void {
  const { m, n, k, transA, transB } = p;
  const relu = p.act === 'relu';
  const dot = transB && !transA;
  const ld = panelStride(n);
  const aFloats = packedASize(m, k);
  const bFloats = transB ? packedBSize(k, n) : k * ld;
  if (!dot) heap.reserveScratch((aFloats + bFloats) * F);
  const flags = (p.bias ? GEMM_FLAG.colBias : 0) | (relu ? GEMM_FLAG.relu : 0);
  return () => {
    const f32 = heap.f32;
    if (k === 0) {
      // No reduction: C is the bias (or zero); the caller applies other activations.
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const v = p.bias ? f32[p.bias / F + j] : 0;
          f32[p.c / F + i * n + j] = relu && v < 0 ? 0 : v;
        }
      }
      return;
    }
    if (dot) {
      heap.k.gemmDot(m, n, k, p.a, k * F, p.b, k * F, p.c, n * F, 0);
      if (p.bias) {
        const c0 = p.c / F;
        const b0 = p.bias / F;
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) f32[c0 + i * n + j] += f32[b0 + j];
      }
      if (relu) heap.k.relu(p.c, p.c, m * n);
      return;
    }
    const ap = heap.scratch;
    const bp = ap + aFloats * F;
    packA(f32, p.a / F, transA ? m : k, transA, m, k, f32, ap / F);
    if (transB) {
      packB(f32, p.b / F, k, true, k, n, f32, bp / F);
      heap.k.gemm(m, n, k, ap, bp, 8 * F, k * 8 * F, p.c, n * F, flags, p.bias, heap.tmp);
    } else {
      heap.k.copyRows(p.b, n * F, bp, ld * F, k, n, ld - n);
      heap.k.gemm(m, n, k, ap, bp, ld * F, GEMM_NR * F, p.c, n * F, flags, p.bias, heap.tmp);
    }
  };
}
