// 2×2 stride-2 max pooling (by far the common case) in wasm SIMD. In JavaScript, pooling's
// compare-and-keep branch mispredicts on real data and pooling cost as much as a convolution.
// Here four outputs are done at once: two vector loads per input row, an i8x16.shuffle to split
// even and odd columns, and compare + bitselect to keep the winner and its index, with no branch.
//
// Tie and NaN rules are the JavaScript kernel's exactly: a candidate replaces the best so far
// when !(v <= best), scanning the window row by row, so the first maximum wins and a NaN shows
// up in the output. Indices are flat input indices stored as float32, like the JS path (exact
// below 2^24 elements).
import { F32, Fn, I32, V128, type Local } from './asm';

/** i8x16.shuffle lane bytes selecting float lanes (0–3 first vector, 4–7 second). */
function floatLanes(lanes: readonly number[]): number[] {
  return lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]);
}

function f32Vec(values: readonly number[]): number[] {
  return Array.from(new Uint8Array(new Float32Array(values).buffer));
}

const EVEN = floatLanes([0, 2, 4, 6]);
const ODD = floatLanes([1, 3, 5, 7]);
const LO = floatLanes([0, 4, 1, 5]);
const HI = floatLanes([2, 6, 3, 7]);

/**
 * maxPool2x2(x, y, argmax, planes, h, w, oh, ow): y[p, oy, ox] = max of x[p, 2oy..2oy+1,
 * 2ox..2ox+1], argmax the flat input index of the winner. Pointers in bytes.
 */
