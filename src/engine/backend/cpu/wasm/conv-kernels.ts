// Data movement for convolution, in wasm: im2col into a row-major column matrix, its adjoint
// col2im, and a padded row copy. In JavaScript these ran at 1–3 ns per element and cost 3–4×
// the GEMM they feed; here the unit-stride runs move 4 floats per instruction.
//
// The column matrix is row-major [ckk × ldb]: row r = (c, i, j) holds, for every output pixel
// q = (oy, ox), the input sample x[c, oy·sh − ph + i·dh, ox·sw − pw + j·dw] (0 in the padding).
// For one (r, oy) the in-range pixels are one contiguous run [lo, hi) of ox, from a per-j table
// the host computes once: so the inner loops never test bounds per element.
import { F32, Fn, I32, V128, type Local, type ValType } from './asm';

/** Per kernel tap column j: [xShift = j·dw − pw, lo, hi] as three i32s. */
export const JTAB_STRIDE = 12;

/** Emits: store zeros to `count` floats at `ptr` (both locals, clobbered). */
function zeroRun(f: Fn, ptr: Local, count: Local): void {
  f.block(() => {
    f.loop(() => {
      f.get(count).i32(4).i32LtS().brIf(1);
      f.get(ptr).v128Zero().v128Store();
      f.get(ptr).i32(16).i32Add().set(ptr);
      f.get(count).i32(4).i32Sub().set(count);
      f.br(0);
    });
  });
  f.block(() => {
    f.loop(() => {
      f.get(count).i32(1).i32LtS().brIf(1);
      f.get(ptr).f32(0).f32Store();
      f.get(ptr).i32(4).i32Add().set(ptr);
      f.get(count).i32(1).i32Sub().set(count);
      f.br(0);
    });
  });
}

/**
 * Emits: for `count` floats, dst[i] = src[i] (or dst[i] += src[i] when `add`), 4 at a time
 * then one at a time; all three locals are clobbered.
 */
function moveRun(f: Fn, dst: Local, src: Local, count: Local, add: boolean): void {
  f.block(() => {
    f.loop(() => {
      f.get(count).i32(4).i32LtS().brIf(1);
      f.get(dst);
      f.get(src).v128Load();
      if (add) f.get(dst).v128Load().f32x4Add();
      f.v128Store();
      f.get(dst).i32(16).i32Add().set(dst);
      f.get(src).i32(16).i32Add().set(src);
      f.get(count).i32(4).i32Sub().set(count);
      f.br(0);
    });
  });
  f.block(() => {
    f.loop(() => {
      f.get(count).i32(1).i32LtS().brIf(1);
      f.get(dst);
      f.get(src).f32Load();
      if (add) f.get(dst).f32Load().f32Add();
      f.f32Store();
      f.get(dst).i32(4).i32Add().set(dst);
      f.get(src).i32(4).i32Add().set(src);
      f.get(count).i32(1).i32Sub().set(count);
      f.br(0);
    });
  });
}

/**
 * Shared walk over rows r = (c, i, j) and output rows oy of the column matrix. `run` is called
 * for each in-range run with locals: d (column-matrix address of ox = 0 of this (r, oy)), xrow
 * (input address of ox = 0, i.e. x[c, iy, xShift]), lo, hi. `outOfRange` for (r, oy) whose
 * input row is padding (or whose run is empty). `rowEnd` after each r with d at its end.
 */
