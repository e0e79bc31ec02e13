// 2D convolution as implicit GEMMs, forward and backward, with register tiles and no workgroup
// memory. The geometry is baked in as constants (template parameters); loops over a thread's
// tile are unrolled by the template, because CPU-emulated adapters (SwiftShader) keep unrolled
// locals in registers but spill private arrays, and pay heavily for workgroup barriers.
//
// Entry points:
//   relayout   weights [K, C, kh, kw] → [Cin, kh, kw, CoutP] (CoutP = Cout padded to the tile),
//              so a thread loads 4 output channels' weights as one vec4. With FLIP it produces
//              the spatially flipped, channel-swapped filter that turns the input gradient of a
//              stride-1 convolution into a forward convolution of dy.
//   forward    out[n, co, oy, ox] = act(Σ_{ci, i, j} in[n, ci, iy, ix] · wt[ci, i, j, co] + b[co])
//              Each thread computes RN consecutive output pixels of one row × 4·RM4 channels.
//              For a fixed (ci, i) those RN pixels and KW taps read one input row segment, so
//              the thread loads each input value of the segment once (the POS offsets) and
//              reuses it across taps: that is what makes the kernel compute-bound.
//   backward_data_strided   dx for strides > 1: a gather over (k, i, j) per input pixel.
//   filter_partial / filter_reduce   dw (and db) split over batch×rows: each thread owns RM
//              filters × one (c, i) filter row × all KW taps, and sums over a band of output
//              rows, 4 pixels at a time (vec4 accumulators); a second pass adds the bands.

const WG = 64u;

#if ENTRY == 'relayout'
@group(0) @binding(1) var<storage, read_write> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> wt: array<f32>;

const CIN = {{CIN}}u;
const COUT = {{COUT}}u;
const COUTP = {{COUTP}}u;
const KH = {{KH}}u;
const KW = {{KW}}u;
const TOTAL = CIN * KH * KW * COUTP;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var e = gid.x; e < TOTAL; e += nwg.x * WG) {
    let co = e % COUTP;
    let rest = e / COUTP;
    let j = rest % KW;
    let i = (rest / KW) % KH;
    let ci = rest / (KW * KH);
    var v = 0.0;
    if (co < COUT) {
#if FLIP
      // Original weights are [ci = k][co = c][i][j]; flip both spatial axes.
      v = w[((ci * COUT + co) * KH + (KH - 1u - i)) * KW + (KW - 1u - j)];
#elif SWAP
      // Original weights are [ci = k][co = c][i][j], unflipped (strided input gradient).
      v = w[((ci * COUT + co) * KH + i) * KW + j];
#else
      // Original weights are [co][ci][i][j].
      v = w[((co * CIN + ci) * KH + i) * KW + j];
#end
    }
    wt[e] = v;
  }
}
#end

#if ENTRY == 'forward'
@group(0) @binding(1) var<storage, read_write> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> wt: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;
#if HAS_BIAS
@group(0) @binding(4) var<storage, read_write> bias: array<f32>;
#end

const N = {{N}}u;
const CIN = {{CIN}}u;
const H = {{H}};
const W = {{W}};
const COUT = {{COUT}}u;
const COUTP4 = {{COUTP / 4}}u;
const KH = {{KH}};
const OH = {{OH}}u;
const OW = {{OW}}u;
const OXB = {{OXB}}u;
const PIX_THREADS = N * OH * OXB;
const THREADS = PIX_THREADS * {{KB}}u;


