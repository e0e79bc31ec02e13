// The SIMD GEMM at the heart of the wasm CPU path: C (+)= A·B (+ bias, ReLU) with A packed in
// panels of MR rows and B given as panels of NR columns with free row and panel strides, so a
// fully packed B (matmul) and a row-major one (the convolution's column matrix, read in place)
// are both just strides. A row-major B whose row stride is a multiple of 4 KiB maps the walk
// down a panel onto one L1 set and runs 2–3× slower; the conv callers pad the stride (ops.ts).
//
// Register blocking: an MR×NR tile of C stays in MR·NR/4 v128 locals for the whole reduction;
// each step loads NR/4 vectors of one B row and broadcasts MR values of one A column
// (v128.load32_splat), so each loaded B vector feeds MR multiply-adds. V8 gives wasm 16 xmm
// registers on x64; of the tiles tried (2×16, 3×16, 4×8, 4×12, 4×16, 5×8, 6×8, 8×8) 4×8
// (8 accumulators + 2 B vectors + 1 broadcast) was the most consistently fast on this
// repository's conv shapes, 40–60 GFLOP/s on one core of the dev machine (bench/CPU-NOTES.md).
// Relaxed-SIMD fused multiply-add measured no faster there and is not used.
//
// Edges: tiles that stick out past M or N go through a small scratch tile, so C can be any
// row-major matrix (an output tensor) and needs no padding.
import { Fn, I32, V128, type Local } from './asm';

export const GEMM_MR = 4;
export const GEMM_NR = 8;

/** Bits of gemm's `flags` argument. */
export const GEMM_FLAG = {
  /** C += A·B instead of C = A·B. */
  accumulate: 1,
  /** Apply max(0, ·) after bias (PyTorch's relu: NaN passes through). */
  relu: 2,
  /** Add bias[i] to row i (conv: one bias per output channel). */
  rowBias: 4,
  /** Add bias[j] to column j (dense: one bias per unit). */
  colBias: 8,
} as const;

/** Bytes of scratch the edge path needs (one tile). */
export const GEMM_TMP_BYTES = GEMM_MR * GEMM_NR * 4;

/**
 * gemm(M, N, K, ap, b, bRow, bPanel, c, ldc, flags, bias, tmp); sizes in elements, the rest in
 * bytes:
 *   ap      A packed: panel i holds rows [i·MR, i·MR + MR) as K columns of MR floats
 *           (rows past M zero).
 *   b       B element (p, j) at b + ⌊j/NR⌋·bPanel + p·bRow + (j mod NR)·4; columns past N are
 *           read (and should be zero or at least finite) but never stored.
 *   c, ldc  C row-major with byte row stride ldc.
 *   bias    read only when a bias flag is set; may be read up to 7 elements past its end.
 *   tmp     GEMM_TMP_BYTES of scratch for edge tiles.
 * K must be ≥ 1.
 */