function convWalk(
  f: Fn,
  p: {
    x: Local; col: Local; ldb: Local; C: Local; H: Local; W: Local; kh: Local; kw: Local;
    sh: Local; ph: Local; dh: Local; oh: Local; ow: Local; jtab: Local;
  }, // prettier-ignore
  body: {
    run: (v: { d: Local; xrow: Local; lo: Local; hi: Local }) => void;
    outOfRange: (d: Local) => void;
    rowEnd: (d: Local) => void;
  },
): void {
  const c = f.local(I32);
  const i = f.local(I32);
  const j = f.local(I32);
  const oy = f.local(I32);
  const plane = f.local(I32);
  const rowPtr = f.local(I32);
  const d = f.local(I32);
  const jt = f.local(I32);
  const xShift = f.local(I32);
  const lo = f.local(I32);
  const hi = f.local(I32);
  const iy = f.local(I32);
  const xrow = f.local(I32);
  const planeBytes = f.local(I32);
  const rowBytes = f.local(I32);

  f.get(p.H).get(p.W).i32Mul().i32(2).i32Shl().set(planeBytes);
  f.get(p.ow).i32(2).i32Shl().set(rowBytes);
  f.get(p.col).set(rowPtr);
  f.get(p.x).set(plane);
  f.forRange(
    c,
    () => f.i32(0),
    () => f.get(p.C),
    1,
    () => {
      f.forRange(
        i,
        () => f.i32(0),
        () => f.get(p.kh),
        1,
        () => {
          f.get(p.jtab).set(jt);
          f.forRange(
            j,
            () => f.i32(0),
            () => f.get(p.kw),
            1,
            () => {
              f.get(jt).i32Load(0).set(xShift);
              f.get(jt).i32Load(4).set(lo);
              f.get(jt).i32Load(8).set(hi);
              f.get(rowPtr).set(d);
              // iy = i·dh − ph, then += sh per output row.
              f.get(i).get(p.dh).i32Mul().get(p.ph).i32Sub().set(iy);
              f.forRange(
                oy,
                () => f.i32(0),
                () => f.get(p.oh),
                1,
                () => {
                  // In range: 0 ≤ iy < H (one unsigned compare) and a non-empty run.
                  f.get(iy).get(p.H).i32LtU().get(lo).get(hi).i32LtS().i32And();
                  f.if(
                    () => {
                      f.get(plane).get(iy).get(p.W).i32Mul().get(xShift).i32Add().i32(2).i32Shl();
                      f.i32Add().set(xrow);
                      body.run({ d, xrow, lo, hi });
                    },
                    () => body.outOfRange(d),
                  );
                  f.get(d).get(rowBytes).i32Add().set(d);
                  f.get(iy).get(p.sh).i32Add().set(iy);
                },
              );
              body.rowEnd(d);
              f.get(rowPtr).get(p.ldb).i32Add().set(rowPtr);
              f.get(jt).i32(JTAB_STRIDE).i32Add().set(jt);
            },
          );
        },
      );
      f.get(plane).get(planeBytes).i32Add().set(plane);
    },
  );
}

const CONV_PARAMS: readonly ValType[] = new Array<ValType>(16).fill(I32);

/**
 * im2col(x, col, ldb, C, H, W, kh, kw, sh, sw, ph, dh, oh, ow, jtab, pad): pointers and ldb in
 * bytes. Writes every row's ohw values and then `pad` zeros (so a GEMM reading whole 8-column
 * panels reads zeros past ohw).
 */
export function im2colFn(): Fn {
  const f = new Fn('im2col', CONV_PARAMS);
  const [x, col, ldb, C, H, W, kh, kw, sh, sw, ph, dh, oh, ow, jtab, pad] = CONV_PARAMS.map((_, i) => i); // prettier-ignore
  const ptr = f.local(I32);
  const n = f.local(I32);
  const src = f.local(I32);
  const ox = f.local(I32);
  convWalk(
    f,
    { x, col, ldb, C, H, W, kh, kw, sh, ph, dh, oh, ow, jtab },
    {
      run: ({ d, xrow, lo, hi }) => {
        // [0, lo) zeros, [lo, hi) copied, [hi, ow) zeros.
        f.get(d).set(ptr).get(lo).set(n);
        zeroRun(f, ptr, n);
        f.get(sw)
          .i32(1)
          .i32Eq()
          .if(
            () => {
              f.get(d).get(lo).i32(2).i32Shl().i32Add().set(ptr);
              f.get(xrow).get(lo).i32(2).i32Shl().i32Add().set(src);
              f.get(hi).get(lo).i32Sub().set(n);
              moveRun(f, ptr, src, n, false);
            },
            () => {
              f.forRange(
                ox,
                () => f.get(lo),
                () => f.get(hi),
                1,
                () => {
                  f.get(d).get(ox).i32(2).i32Shl().i32Add();
                  f.get(xrow).get(ox).get(sw).i32Mul().i32(2).i32Shl().i32Add().f32Load();
                  f.f32Store();
                },
              );
            },
          );
        f.get(d).get(hi).i32(2).i32Shl().i32Add().set(ptr);
        f.get(ow).get(hi).i32Sub().set(n);
        zeroRun(f, ptr, n);
      },
      outOfRange: (d) => {
        f.get(d).set(ptr).get(ow).set(n);
        zeroRun(f, ptr, n);
      },
      rowEnd: (d) => {
        f.get(d).set(ptr).get(pad).set(n);
        zeroRun(f, ptr, n);
      },
    },
  );
  return f;
}

