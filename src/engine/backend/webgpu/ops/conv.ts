// Host side of shaders/conv.wgsl. Three implicit GEMMs with register tiles:
//   forward        y = act(conv(x, w) + b): weights relaid out as [C, kh, kw, Kpad] (a small
//                  dispatch each step, since the optimizer changes them), then the tiled kernel.
//   input grad     stride 1: the same forward kernel on dy with the flipped, channel-swapped
//                  filter and padding (extent − 1 − p); strides > 1: a gather kernel.
//   filter grad    partial sums over bands of (batch, row) — the reduction split — then one
//                  pass adding the bands; the bias gradient rides along in the same passes.
import type { Activation, Backend, Conv2dGeometry, Kernel } from '../../backend';
import type { GpuContext } from '../context';
import { makeKernel, type Step } from '../kernel';
import { asGpu, type GpuTensor } from '../tensors';
import { fused, NO_FUSION, type Fusion } from './fusion';

const roundUp = (v: number, m: number) => Math.ceil(v / m) * m;

/** Distinct input offsets a row segment of `rn` outputs and `kw` taps reads: q·s + j·d. */
function positions(rn: number, kw: number, s: number, d: number): number[] {
  const set = new Set<number>();
  for (let q = 0; q < rn; q++) for (let j = 0; j < kw; j++) set.add(q * s + j * d);
  return [...set].sort((a, b) => a - b);
}

export interface ForwardShape {
  n: number;
  cin: number;
  h: number;
  w: number;
  cout: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
  oh: number;
  ow: number;
}

/** Tile overrides, for tuning kernels on a new adapter (WebGpuBackendOptions.tuning). */
export interface ConvTuning {
  /** Forward (and stride-1 input gradient): output pixels and 4-channel groups per thread. */
  readonly forward?: (s: ForwardShape) => ForwardTile | undefined;
  /** Filter gradient: filters and kernel rows per thread, threads to aim for. */
  readonly filter?: (g: Conv2dGeometry) => FilterTile | undefined;
}

export interface ForwardTile {
  /** Output pixels (consecutive in a row) per thread. */
  readonly rn: number;
  /** Groups of 4 output channels per thread. */
  readonly rm4: number;
  /** Loads shared across a 4-lane subgroup: input rows ('x'), weights ('w') or none. */
  readonly share: 'none' | 'x' | 'w';
}

/** Pixels per thread: a divisor of the row near `want` wastes no lanes at the row's end. */
function pixelsPerThread(ow: number, want: number): number {
  if (ow <= want) return ow;
  let best = 1;
  for (let rn = 1; rn <= want; rn++) {
    const waste = Math.ceil(ow / rn) * rn - ow;
    const bestWaste = Math.ceil(ow / best) * best - ow;
    if (waste / ow <= 0.125 && (rn > best || bestWaste / ow > 0.125)) best = rn;
  }
  return best;
}

function forwardTile(ctx: GpuContext, s: ForwardShape): ForwardTile {
  const tuned = ctx.tuning.conv?.forward?.(s);
  if (tuned) return tuned;
  if (!ctx.emulated) return { rm4: s.cout <= 4 ? 1 : 2, rn: Math.min(4, s.ow), share: 'none' };
  // Emulated: long pixel rows per thread reuse each loaded input value KW times per channel.
  if (ctx.subgroups4 && s.cout >= 16) return { rm4: 1, rn: pixelsPerThread(s.ow, 16), share: 'x' };
  const rm4 = s.cout <= 4 ? 1 : 2;
  return {
    rm4,
    rn: pixelsPerThread(s.ow, rm4 === 1 ? 16 : 8),
    share: ctx.subgroups4 ? 'w' : 'none',
  };
}

export interface FilterTile {
  /** Filters per thread. */
  readonly rm: number;
  /** Kernel rows per thread. */
  readonly ri: number;
  /** Threads to aim for when splitting the reduction into bands. */
  readonly threads: number;
  /** 'dy': the lanes of a 4-wide subgroup take 4 input channels and share dy loads. */
  readonly share: 'none' | 'dy';
}

function filterTile(ctx: GpuContext, g: Conv2dGeometry): FilterTile {
  const tuned = ctx.tuning.conv?.filter?.(g);
  if (tuned) return tuned;
  const share = ctx.subgroups4 && g.c >= 4 ? 'dy' : 'none';
  // Measured on SwiftShader (CPU time): 16 filters × 3 kernel rows for 3×3 filters with shared
  // dy loads, 8 filters otherwise; 5×5 filters in two bands of rows.
  const small = g.kh * g.kw <= 9 && share === 'dy';
  return {
    rm: Math.min(small ? 16 : 8, g.k),
    ri: g.kh <= 3 ? g.kh : Math.ceil(g.kh / 2),
    threads: ctx.emulated ? 2048 : 16384,
    share,
  };
}