@compute @workgroup_size(WG)
fn main(
  @builtin(local_invocation_index) li: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let t = (wid.x + wid.y * nwg.x) * WG + li;
  if (t >= THREADS) {
    return;
  }
  // The channel block varies slowest, so neighbouring invocations load the same weights.
  let kb = t / PIX_THREADS;
  let pix = t - kb * PIX_THREADS;
  let row = pix / OXB;
  let oxb = pix - row * OXB;
  let n = row / OH;
  let oy = row - n * OH;
  let ox0 = oxb * {{RN}}u;
  let ix0 = i32(ox0) * {{SW}} - {{PW}};
  let iy0 = i32(oy) * {{SH}} - {{PH}};
  // Which input columns of the segment exist: fixed for the whole reduction.
#for d in POS
  let cv{{d}} = u32(ix0 + {{d}}) < u32(W);
#end
#for q in 0..RN
#for m in 0..RM4
  var acc{{q}}_{{m}} = vec4<f32>();
#end
#end
  var rowBase = i32(n * CIN) * H * W + iy0 * W + ix0;
  var wi = kb * {{RM4}}u;
  for (var ci = 0u; ci < CIN; ci++) {
    for (var i = 0; i < KH; i++) {
      let rv = u32(iy0 + i * {{DH}}) < u32(H);
      let rb = rowBase + i * {{DH}} * W;
      // Out-of-range indices are never used: select() discards them (and WebGPU clamps the
      // access to the buffer anyway).
#for d in POS
      let x{{d}} = select(0.0, src[u32(rb + {{d}})], rv && cv{{d}});
#end
#for j in 0..KW
#for m in 0..RM4
      let w{{j}}_{{m}} = wt[wi + {{j * COUTP / 4 + m}}u];
#end
#for q in 0..RN
#for m in 0..RM4
      acc{{q}}_{{m}} += x{{q * SW + j * DW}} * w{{j}}_{{m}};
#end
#end
#end
      wi += {{KW}}u * COUTP4;
    }
    rowBase += H * W;
  }
  let outBase = n * COUT * OH * OW + oy * OW + ox0;
#for m in 0..RM4
#for e in 0..4
  {
    let co = kb * {{4 * RM4}}u + {{4 * m + e}}u;
    if (co < COUT) {
#if HAS_BIAS
      let b = bias[co];
#else
      let b = 0.0;
#end
      let o = outBase + co * OH * OW;
#for q in 0..RN
      if (ox0 + {{q}}u < OW) {
        dst[o + {{q}}u] = act_fwd(acc{{q}}_{{m}}[{{e}}] + b);
      }
#end
    }
  }
#end
#end
}
#end

#if ENTRY == 'backward_data_strided'
// dx[n, c, y, x] = Σ_{k, i, j} dy[n, k, oy, ox] · w[k, c, i, j] where oy·SH = y + PH − i·DH and
// ox·SW = x + PW − j·DW. wt is the SWAP relayout: [k][i][j][CP].
@group(0) @binding(1) var<storage, read_write> dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> wt: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;

const N = {{N}}u;
const C = {{C}}u;
const H = {{H}}u;
const W = {{W}}u;
const K = {{K}}u;
const CP4 = {{CP / 4}}u;
const KH = {{KH}};
const KW = {{KW}};
const OH = {{OH}};
const OW = {{OW}};
const PIX = N * H * W;
const THREADS = PIX * {{CB}}u;

@compute @workgroup_size(WG)
fn main(
  @builtin(local_invocation_index) li: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let t = (wid.x + wid.y * nwg.x) * WG + li;
  if (t >= THREADS) {
    return;
  }
  let cb = t / PIX;
  let p = t - cb * PIX;
  let n = p / (H * W);
  let r = p - n * H * W;
  let y = i32(r / W);
  let x = i32(r % W);
#for m in 0..RM4
  var acc{{m}} = vec4<f32>();
#end
  for (var k = 0u; k < K; k++) {
    let dyPlane = (n * K + k) * u32(OH * OW);
    for (var i = 0; i < KH; i++) {
      let ty = y + {{PH}} - i * {{DH}};
      let oy = ty / {{SH}};
      if (ty < 0 || ty - oy * {{SH}} != 0 || oy >= OH) {
        continue;
      }
      for (var j = 0; j < KW; j++) {
        let tx = x + {{PW}} - j * {{DW}};
        let ox = tx / {{SW}};
        if (tx < 0 || tx - ox * {{SW}} != 0 || ox >= OW) {
          continue;
        }
        let g = dy[dyPlane + u32(oy * OW + ox)];
        let wb = ((k * u32(KH) + u32(i)) * u32(KW) + u32(j)) * CP4 + cb * {{RM4}}u;
#for m in 0..RM4
        acc{{m}} += g * wt[wb + {{m}}u];
#end
      }
    }
  }
#for m in 0..RM4
#for e in 0..4
  {
    let c = cb * {{4 * RM4}}u + {{4 * m + e}}u;
    if (c < C) {
      dx[(n * C + c) * H * W + r] = acc{{m}}[{{e}}];
    }
  }
#end
#end
}
#end

#if ENTRY == 'filter_partial'
@group(0) @binding(1) var<storage, read_write> src: array<f32>;
#if DY_VEC
@group(0) @binding(2) var<storage, read_write> dy: array<vec4<f32>>;
#else
@group(0) @binding(2) var<storage, read_write> dy: array<f32>;
#end
@group(0) @binding(3) var<storage, read_write> partial: array<f32>;