/**
 * col2im(dcol, ldb, dx, C, H, W, kh, kw, sh, sw, ph, dh, oh, ow, jtab, _): dx[…] += dcol[…],
 * the adjoint of im2col; dx must be zeroed by the caller.
 */
export function col2imFn(): Fn {
  const f = new Fn('col2im', CONV_PARAMS);
  // Same parameter order as im2col, with (x ↔ dx) playing the image and col the matrix.
  const [col, ldb, x, C, H, W, kh, kw, sh, sw, ph, dh, oh, ow, jtab] = CONV_PARAMS.map((_, i) => i); // prettier-ignore
  const ptr = f.local(I32);
  const n = f.local(I32);
  const src = f.local(I32);
  const ox = f.local(I32);
  const dst = f.local(I32);
  convWalk(
    f,
    { x, col, ldb, C, H, W, kh, kw, sh, ph, dh, oh, ow, jtab },
    {
      run: ({ d, xrow, lo, hi }) => {
        f.get(sw)
          .i32(1)
          .i32Eq()
          .if(
            () => {
              f.get(xrow).get(lo).i32(2).i32Shl().i32Add().set(ptr);
              f.get(d).get(lo).i32(2).i32Shl().i32Add().set(src);
              f.get(hi).get(lo).i32Sub().set(n);
              moveRun(f, ptr, src, n, true);
            },
            () => {
              f.forRange(
                ox,
                () => f.get(lo),
                () => f.get(hi),
                1,
                () => {
                  f.get(xrow).get(ox).get(sw).i32Mul().i32(2).i32Shl().i32Add().tee(dst);
                  f.get(dst).f32Load();
                  f.get(d).get(ox).i32(2).i32Shl().i32Add().f32Load();
                  f.f32Add().f32Store();
                },
              );
            },
          );
      },
      outOfRange: () => {},
      rowEnd: () => {},
    },
  );
  return f;
}

/**
 * copyRows(src, srcStride, dst, dstStride, rows, cols, pad): copies a rows×cols block between
 * row strides (bytes) and writes `pad` zeros after each destination row.
 */
export function copyRowsFn(): Fn {
  const f = new Fn('copyRows', [I32, I32, I32, I32, I32, I32, I32]);
  const [src, srcStride, dst, dstStride, rows, cols, pad] = [0, 1, 2, 3, 4, 5, 6];
  const r = f.local(I32);
  const s = f.local(I32);
  const d = f.local(I32);
  const n = f.local(I32);
  f.forRange(
    r,
    () => f.i32(0),
    () => f.get(rows),
    1,
    () => {
      f.get(src).get(r).get(srcStride).i32Mul().i32Add().set(s);
      f.get(dst).get(r).get(dstStride).i32Mul().i32Add().set(d);
      f.get(cols).set(n);
      moveRun(f, d, s, n, false);
      f.get(pad).set(n);
      zeroRun(f, d, n);
    },
  );
  return f;
}

/**
 * gemmDot(M, N, K, a, lda, b, ldb, c, ldc, acc): C[i][j] (+)= Σ_p A[i][p]·B[j][p] with A and B
 * both row-major along the reduction (strides in bytes). This is the weight gradient
 * dW = dY·colᵀ without transposing anything: both operands are contiguous along the output
 * pixels. A 4×2 tile of dot products keeps 8 vector accumulators (4 partial sums each), reads
 * 6 vectors per 8 multiply-adds, and sums lanes once at the end. Edge tiles repeat the last
 * row or column (in range, so harmless) and store only what is inside C.
 */