export function gemmFn(name: string): Fn {
  const mr = GEMM_MR;
  const nr = GEMM_NR;
  const nv = nr / 4;
  const f = new Fn(name, [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [M, N, K, ap, b, bRow, bPanel, c, ldc, flags, bias, tmp] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]; // prettier-ignore
  const j0 = f.local(I32);
  const i0 = f.local(I32);
  const bj = f.local(I32);
  const cj = f.local(I32);
  const ai = f.local(I32);
  const ci = f.local(I32);
  const pa = f.local(I32);
  const pb = f.local(I32);
  const pend = f.local(I32);
  const aPanelBytes = f.local(I32);
  const full = f.local(I32);
  const rows = f.local(I32);
  const cols = f.local(I32);
  const r = f.local(I32);
  const q = f.local(I32);
  const src = f.local(I32);
  const dst = f.local(I32);
  const rowPtr: Local[] = [];
  for (let k = 0; k < mr; k++) rowPtr.push(f.local(I32));
  const accs: Local[][] = [];
  for (let k = 0; k < mr; k++) {
    accs.push([]);
    for (let v = 0; v < nv; v++) accs[k].push(f.local(V128));
  }
  const bv: Local[] = [];
  for (let v = 0; v < nv; v++) bv.push(f.local(V128));
  const t = f.local(V128);

  const flag = (bit: number) => f.get(flags).i32(bit).i32And();
  /** Copies the valid rows×cols part between C (row pointers) and tmp, either way. */
  const edgeCopy = (toTmp: boolean) => {
    f.forRange(
      r,
      () => f.i32(0),
      () => f.get(rows),
      1,
      () => {
        // src/dst: C row r and tmp row r.
        f.get(ci)
          .get(r)
          .get(ldc)
          .i32Mul()
          .i32Add()
          .set(toTmp ? src : dst);
        f.get(tmp)
          .get(r)
          .i32(nr * 4)
          .i32Mul()
          .i32Add()
          .set(toTmp ? dst : src);
        f.forRange(
          q,
          () => f.i32(0),
          () => f.get(cols),
          1,
          () => {
            f.get(dst).get(q).i32(2).i32Shl().i32Add();
            f.get(src).get(q).i32(2).i32Shl().i32Add().f32Load();
            f.f32Store();
          },
        );
      },
    );
  };

  f.get(K)
    .i32(mr * 4)
    .i32Mul()
    .set(aPanelBytes);
  f.get(b).set(bj);
  f.get(c).set(cj);
  f.forRange(
    j0,
    () => f.i32(0),
    () => f.get(N),
    nr,
    () => {
      f.get(ap).set(ai);
      f.get(cj).set(ci);
      // cols = min(nr, N - j0)
      f.get(N).get(j0).i32Sub().set(cols);
      f.get(cols)
        .i32(nr)
        .i32GtS()
        .if(() => f.i32(nr).set(cols));
      f.forRange(
        i0,
        () => f.i32(0),
        () => f.get(M),
        mr,
        () => {
          f.get(M).get(i0).i32Sub().set(rows);
          f.get(rows)
            .i32(mr)
            .i32GtS()
            .if(() => f.i32(mr).set(rows));
          f.get(rows).i32(mr).i32Eq().get(cols).i32(nr).i32Eq().i32And().set(full);
          // Row pointers of this tile: into C when the tile is whole, else into tmp.
          f.get(full).if(
            () => {
              f.get(ci).set(rowPtr[0]);
              for (let k = 1; k < mr; k++)
                f.get(rowPtr[k - 1])
                  .get(ldc)
                  .i32Add()
                  .set(rowPtr[k]);
            },
            () => {
              for (let k = 0; k < mr; k++)
                f.get(tmp)
                  .i32(k * nr * 4)
                  .i32Add()
                  .set(rowPtr[k]);
            },
          );
          flag(GEMM_FLAG.accumulate).if(
            () => {
              f.get(full)
                .i32Eqz()
                .if(() => {
                  for (let k = 0; k < mr; k++) {
                    for (let v = 0; v < nv; v++)
                      f.get(rowPtr[k])
                        .v128Zero()
                        .v128Store(16 * v);
                  }
                  edgeCopy(true);
                });
              for (let k = 0; k < mr; k++)
                for (let v = 0; v < nv; v++)
                  f.get(rowPtr[k])
                    .v128Load(16 * v)
                    .set(accs[k][v]);
            },
            () => {
              for (let k = 0; k < mr; k++)
                for (let v = 0; v < nv; v++) f.v128Zero().set(accs[k][v]);
            },
          );
          f.get(ai).set(pa);
          f.get(bj).set(pb);
          f.get(ai).get(aPanelBytes).i32Add().set(pend);
          f.loop(() => {
            for (let v = 0; v < nv; v++)
              f.get(pb)
                .v128Load(16 * v)
                .set(bv[v]);
            for (let k = 0; k < mr; k++) {
              f.get(pa)
                .v128Load32Splat(4 * k)
                .set(t);
              for (let v = 0; v < nv; v++) {
                f.get(accs[k][v]).get(t).get(bv[v]).f32x4Mul().f32x4Add().set(accs[k][v]);
              }
            }
            f.get(pa)
              .i32(mr * 4)
              .i32Add()
              .set(pa);
            f.get(pb).get(bRow).i32Add().set(pb);
            f.get(pa).get(pend).i32LtU().brIf(0);
          });
          // Epilogue: bias, activation (on registers, before the single store).
          flag(GEMM_FLAG.rowBias).if(() => {
            for (let k = 0; k < mr; k++) {
              f.get(bias)
                .get(i0)
                .i32(2)
                .i32Shl()
                .i32Add()
                .v128Load32Splat(4 * k)
                .set(t);
              for (let v = 0; v < nv; v++) f.get(accs[k][v]).get(t).f32x4Add().set(accs[k][v]);
            }
          });
          flag(GEMM_FLAG.colBias).if(() => {
            for (let v = 0; v < nv; v++) {
              f.get(bias)
                .get(j0)
                .i32(2)
                .i32Shl()
                .i32Add()
                .v128Load(16 * v)
                .set(bv[v]);
              for (let k = 0; k < mr; k++) f.get(accs[k][v]).get(bv[v]).f32x4Add().set(accs[k][v]);
            }
          });
          flag(GEMM_FLAG.relu).if(() => {
            f.v128Zero().set(t);
            for (let k = 0; k < mr; k++)
              for (let v = 0; v < nv; v++) f.get(accs[k][v]).get(t).f32x4Pmax().set(accs[k][v]);
          });
          for (let k = 0; k < mr; k++)
            for (let v = 0; v < nv; v++)
              f.get(rowPtr[k])
                .get(accs[k][v])
                .v128Store(16 * v);
          f.get(full)
            .i32Eqz()
            .if(() => edgeCopy(false));
          f.get(ai).get(aPanelBytes).i32Add().set(ai);
          f.get(ci).get(ldc).i32(mr).i32Mul().i32Add().set(ci);
        },
      );
      f.get(bj).get(bPanel).i32Add().set(bj);
      f.get(cj)
        .i32(nr * 4)
        .i32Add()
        .set(cj);
    },
  );
  return f;
}