export function maxPool2x2Fn(): Fn {
  const f = new Fn('maxPool2x2', [I32, I32, I32, I32, I32, I32, I32, I32]);
  const [x, y, am, planes, h, w, oh, ow] = [0, 1, 2, 3, 4, 5, 6, 7];
  const p = f.local(I32);
  const oy = f.local(I32);
  const ox = f.local(I32);
  const ow4 = f.local(I32);
  const r0 = f.local(I32);
  const r1 = f.local(I32);
  const out = f.local(I32);
  const rowIdx = f.local(I32);
  const a = f.local(V128);
  const b = f.local(V128);
  const best = f.local(V128);
  const idx = f.local(V128);
  const base = f.local(V128);
  const cand = f.local(V128);
  const m = f.local(V128);
  const wv = f.local(V128);
  const e1 = f.local(V128);
  const o1 = f.local(V128);
  const sBest = f.local(F32);
  const sIdx = f.local(F32);
  const sv = f.local(F32);
  const sBase = f.local(F32);
  const q = f.local(I32);
  const c = f.local(I32);

  /** Keeps candidate `v` and the index `ci` pushes where !(v <= best). */
  const keep = (v: Local, ci: () => void) => {
    f.get(v).get(best).f32x4Le().v128Not().set(m);
    f.get(v).get(best).get(m).v128Bitselect().set(best);
    ci();
    f.get(idx).get(m).v128Bitselect().set(idx);
  };
  const keepScalar = (v: () => void, vi: () => void) => {
    v();
    f.set(sv);
    // c = !(v <= best); best = c ? v : best; idx = c ? vi : idx.
    f.get(sv).get(sBest).f32Le().i32Eqz().set(c);
    f.get(sv).get(sBest).get(c).select().set(sBest);
    vi();
    f.get(sIdx).get(c).select().set(sIdx);
  };

  f.get(ow).i32(-4).i32And().set(ow4);
  f.get(w).f32ConvertI32S().f32x4Splat().set(wv);
  f.get(y).set(out);
  f.forRange(
    p,
    () => f.i32(0),
    () => f.get(planes),
    1,
    () => {
      f.forRange(
        oy,
        () => f.i32(0),
        () => f.get(oh),
        1,
        () => {
          // Flat index of input row 2oy of plane p, and the two row addresses.
          f.get(p).get(h).i32Mul().get(oy).i32(1).i32Shl().i32Add().get(w).i32Mul().set(rowIdx);
          f.get(x).get(rowIdx).i32(2).i32Shl().i32Add().set(r0);
          f.get(r0).get(w).i32(2).i32Shl().i32Add().set(r1);
          f.forRange(
            ox,
            () => f.i32(0),
            () => f.get(ow4),
            4,
            () => {
              // Input columns 2ox … 2ox+7 of both rows, split into even and odd columns.
              f.get(r0).get(ox).i32(3).i32Shl().i32Add().v128Load().set(a);
              f.get(r0).get(ox).i32(3).i32Shl().i32Add().v128Load(16).set(b);
              f.get(a).get(b).i8x16Shuffle(EVEN).set(best);
              f.get(a).get(b).i8x16Shuffle(ODD).set(cand);
              f.get(r1).get(ox).i32(3).i32Shl().i32Add().v128Load().set(a);
              f.get(r1).get(ox).i32(3).i32Shl().i32Add().v128Load(16).set(b);
              f.get(a).get(b).i8x16Shuffle(EVEN).set(e1);
              f.get(a).get(b).i8x16Shuffle(ODD).set(o1);
              // Index of (row 0, even column) for the four outputs: rowIdx + 2ox + (0, 2, 4, 6).
              f.get(rowIdx).get(ox).i32(1).i32Shl().i32Add().f32ConvertI32S().f32x4Splat();
              f.v128Const(f32Vec([0, 2, 4, 6]))
                .f32x4Add()
                .set(base);
              f.get(base).set(idx);
              keep(cand, () =>
                f
                  .get(base)
                  .v128Const(f32Vec([1, 1, 1, 1]))
                  .f32x4Add(),
              );
              keep(e1, () => f.get(base).get(wv).f32x4Add());
              keep(o1, () =>
                f
                  .get(base)
                  .get(wv)
                  .f32x4Add()
                  .v128Const(f32Vec([1, 1, 1, 1]))
                  .f32x4Add(),
              );
              f.get(out).get(ox).i32(2).i32Shl().i32Add().get(best).v128Store();
              f.get(am).get(out).get(y).i32Sub().i32Add().get(ox).i32(2).i32Shl().i32Add();
              f.get(idx).v128Store();
            },
          );
          // Remaining outputs one at a time, same rule.
          f.forRange(
            ox,
            () => f.get(ow4),
            () => f.get(ow),
            1,
            () => {
              f.get(rowIdx).get(ox).i32(1).i32Shl().i32Add().set(q);
              f.get(q).f32ConvertI32S().set(sBase);
              f.get(x).get(q).i32(2).i32Shl().i32Add().f32Load().set(sBest);
              f.get(sBase).set(sIdx);
              keepScalar(
                () => f.get(x).get(q).i32(2).i32Shl().i32Add().f32Load(4),
                () => f.get(sBase).f32(1).f32Add(),
              );
              keepScalar(
                () => f.get(r1).get(ox).i32(3).i32Shl().i32Add().f32Load(),
                () => f.get(sBase).get(w).f32ConvertI32S().f32Add(),
              );
              keepScalar(
                () => f.get(r1).get(ox).i32(3).i32Shl().i32Add().f32Load(4),
                () => f.get(sBase).get(w).f32ConvertI32S().f32Add().f32(1).f32Add(),
              );
              f.get(out).get(ox).i32(2).i32Shl().i32Add().get(sBest).f32Store();
              f.get(am).get(out).get(y).i32Sub().i32Add().get(ox).i32(2).i32Shl().i32Add();
              f.get(sIdx).f32Store();
            },
          );
          f.get(out).get(ow).i32(2).i32Shl().i32Add().set(out);
        },
      );
    },
  );
  return f;
}

/**
 * maxPool2x2Backward(dy, argmax, dx, planes, h, w, oh, ow): every input of a window gets dy if
 * it was the window's winner, else 0. Windows do not overlap, so this writes each covered input
 * exactly once and needs no zero fill or scatter; when h or w is odd the caller zeroes the
 * uncovered last row/column first.
 */
