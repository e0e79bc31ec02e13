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
//              filters × RI filter rows of one input channel, and sums over a band of output
//              rows with a sliding window of inputs in registers; a second pass adds the bands.

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
#if SHARE != 'none'
enable subgroups;
#end
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
const KB = {{KB}}u;
const KH = {{KH}};
const OH = {{OH}}u;
const OW = {{OW}}u;
const OXB = {{OXB}}u;
const PIX = N * OH * OXB;

// SHARE (CPU-emulated adapters with 4-wide subgroups, where every load is a per-lane gather
// and the expensive part of the kernel): the 4 lanes of a subgroup split the loads and
// exchange values with subgroupBroadcast, a register shuffle.
//   'x': the lanes compute 4 channel blocks of the same pixels; each loads a quarter of the
//        input row segment.
//   'w': the lanes compute 4 pixel blocks with the same channels; each loads a quarter of the
//        weights.
// Every lane stays active to the end (no early return), as subgroup operations require.
@compute @workgroup_size(WG)
fn main(
  @builtin(local_invocation_index) li: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
#if SHARE != 'none'
  @builtin(subgroup_invocation_id) lane: u32,
#end
) {
  let t = (wid.x + wid.y * nwg.x) * WG + li;
#if SHARE == 'x'
  let grp = t / 4u;
  let kb = min((grp / PIX) * 4u + lane, KB - 1u);
  let pixRaw = grp % PIX;
  let live = grp / PIX * 4u + lane < KB && grp < PIX * {{(KB + 3) / 4}}u;
#elif SHARE == 'w'
  let grp = t / 4u;
  let kb = min(grp / {{PIXG}}u, KB - 1u);
  let pixRaw = (grp % {{PIXG}}u) * 4u + lane;
  let live = pixRaw < PIX && grp < {{PIXG}}u * KB;
#else
  if (t >= PIX * KB) {
    return;
  }
  // The channel block varies slowest, so neighbouring invocations load the same weights.
  let kb = t / PIX;
  let pixRaw = t - kb * PIX;
  let live = true;
#end
  let pix = min(pixRaw, PIX - 1u);
  let row = pix / OXB;
  let oxb = pix - row * OXB;
  let n = row / OH;
  let oy = row - n * OH;
  let ox0 = oxb * {{RN}}u;
  let ix0 = i32(ox0) * {{SW}} - {{PW}};
  let iy0 = i32(oy) * {{SH}} - {{PH}};
  // Which input columns of the segment exist: fixed for the whole reduction.
#if SHARE == 'x'
  // Lane L loads positions 4·s + L of the segment.
#for s in 0..NXS
  let cv{{s}} = u32(ix0 + {{4 * s}} + i32(lane)) < u32(W);
#end
#else
#for d in POS
  let cv{{d}} = u32(ix0 + {{d}}) < u32(W);
#end
#end
#for q in 0..RN
#for m in 0..RM4
  var acc{{q}}_{{m}} = vec4<f32>();
#end
#end
#if SHARE == 'x'
  var rowBase = i32(n * CIN) * H * W + iy0 * W + ix0 + i32(lane);
#else
  var rowBase = i32(n * CIN) * H * W + iy0 * W + ix0;
#end
#if SHARE == 'w'
  // Lane L loads weight vectors L, L + 4, ... of the KW·RM4 a kernel row needs.
  var wi = kb * {{RM4}}u;
#else
  var wi = kb * {{RM4}}u;
#end
  for (var ci = 0u; ci < CIN; ci++) {
    for (var i = 0; i < KH; i++) {
      let rv = u32(iy0 + i * {{DH}}) < u32(H);
      let rb = rowBase + i * {{DH}} * W;
      // Out-of-range indices are never used: select() discards them (and WebGPU clamps the
      // access to the buffer anyway).
#if SHARE == 'x'
#for s in 0..NXS
      let ls{{s}} = select(0.0, src[u32(rb + {{4 * s}})], rv && cv{{s}});
#end
#for d in POS
      let x{{d}} = subgroupBroadcast(ls{{d / 4}}, {{d % 4}}u);
#end
#else
#for d in POS
      let x{{d}} = select(0.0, src[u32(rb + {{d}})], rv && cv{{d}});
#end
#end
#if SHARE == 'w'
#for s in 0..NWS
      let lw{{s}} = wt[wi + min({{4 * s}}u + lane, {{KW * RM4 - 1}}u) / {{RM4}}u * COUTP4 + min({{4 * s}}u + lane, {{KW * RM4 - 1}}u) % {{RM4}}u];
#end
#end
#for j in 0..KW
#for m in 0..RM4
#if SHARE == 'w'
      let w{{j}}_{{m}} = subgroupBroadcast(lw{{(j * RM4 + m) / 4}}, {{(j * RM4 + m) % 4}}u);
#else
      let w{{j}}_{{m}} = wt[wi + {{j * COUTP / 4 + m}}u];
#end
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
  if (!live) {
    return;
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
        let v = acc{{q}}_{{m}}[{{e}}] + b;
        dst[o + {{q}}u] = own_value(v);
        fused_store(o + {{q}}u, v);
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
      let o = (n * C + c) * H * W + r;
      dx[o] = acc{{m}}[{{e}}];
      fused_store(o, acc{{m}}[{{e}}]);
    }
  }
#end
#end
}
#end

#if ENTRY == 'filter_partial'
// dw[k, c, i, j] = Σ_{n, oy, ox} dy[n, k, oy, ox] · x[n, c, oy·SH − PH + i·DH, ox·SW − PW + j·DW]
// Each thread owns RM filters × RI kernel rows (of one input channel) × all KW taps, and walks a
// band of output rows pixel by pixel. Per pixel it loads RM values of dy and, per kernel row,
// only the SW input values entering a sliding window of SPAN = (KW − 1)·DW + 1 values kept in
// registers: RM + RI·SW loads feed RM·RI·KW multiply-adds. With SHARE == 'dy' (4-wide
// subgroups on emulated adapters) the 4 lanes take 4 input channels of the same filters and
// rows, and each loads a quarter of the dy values.
#if SHARE == 'dy'
enable subgroups;
// The band loop's bounds depend on the subgroup index, equal for its 4 lanes (consecutive
// invocations): control flow is subgroup-uniform, which the analysis cannot see.
diagnostic(off, subgroup_uniformity);
#end
@group(0) @binding(1) var<storage, read_write> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dy: array<f32>;
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
const IB = {{(KH + RI - 1) / RI}}u;
#if SHARE == 'dy'
const CG = {{(C + 3) / 4}}u;
const TILES = {{KB}}u * CG * IB;
const THREADS = TILES * 4u * {{SPLITS}}u;
#else
const TILES = {{KB}}u * C * IB;
const THREADS = TILES * {{SPLITS}}u;
#end
/** Partial row length: every filter tap, plus the bias sum when there is a bias. */
const PROW = C * KH * KW + {{HAS_BIAS}}u;

@compute @workgroup_size(WG)
fn main(
  @builtin(local_invocation_index) li: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
#if SHARE == 'dy'
  @builtin(subgroup_invocation_id) lane: u32,
#end
) {
  let t = (wid.x + wid.y * nwg.x) * WG + li;
#if SHARE == 'dy'
  // Whole subgroups stay active (subgroup operations); surplus lanes compute and store nothing.
  let grp = min(t / 4u, TILES * {{SPLITS}}u - 1u);
  let live = t < THREADS;
  let split = grp / TILES;
  let tile = grp - split * TILES;
  let ib = tile % IB;
  let cRaw = ((tile / IB) % CG) * 4u + lane;
  let c = min(cRaw, C - 1u);
  let k0 = (tile / (IB * CG)) * {{RM}}u;
  let store = live && cRaw < C;
#else
  if (t >= THREADS) {
    return;
  }
  let split = t / TILES;
  let tile = t - split * TILES;
  let ib = tile % IB;
  let c = (tile / IB) % C;
  let k0 = (tile / (IB * C)) * {{RM}}u;
  let store = true;
#end
  let i0 = ib * {{RI}}u;
#for m in 0..RM
#for ii in 0..RI
#for j in 0..KW
  var acc{{m}}_{{ii}}_{{j}} = 0.0;
#end
#end
  var bacc{{m}} = 0.0;
#end
  let rowEnd = min((split + 1u) * RPS, ROWS);
  for (var row = split * RPS; row < rowEnd; row++) {
    let n = row / OH;
    let oy = row - n * OH;
#for ii in 0..RI
    let iy{{ii}} = i32(oy) * {{SH}} - {{PH}} + i32(i0 + {{ii}}u) * {{DH}};
    let rv{{ii}} = u32(iy{{ii}}) < u32(H) && i0 + {{ii}}u < KH;
    let xr{{ii}} = i32((n * C + c) * u32(H * W)) + iy{{ii}} * W - {{PW}};
#end
    // Filters past K (when K is not a multiple of RM) read the last filter and are never stored.
#if SHARE == 'dy'
    // Lane L loads filters L, L + 4, ...
#for s in 0..(RM + 3) / 4
    let dyl{{s}} = (n * K + min(k0 + {{4 * s}}u + lane, K - 1u)) * OH * OW + oy * OW;
#end
#else
#for m in 0..RM
    let dyr{{m}} = (n * K + min(k0 + {{m}}u, K - 1u)) * OH * OW + oy * OW;
#end
#end
    // The window holds x at columns ox·SW − PW + s, s < SPAN; prime the part the first pixel
    // shares with no shift.
#for ii in 0..RI
#for s in 0..SPAN - SW
    var w{{ii}}_{{s}} = select(0.0, src[u32(xr{{ii}} + {{s}})], rv{{ii}} && u32(i32({{s}}) - {{PW}}) < u32(W));
#end
#for s in SPAN - SW..SPAN
#if s >= 0
    var w{{ii}}_{{s}} = 0.0;
#end
#end
#end
    for (var ox = 0u; ox < OW; ox++) {
      let ixb = i32(ox) * {{SW}};
      // Load the SW columns entering the window.
#for ii in 0..RI
#for s in SPAN - SW..SPAN
#if s >= 0
      w{{ii}}_{{s}} = select(0.0, src[u32(xr{{ii}} + ixb + {{s}})], rv{{ii}} && u32(ixb + {{s}} - {{PW}}) < u32(W));
#end
#end
#end
#if SHARE == 'dy'
#for s in 0..(RM + 3) / 4
      let gl{{s}} = dy[dyl{{s}} + ox];
#end
#end
#for m in 0..RM
      {
#if SHARE == 'dy'
        let g = subgroupBroadcast(gl{{m / 4}}, {{m % 4}}u);
#else
        let g = dy[dyr{{m}} + ox];
#end
#for ii in 0..RI
#for j in 0..KW
        acc{{m}}_{{ii}}_{{j}} += g * w{{ii}}_{{j * DW}};
#end
#end
#if HAS_BIAS
        bacc{{m}} += g;
#end
      }
#end
      // Shift the window by SW columns.
#for ii in 0..RI
#for s in 0..SPAN - SW
      w{{ii}}_{{s}} = w{{ii}}_{{s + SW}};
#end
#end
    }
  }
  if (!store) {
    return;
  }
#for m in 0..RM
  if (k0 + {{m}}u < K) {
    let pb = (split * K + k0 + {{m}}u) * PROW;
#for ii in 0..RI
    if (i0 + {{ii}}u < KH) {
#for j in 0..KW
      partial[pb + (c * KH + i0 + {{ii}}u) * KW + {{j}}u] = acc{{m}}_{{ii}}_{{j}};
#end
    }
#end
#if HAS_BIAS
    if (c == 0u && i0 == 0u) {
      partial[pb + PROW - 1u] = bacc{{m}};
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