function relayout(
  ctx: GpuContext,
  w: GpuTensor,
  wt: GpuTensor,
  p: {
    cin: number;
    cout: number;
    coutP: number;
    kh: number;
    kw: number;
    flip: boolean;
    swap: boolean;
  },
  label: string,
): Step {
  const total = p.cin * p.kh * p.kw * p.coutP;
  return ctx.dispatch({
    label: `${label} weights`, shader: 'conv', entry: 'main',
    params: { ENTRY: 'relayout', CIN: p.cin, COUT: p.cout, COUTP: p.coutP, KH: p.kh, KW: p.kw, FLIP: p.flip ? 1 : 0, SWAP: p.swap ? 1 : 0 },
    tensors: [w, wt], workgroups: ctx.strideGroups(total),
  }); // prettier-ignore
}

/** Relayout + tiled forward convolution of `src` into `dst`. */
function forwardSteps(
  ctx: GpuContext,
  src: GpuTensor,
  w: GpuTensor,
  dst: GpuTensor,
  bias: GpuTensor | null,
  s: ForwardShape,
  act: Activation,
  alpha: number,
  flip: boolean,
  label: string,
  fusion: Fusion,
): Step[] {
  const { rm4, rn, share } = forwardTile(ctx, s);
  const coutP = roundUp(s.cout, 4 * rm4);
  const wt = ctx.scratch(s.cin * s.kh * s.kw * coutP, `${label}.wt`);
  const oxb = Math.ceil(s.ow / rn);
  const kb = coutP / (4 * rm4);
  const pix = s.n * s.oh * oxb;
  // Sharing variants run whole subgroups: 4 lanes per (pixel block, 4 channel blocks) or per
  // (4 pixel blocks, channel block).
  const threads =
    share === 'x'
      ? pix * 4 * Math.ceil(kb / 4)
      : share === 'w'
        ? Math.ceil(pix / 4) * 4 * kb
        : pix * kb;
  const span = Math.max(...positions(rn, s.kw, s.sw, s.dw)) + 1;
  const f = fused(fusion, bias ? [src, wt, dst, bias] : [src, wt, dst], act, alpha);
  return [
    relayout(ctx, w, wt, { cin: s.cin, cout: s.cout, coutP, kh: s.kh, kw: s.kw, flip, swap: false }, label),
    ctx.dispatch({
      label, shader: 'conv', entry: 'main',
      params: {
        ENTRY: 'forward', N: s.n, CIN: s.cin, H: s.h, W: s.w, COUT: s.cout, COUTP: coutP,
        KH: s.kh, KW: s.kw, SH: s.sh, SW: s.sw, PH: s.ph, PW: s.pw, DH: s.dh, DW: s.dw,
        OH: s.oh, OW: s.ow, RN: rn, RM4: rm4, OXB: oxb, KB: kb, SHARE: share, PIXG: Math.ceil(pix / 4),
        NXS: Math.ceil(span / 4), NWS: Math.ceil((s.kw * rm4) / 4),
        POS: positions(rn, s.kw, s.sw, s.dw), HAS_BIAS: bias ? 1 : 0, ...f.params,
      },
      tensors: f.tensors,
      workgroups: Math.ceil(threads / 64),
    }),
  ]; // prettier-ignore
}

function forwardShape(g: Conv2dGeometry): ForwardShape {
  return {
    n: g.n, cin: g.c, h: g.h, w: g.w, cout: g.k, kh: g.kh, kw: g.kw, sh: g.sh, sw: g.sw,
    ph: g.ph, pw: g.pw, dh: g.dh, dw: g.dw, oh: g.oh, ow: g.ow,
  }; // prettier-ignore
}

export function conv2d(
  ctx: GpuContext,
  p: Parameters<Backend['conv2d']>[0],
  fusion: Fusion = NO_FUSION,
): Kernel {
  const label = `conv2d ${p.y.label}`;
  const [x, w, y] = [asGpu(p.x), asGpu(p.w), asGpu(p.y)];
  const b = p.b ? asGpu(p.b) : null;
  const s = forwardShape(p.g);
  return makeKernel(label, forwardSteps(ctx, x, w, y, b, s, p.act, p.alpha, false, label, fusion));
}