export function maxPool2x2BackwardFn(): Fn {
  const f = new Fn('maxPool2x2Backward', [I32, I32, I32, I32, I32, I32, I32, I32]);
  const [dy, am, dx, planes, h, w, oh, ow] = [0, 1, 2, 3, 4, 5, 6, 7];
  const p = f.local(I32);
  const oy = f.local(I32);
  const ox = f.local(I32);
  const ow4 = f.local(I32);
  const r0 = f.local(I32);
  const r1 = f.local(I32);
  const o = f.local(I32);
  const rowIdx = f.local(I32);
  const g = f.local(V128);
  const ia = f.local(V128);
  const base = f.local(V128);
  const wv = f.local(V128);
  const v00 = f.local(V128);
  const v01 = f.local(V128);
  const v10 = f.local(V128);
  const v11 = f.local(V128);
  const sg = f.local(F32);
  const si = f.local(F32);
  const sb = f.local(F32);
  const one = f32Vec([1, 1, 1, 1]);

  /** dy where argmax == candidate index, else 0. */
  const masked = (idx: () => void, into: Local) => {
    f.get(g).get(ia);
    idx();
    f.f32x4Eq().v128And().set(into);
  };
  const scalarOut = (addr: () => void, idx: () => void) => {
    addr();
    f.get(sg).f32(0);
    f.get(si);
    idx();
    f.f32Eq().select().f32Store();
  };

  f.get(ow).i32(-4).i32And().set(ow4);
  f.get(w).f32ConvertI32S().f32x4Splat().set(wv);
  f.i32(0).set(o);
  f.forRange(
    p,
    () => f.i32(0),
    () => f.get(planes),
    1,
    () => {
      f.forRange(
        oy,
        () => f.i32(0),
        () => f.get(oh),
        1,
        () => {
          f.get(p).get(h).i32Mul().get(oy).i32(1).i32Shl().i32Add().get(w).i32Mul().set(rowIdx);
          f.get(dx).get(rowIdx).i32(2).i32Shl().i32Add().set(r0);
          f.get(r0).get(w).i32(2).i32Shl().i32Add().set(r1);
          f.forRange(
            ox,
            () => f.i32(0),
            () => f.get(ow4),
            4,
            () => {
              f.get(dy).get(o).i32Add().get(ox).i32(2).i32Shl().i32Add().v128Load().set(g);
              f.get(am).get(o).i32Add().get(ox).i32(2).i32Shl().i32Add().v128Load().set(ia);
              f.get(rowIdx).get(ox).i32(1).i32Shl().i32Add().f32ConvertI32S().f32x4Splat();
              f.v128Const(f32Vec([0, 2, 4, 6]))
                .f32x4Add()
                .set(base);
              masked(() => f.get(base), v00);
              masked(() => f.get(base).v128Const(one).f32x4Add(), v01);
              masked(() => f.get(base).get(wv).f32x4Add(), v10);
              masked(() => f.get(base).get(wv).f32x4Add().v128Const(one).f32x4Add(), v11);
              // Interleave even/odd columns back into input order.
              f.get(r0).get(ox).i32(3).i32Shl().i32Add().get(v00).get(v01).i8x16Shuffle(LO);
              f.v128Store();
              f.get(r0).get(ox).i32(3).i32Shl().i32Add().get(v00).get(v01).i8x16Shuffle(HI);
              f.v128Store(16);
              f.get(r1).get(ox).i32(3).i32Shl().i32Add().get(v10).get(v11).i8x16Shuffle(LO);
              f.v128Store();
              f.get(r1).get(ox).i32(3).i32Shl().i32Add().get(v10).get(v11).i8x16Shuffle(HI);
              f.v128Store(16);
            },
          );
          f.forRange(
            ox,
            () => f.get(ow4),
            () => f.get(ow),
            1,
            () => {
              f.get(dy).get(o).i32Add().get(ox).i32(2).i32Shl().i32Add().f32Load().set(sg);
              f.get(am).get(o).i32Add().get(ox).i32(2).i32Shl().i32Add().f32Load().set(si);
              f.get(rowIdx).get(ox).i32(1).i32Shl().i32Add().f32ConvertI32S().set(sb);
              const at = (row: Local, off: number) => () =>
                f.get(row).get(ox).i32(3).i32Shl().i32Add().i32(off).i32Add();
              scalarOut(at(r0, 0), () => f.get(sb));
              scalarOut(at(r0, 4), () => f.get(sb).f32(1).f32Add());
              scalarOut(at(r1, 0), () => f.get(sb).get(w).f32ConvertI32S().f32Add());
              scalarOut(at(r1, 4), () =>
                f.get(sb).get(w).f32ConvertI32S().f32Add().f32(1).f32Add(),
              );
            },
          );
          f.get(o).get(ow).i32(2).i32Shl().i32Add().set(o);
        },
      );
    },
  );
  return f;
}