export function gemmDotFn(): Fn {
  const MR = 4;
  const NR = 2;
  const f = new Fn('gemmDot', [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [M, N, K, a, lda, b, ldb, c, ldc, acc] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const i0 = f.local(I32);
  const j0 = f.local(I32);
  const p = f.local(I32);
  const kv = f.local(I32);
  const kBytes = f.local(I32);
  const idx = f.local(I32);
  const ar: Local[] = Array.from({ length: MR }, () => f.local(I32));
  const br: Local[] = Array.from({ length: NR }, () => f.local(I32));
  const accs: Local[][] = Array.from({ length: MR }, () =>
    Array.from({ length: NR }, () => f.local(V128)),
  );
  const av: Local[] = Array.from({ length: MR }, () => f.local(V128));
  const bv = f.local(V128);
  const sums: Local[][] = Array.from({ length: MR }, () =>
    Array.from({ length: NR }, () => f.local(F32)),
  );
  const cAddr = f.local(I32);

  // Vector part covers K rounded down to 4; bytes.
  f.get(K).i32(-4).i32And().i32(2).i32Shl().set(kv);
  f.get(K).i32(2).i32Shl().set(kBytes);
  f.forRange(
    i0,
    () => f.i32(0),
    () => f.get(M),
    MR,
    () => {
      // Row pointers, clamped to the last row.
      for (let r = 0; r < MR; r++) {
        f.get(i0).i32(r).i32Add().set(idx);
        f.get(idx)
          .get(M)
          .i32GeS()
          .if(() => f.get(M).i32(1).i32Sub().set(idx));
        f.get(a).get(idx).get(lda).i32Mul().i32Add().set(ar[r]);
      }
      f.forRange(
        j0,
        () => f.i32(0),
        () => f.get(N),
        NR,
        () => {
          for (let q = 0; q < NR; q++) {
            f.get(j0).i32(q).i32Add().set(idx);
            f.get(idx)
              .get(N)
              .i32GeS()
              .if(() => f.get(N).i32(1).i32Sub().set(idx));
            f.get(b).get(idx).get(ldb).i32Mul().i32Add().set(br[q]);
          }
          for (let r = 0; r < MR; r++) for (let q = 0; q < NR; q++) f.v128Zero().set(accs[r][q]);
          f.forRange(
            p,
            () => f.i32(0),
            () => f.get(kv),
            16,
            () => {
              for (let r = 0; r < MR; r++) f.get(ar[r]).get(p).i32Add().v128Load().set(av[r]);
              for (let q = 0; q < NR; q++) {
                f.get(br[q]).get(p).i32Add().v128Load().set(bv);
                for (let r = 0; r < MR; r++) {
                  f.get(accs[r][q]).get(av[r]).get(bv).f32x4Mul().f32x4Add().set(accs[r][q]);
                }
              }
            },
          );
          // Lane sums, then the K mod 4 tail in scalar.
          for (let r = 0; r < MR; r++) {
            for (let q = 0; q < NR; q++) {
              f.get(accs[r][q]).f32x4ExtractLane(0);
              f.get(accs[r][q]).f32x4ExtractLane(1).f32Add();
              f.get(accs[r][q]).f32x4ExtractLane(2);
              f.get(accs[r][q]).f32x4ExtractLane(3).f32Add();
              f.f32Add().set(sums[r][q]);
            }
          }
          f.forRange(
            p,
            () => f.get(kv),
            () => f.get(kBytes),
            4,
            () => {
              for (let r = 0; r < MR; r++) {
                for (let q = 0; q < NR; q++) {
                  f.get(sums[r][q]);
                  f.get(ar[r]).get(p).i32Add().f32Load();
                  f.get(br[q]).get(p).i32Add().f32Load();
                  f.f32Mul().f32Add().set(sums[r][q]);
                }
              }
            },
          );
          for (let r = 0; r < MR; r++) {
            for (let q = 0; q < NR; q++) {
              f.get(i0).i32(r).i32Add().get(M).i32LtS();
              f.get(j0).i32(q).i32Add().get(N).i32LtS();
              f.i32And().if(() => {
                f.get(c).get(i0).i32(r).i32Add().get(ldc).i32Mul().i32Add();
                f.get(j0).i32(q).i32Add().i32(2).i32Shl().i32Add().set(cAddr);
                // C = sum + (acc ? C : 0)
                f.get(cAddr).get(sums[r][q]);
                f.get(cAddr).f32Load().f32(0).get(acc).select();
                f.f32Add().f32Store();
              });
            }
          }
        },
      );
    },
  );
  return f;
}