const C = {{C}}u;
const H = {{H}};
const W = {{W}};
const K = {{K}}u;
const KH = {{KH}}u;
const KW = {{KW}}u;
const OH = {{OH}}u;
const OW = {{OW}}u;
const ROWS = {{N * OH}}u;
const RPS = {{RPS}}u;
const TILES = {{KB}}u * C * KH;
const THREADS = TILES * {{SPLITS}}u;
/** Partial row length: every filter tap, plus the bias sum when there is a bias. */
const PROW = C * KH * KW + {{HAS_BIAS}}u;

@compute @workgroup_size(WG)
fn main(
  @builtin(local_invocation_index) li: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let t = (wid.x + wid.y * nwg.x) * WG + li;
  if (t >= THREADS) {
    return;
  }
  let split = t / TILES;
  let tile = t - split * TILES;
  let i = tile % KH;
  let c = (tile / KH) % C;
  let kb = tile / (KH * C);
  let k0 = kb * {{RM}}u;
#for m in 0..RM
#for j in 0..KW
  var acc{{m}}_{{j}} = vec4<f32>();
#end
#if HAS_BIAS
  var bacc{{m}} = vec4<f32>();
#end
#end
  let rowEnd = min((split + 1u) * RPS, ROWS);
  for (var row = split * RPS; row < rowEnd; row++) {
    let n = row / OH;
    let oy = row - n * OH;
    let iy = i32(oy) * {{SH}} - {{PH}} + i32(i) * {{DH}};
    let rv = u32(iy) < u32(H);
    let xRow = i32((n * C + c) * u32(H * W)) + iy * W;
    // Rows of the RM filters (clamped to the last filter when K is not a multiple of RM; the
    // clamped ones are never stored).
#for m in 0..RM
    let dyRow{{m}} = (n * K + min(k0 + {{m}}u, K - 1u)) * OH * OW + oy * OW;
#end
    for (var ox0 = 0u; ox0 < OW; ox0 += 4u) {
      let ix0 = i32(ox0) * {{SW}} - {{PW}};
#for d in POS
      let x{{d}} = select(0.0, src[u32(xRow + ix0 + {{d}})], rv && u32(ix0 + {{d}}) < u32(W));
#end
#for j in 0..KW
      let xw{{j}} = vec4<f32>(x{{j * DW}}, x{{SW + j * DW}}, x{{2 * SW + j * DW}}, x{{3 * SW + j * DW}});
#end
#for m in 0..RM
#if DY_VEC
      let g{{m}} = dy[(dyRow{{m}} + ox0) / 4u];
#else
      let g{{m}} = vec4<f32>(
        dy[dyRow{{m}} + ox0],
        select(0.0, dy[dyRow{{m}} + ox0 + 1u], ox0 + 1u < OW),
        select(0.0, dy[dyRow{{m}} + ox0 + 2u], ox0 + 2u < OW),
        select(0.0, dy[dyRow{{m}} + ox0 + 3u], ox0 + 3u < OW),
      );
#end
#for j in 0..KW
      acc{{m}}_{{j}} += g{{m}} * xw{{j}};
#end
#if HAS_BIAS
      bacc{{m}} += g{{m}};
#end
#end
    }
  }
  let ones = vec4<f32>(1.0);
#for m in 0..RM
  if (k0 + {{m}}u < K) {
    let pb = (split * K + k0 + {{m}}u) * PROW;
#for j in 0..KW
    partial[pb + (c * KH + i) * KW + {{j}}u] = dot(acc{{m}}_{{j}}, ones);
#end
#if HAS_BIAS
    if (c == 0u && i == 0u) {
      partial[pb + PROW - 1u] = dot(bacc{{m}}, ones);
    }
#end
  }
#end
}
#end

#if ENTRY == 'filter_reduce'
@group(0) @binding(1) var<storage, read_write> partial: array<f32>;
@group(0) @binding(2) var<storage, read_write> dw: array<f32>;
#if HAS_BIAS
@group(0) @binding(3) var<storage, read_write> db: array<f32>;
#end

const K = {{K}}u;
const CKK = {{C * KH * KW}}u;
const PROW = CKK + {{HAS_BIAS}}u;
const SPLITS = {{SPLITS}}u;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var e = gid.x; e < K * PROW; e += nwg.x * WG) {
    var s = 0.0;
    for (var sp = 0u; sp < SPLITS; sp++) {
      s += partial[sp * K * PROW + e];
    }
    let k = e / PROW;
    let r = e - k * PROW;
#if HAS_BIAS
    if (r == CKK) {
      db[k] = s;
      continue;
    }
#end
    dw[k * CKK + r] = s;
  }
}
#end