export function conv2dBackwardData(
  ctx: GpuContext,
  p: Parameters<Backend['conv2dBackwardData']>[0],
  fusion: Fusion = NO_FUSION,
): Kernel {
  const { g } = p;
  const label = `conv2d.dx ${p.dx.label}`;
  const [dy, w, dx] = [asGpu(p.dy), asGpu(p.w), asGpu(p.dx)];
  if (g.sh === 1 && g.sw === 1) {
    // dx = conv(dy, flip(w)ᵀ) with padding (dilated extent − 1 − p): a stride-1 forward pass.
    const s: ForwardShape = {
      n: g.n, cin: g.k, h: g.oh, w: g.ow, cout: g.c, kh: g.kh, kw: g.kw, sh: 1, sw: 1,
      ph: (g.kh - 1) * g.dh - g.ph, pw: (g.kw - 1) * g.dw - g.pw, dh: g.dh, dw: g.dw, oh: g.h, ow: g.w,
    }; // prettier-ignore
    return makeKernel(label, forwardSteps(ctx, dy, w, dx, null, s, 'none', 0, true, label, fusion));
  }
  const rm4 = g.c <= 4 ? 1 : 2;
  const cp = roundUp(g.c, 4 * rm4);
  const wt = ctx.scratch(g.k * g.kh * g.kw * cp, `${label}.wt`);
  const cb = cp / (4 * rm4);
  const threads = g.n * g.h * g.w * cb;
  const f = fused(fusion, [dy, wt, dx]);
  return makeKernel(label, [
    relayout(ctx, w, wt, { cin: g.k, cout: g.c, coutP: cp, kh: g.kh, kw: g.kw, flip: false, swap: true }, label),
    ctx.dispatch({
      label, shader: 'conv', entry: 'main',
      params: {
        ENTRY: 'backward_data_strided', N: g.n, C: g.c, H: g.h, W: g.w, K: g.k, CP: cp, KH: g.kh,
        KW: g.kw, SH: g.sh, SW: g.sw, PH: g.ph, PW: g.pw, DH: g.dh, DW: g.dw, OH: g.oh, OW: g.ow,
        RM4: rm4, CB: cb, ...f.params,
      },
      tensors: f.tensors, workgroups: Math.ceil(threads / 64),
    }),
  ]); // prettier-ignore
}

export function conv2dBackwardFilter(
  ctx: GpuContext,
  p: Parameters<Backend['conv2dBackwardFilter']>[0],
): Kernel {
  const { g } = p;
  const label = `conv2d.dw ${p.dw.label}`;
  const [dy, x, dw] = [asGpu(p.dy), asGpu(p.x), asGpu(p.dw)];
  const db = p.db ? asGpu(p.db) : null;
  const tile = filterTile(ctx, g);
  const { rm, ri } = tile;
  const kb = Math.ceil(g.k / rm);
  // In 'dy' sharing mode a tile is 4 input channels, one per lane.
  const lanes = tile.share === 'dy' ? 4 : 1;
  const tiles = kb * Math.ceil(g.c / lanes) * lanes * Math.ceil(g.kh / ri);
  const rows = g.n * g.oh;
  // Split the batch×rows reduction into bands so there are enough threads to fill the device;
  // each band writes partial sums that a second pass adds (deterministic, no atomics).
  let rps = Math.max(1, Math.ceil(rows / Math.max(1, Math.ceil(tile.threads / tiles))));
  const splits = Math.ceil(rows / rps);
  rps = Math.ceil(rows / splits);
  const hasBias = db ? 1 : 0;
  const prow = g.c * g.kh * g.kw + hasBias;
  const partial = ctx.scratch(splits * g.k * prow, `${label}.partial`);
  const geo = {
    N: g.n, C: g.c, H: g.h, W: g.w, K: g.k, KH: g.kh, KW: g.kw, SH: g.sh, SW: g.sw, PH: g.ph,
    PW: g.pw, DH: g.dh, DW: g.dw, OH: g.oh, OW: g.ow, HAS_BIAS: hasBias,
  }; // prettier-ignore
  return makeKernel(label, [
    ctx.dispatch({
      label: `${label} partial`, shader: 'conv', entry: 'main',
      params: { ...geo, ENTRY: 'filter_partial', RM: rm, RI: ri, KB: kb, RPS: rps, SPLITS: splits, SPAN: (g.kw - 1) * g.dw + 1, SHARE: tile.share },
      tensors: [x, dy, partial], workgroups: Math.ceil((tiles * splits) / 64),
    }),
    ctx.dispatch({
      label, shader: 'conv', entry: 'main',
      params: { ...geo, ENTRY: 'filter_reduce', SPLITS: splits },
      tensors: db ? [partial, dw, db] : [partial, dw], workgroups: ctx.strideGroups(g.k * prow),
    }),
  ]); // prettier-ignore
}
