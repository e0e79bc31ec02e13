// The kernels of the wasm module, generated with the assembler in asm.ts. Elementwise kernels
// are here because in plain JavaScript their data-dependent branches (x < 0 ? …) mispredict on
// half the elements of a real activation map, which costs more than the arithmetic: a SIMD
// compare and mask has no branch at all.
import { assemble, F32, Fn, I32, V128 } from './asm';
import { col2imFn, copyRowsFn, gemmDotFn, im2colFn } from './conv-kernels';
import { gemmFn } from './gemm-kernel';
import { maxPool2x2BackwardFn, maxPool2x2Fn } from './pool-kernels';

export interface KernelExports {
  /** See gemm-kernel.ts. */
  gemm(
    m: number, n: number, k: number, ap: number, b: number, bRow: number, bPanel: number,
    c: number, ldc: number, flags: number, bias: number, tmp: number,
  ): void; // prettier-ignore
  /** See conv-kernels.ts. */
  gemmDot(
    m: number, n: number, k: number, a: number, lda: number, b: number, ldb: number,
    c: number, ldc: number, acc: number,
  ): void; // prettier-ignore
  im2col(
    x: number, col: number, ldb: number, c: number, h: number, w: number, kh: number,
    kw: number, sh: number, sw: number, ph: number, dh: number, oh: number, ow: number,
    jtab: number, pad: number,
  ): void; // prettier-ignore
  col2im(
    col: number, ldb: number, dx: number, c: number, h: number, w: number, kh: number,
    kw: number, sh: number, sw: number, ph: number, dh: number, oh: number, ow: number,
    jtab: number, unused: number,
  ): void; // prettier-ignore
  copyRows(
    src: number, srcStride: number, dst: number, dstStride: number, rows: number, cols: number,
    pad: number,
  ): void; // prettier-ignore
  /** See pool-kernels.ts. */
  maxPool2x2(
    x: number, y: number, argmax: number, planes: number, h: number, w: number, oh: number,
    ow: number,
  ): void; // prettier-ignore
  maxPool2x2Backward(
    dy: number, argmax: number, dx: number, planes: number, h: number, w: number, oh: number,
    ow: number,
  ): void; // prettier-ignore
  /** out[ch] = Σ over n and hw of dy[n, ch, hw]. */
  channelSum(dy: number, out: number, n: number, c: number, hw: number): void;
  /** y[i] = max(0, x[i]) for n floats (x may equal y). */
  relu(x: number, y: number, n: number): void;
  /** dx[i] = y[i] > 0 ? dy[i] : 0 for n floats. */
  reluBackward(y: number, dy: number, dx: number, n: number): void;
}

/**
 * Emits a loop over n floats: 4 at a time through `vec(offsetBytes)`, then one at a time through
 * `scalar(offsetBytes)`; both push nothing and get the byte offset in local `o`.
 */
function elementwise(f: Fn, n: number, vec: (o: number) => void, scalar: (o: number) => void) {
  const o = f.local(I32);
  const end = f.local(I32);
  const vend = f.local(I32);
  f.get(n).i32(2).i32Shl().set(end);
  f.get(end).i32(-16).i32And().set(vend);
  f.forRange(
    o,
    () => f.i32(0),
    () => f.get(vend),
    16,
    () => vec(o),
  );
  f.forRange(
    o,
    () => f.get(vend),
    () => f.get(end),
    4,
    () => scalar(o),
  );
}

function reluFn(): Fn {
  const f = new Fn('relu', [I32, I32, I32]);
  const [x, y, n] = [0, 1, 2];
  const zero = f.local(V128);
  f.v128Zero().set(zero);
  elementwise(
    f,
    n,
    (o) => {
      f.get(y).get(o).i32Add();
      // pmax(x, 0) = x < 0 ? 0 : x — NaN stays NaN, as in the JavaScript path.
      f.get(x).get(o).i32Add().v128Load().get(zero).f32x4Pmax();
      f.v128Store();
    },
    (o) => {
      f.get(y).get(o).i32Add();
      // x < 0 ? 0 : x
      f.f32(0).get(x).get(o).i32Add().f32Load();
      f.get(x).get(o).i32Add().f32Load().f32(0).f32Lt();
      f.select();
      f.f32Store();
    },
  );
  return f;
}

