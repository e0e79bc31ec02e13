// Convolution and matmul on the wasm path: pack operands into the heap's scratch region, run the
// SIMD GEMM, done. Each builder sizes its scratch when the kernel is built and returns the
// closure the backend replays; tensors are given as byte pointers into the heap, which stay
// valid across memory growth (views do not).
//
// The three convolution GEMMs, per image (ckk = C·kh·kw, ohw = oh·ow):
//   forward      y[K×ohw]    = W[K×ckk] · col[ckk×ohw]        (+ bias per row, ReLU fused)
//   grad weights dW[K×ckk]  += dY[K×ohw] · colᵀ[ohw×ckk]      (accumulated over the batch)
//   grad input   dcol[ckk×ohw] = Wᵀ[ckk×K] · dY[K×ohw], then col2im into dx
// The weight panels are packed once per step, not once per image.
import type { Activation, Conv2dGeometry } from '../../backend';
import { col2im } from '../conv';
import { GEMM_FLAG } from './gemm-kernel';
import {
  im2colPacked,
  im2colTables,
  im2rowPacked,
  packA,
  packB,
  packedASize,
  packedBSize,
} from './pack';
import type { WasmHeap } from './runtime';

const F = 4; // bytes per float

function isPointwise(g: Conv2dGeometry): boolean {
  return (
    g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.ph === 0 && g.pw === 0 &&
    g.oh === g.h && g.ow === g.w
  ); // prettier-ignore
}

/** y = act(conv(x, w) + b); act here is 'none' or 'relu' (others are applied by the caller). */
export function conv2dForward(
  heap: WasmHeap,
  p: { x: number; w: number; b: number; y: number; g: Conv2dGeometry; relu: boolean },
): () => void {
  const { g } = p;
  const ckk = g.c * g.kh * g.kw;
  const ohw = g.oh * g.ow;
  const chw = g.c * g.h * g.w;
  const tables = im2colTables(g);
  const aFloats = packedASize(g.k, ckk);
  heap.reserveScratch((aFloats + packedBSize(ckk, ohw)) * F);
  const flags = (p.b ? GEMM_FLAG.rowBias : 0) | (p.relu ? GEMM_FLAG.relu : 0);
  return () => {
    const s = heap.scratch;
    const f32 = heap.f32;
    const wp = s;
    const colp = s + aFloats * F;
    packA(f32, p.w / F, ckk, false, g.k, ckk, f32, wp / F);
    for (let n = 0; n < g.n; n++) {
      im2colPacked(f32, p.x / F + n * chw, g, tables, f32, colp / F);
      heap.k.gemm(
        g.k, ohw, ckk, wp, colp, 8 * F, ckk * 8 * F,
        p.y + n * g.k * ohw * F, ohw * F, flags, p.b, heap.tmp,
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
  const ckk = g.c * g.kh * g.kw;
  const ohw = g.oh * g.ow;
  const chw = g.c * g.h * g.w;
  const pointwise = isPointwise(g);
  const aFloats = packedASize(ckk, g.k);
  const bFloats = packedBSize(g.k, ohw);
  heap.reserveScratch((aFloats + bFloats + (pointwise ? 0 : ckk * ohw)) * F);
  return () => {
    const s = heap.scratch;
    const f32 = heap.f32;
    const wtp = s;
    const dyp = wtp + aFloats * F;
    const dcol = dyp + bFloats * F;
    // Wᵀ: element (r, k) of the ckk×K operand is w[k·ckk + r].
    packA(f32, p.w / F, ckk, true, ckk, g.k, f32, wtp / F);
    const dcolView = pointwise ? null : f32.subarray(dcol / F, dcol / F + ckk * ohw);
    for (let n = 0; n < g.n; n++) {
      packB(f32, p.dy / F + n * g.k * ohw, ohw, false, g.k, ohw, f32, dyp / F);
      const target = pointwise ? p.dx + n * chw * F : dcol;
      heap.k.gemm(
        ckk, ohw, g.k, wtp, dyp, 8 * F, g.k * 8 * F, target, ohw * F, 0, 0, heap.tmp,
      ); // prettier-ignore
      if (dcolView) {
        const dxOff = p.dx / F + n * chw;
        f32.fill(0, dxOff, dxOff + chw);
        col2im(dcolView, g, f32, dxOff);
      }
    }
  };
}

/** dw = Σ over the batch of dy ⋆ x (the bias gradient is the caller's). */
export function conv2dBackwardFilter(
  heap: WasmHeap,
  p: { dy: number; x: number; dw: number; g: Conv2dGeometry },
): () => void {
  const { g } = p;
  const ckk = g.c * g.kh * g.kw;
  const ohw = g.oh * g.ow;
  const chw = g.c * g.h * g.w;
  const tables = im2colTables(g);
  const aFloats = packedASize(g.k, ohw);
  heap.reserveScratch((aFloats + packedBSize(ohw, ckk)) * F);
  return () => {
    const s = heap.scratch;
    const f32 = heap.f32;
    const dyp = s;
    const rowp = s + aFloats * F;
    for (let n = 0; n < g.n; n++) {
      packA(f32, p.dy / F + n * g.k * ohw, ohw, false, g.k, ohw, f32, dyp / F);
      im2rowPacked(f32, p.x / F + n * chw, g, tables, f32, rowp / F);
      heap.k.gemm(
        g.k, ckk, ohw, dyp, rowp, 8 * F, ohw * 8 * F,
        p.dw, ckk * F, n > 0 ? GEMM_FLAG.accumulate : 0, 0, heap.tmp,
      ); // prettier-ignore
    }
  };
}

/** c[m×n] = op(a)·op(b) (+ bias per column) (ReLU fused; other activations by the caller). */
export function matmul(
  heap: WasmHeap,
  p: {
    a: number; b: number; c: number; m: number; n: number; k: number;
    transA: boolean; transB: boolean; bias: number; act: Activation;
  }, // prettier-ignore
): () => void {
  const { m, n, k, transA, transB } = p;
  const aFloats = packedASize(m, k);
  heap.reserveScratch((aFloats + packedBSize(k, n)) * F);
  const flags = (p.bias ? GEMM_FLAG.colBias : 0) | (p.act === 'relu' ? GEMM_FLAG.relu : 0);
  return () => {
    const f32 = heap.f32;
    if (k === 0) {
      // No reduction: C is the bias (or zero); the caller applies other activations.
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const v = p.bias ? f32[p.bias / F + j] : 0;
          f32[p.c / F + i * n + j] = p.act === 'relu' && v < 0 ? 0 : v;
        }
      }
      return;
    }
    const ap = heap.scratch;
    const bp = ap + aFloats * F;
    packA(f32, p.a / F, transA ? m : k, transA, m, k, f32, ap / F);
    packB(f32, p.b / F, transB ? k : n, transB, k, n, f32, bp / F);
    heap.k.gemm(m, n, k, ap, bp, 8 * F, k * 8 * F, p.c, n * F, flags, p.bias, heap.tmp);
  };
}