function reluBackwardFn(): Fn {
  const f = new Fn('reluBackward', [I32, I32, I32, I32]);
  const [y, dy, dx, n] = [0, 1, 2, 3];
  const zero = f.local(V128);
  f.v128Zero().set(zero);
  elementwise(
    f,
    n,
    (o) => {
      f.get(dx).get(o).i32Add();
      f.get(dy).get(o).i32Add().v128Load();
      f.get(y).get(o).i32Add().v128Load().get(zero).f32x4Gt();
      f.v128And().v128Store();
    },
    (o) => {
      f.get(dx).get(o).i32Add();
      // y > 0 ? dy : 0
      f.get(dy).get(o).i32Add().f32Load().f32(0);
      f.get(y).get(o).i32Add().f32Load().f32(0).f32Gt();
      f.select();
      f.f32Store();
    },
  );
  return f;
}

/**
 * channelSum(dy, out, n, c, hw): out[ch] = Σ over n and hw of dy[n, ch, hw] — the bias gradient
 * of a convolution, 4 lanes at a time.
 */
function channelSumFn(): Fn {
  const f = new Fn('channelSum', [I32, I32, I32, I32, I32]);
  const [dy, out, n, c, hw] = [0, 1, 2, 3, 4];
  const i = f.local(I32);
  const ch = f.local(I32);
  const p = f.local(I32);
  const end = f.local(I32);
  const vend = f.local(I32);
  const acc = f.local(V128);
  const s = f.local(F32);
  f.forRange(
    ch,
    () => f.i32(0),
    () => f.get(c),
    1,
    () => {
      f.get(out).get(ch).i32(2).i32Shl().i32Add().f32(0).f32Store();
    },
  );
  f.get(dy).set(p);
  f.forRange(
    i,
    () => f.i32(0),
    () => f.get(n),
    1,
    () => {
      f.forRange(
        ch,
        () => f.i32(0),
        () => f.get(c),
        1,
        () => {
          f.get(p).get(hw).i32(2).i32Shl().i32Add().set(end);
          f.get(p).get(hw).i32(-4).i32And().i32(2).i32Shl().i32Add().set(vend);
          f.v128Zero().set(acc);
          f.forRange(
            p,
            () => f.get(p),
            () => f.get(vend),
            16,
            () => {
              f.get(acc).get(p).v128Load().f32x4Add().set(acc);
            },
          );
          f.get(acc).f32x4ExtractLane(0).get(acc).f32x4ExtractLane(1).f32Add();
          f.get(acc).f32x4ExtractLane(2).get(acc).f32x4ExtractLane(3).f32Add();
          f.f32Add().set(s);
          f.forRange(
            p,
            () => f.get(p),
            () => f.get(end),
            4,
            () => {
              f.get(s).get(p).f32Load().f32Add().set(s);
            },
          );
          f.get(out).get(ch).i32(2).i32Shl().i32Add();
          f.get(out).get(ch).i32(2).i32Shl().i32Add().f32Load().get(s).f32Add();
          f.f32Store();
        },
      );
    },
  );
  return f;
}

export function buildKernelModule(): Uint8Array<ArrayBuffer> {
  return assemble(
    [
      gemmFn('gemm'),
      gemmDotFn(),
      im2colFn(),
      col2imFn(),
      copyRowsFn(),
      maxPool2x2Fn(),
      maxPool2x2BackwardFn(),
      reluFn(),
      reluBackwardFn(),
      channelSumFn(),
    ],
    { shared: false },
  );
}
