// Max and average pooling, forward and backward. The geometry is baked into each pipeline as
// constants (template parameters), so index arithmetic divides by constants.
//
// Max pooling stores the winner's flat input index, bit-cast to f32 so that indices above 2^24
// stay exact (the argmax tensor is internal to the layer). Average pooling divides by the full
// window: padding counts as zeros (PyTorch's default). Backward passes gather: each input
// element sums the outputs whose window holds it, in output order as the CPU does, so
// overlapping windows need no atomics and the sums match the CPU's order.
//
// Fast paths (the usual 2×2/2 pooling): when every window lies inside the image (INSIDE) the
// forward loop is unrolled without bounds checks; when windows tile the image (TILING: stride =
// size, no padding) the backward pass runs one invocation per window, which writes its own
// inputs (the winner gets dy, the others 0) — no search for the windows holding an element.
// Backward passes can carry a fused activation backward (FUSE, see activation.wgsl).

@group(0) @binding(1) var<storage, read_write> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<storage, read_write> argmax: array<f32>;

const WG = 64u;
const PLANES = {{PLANES}}u;
const H = {{H}};
const W = {{W}};
const KH = {{KH}};
const KW = {{KW}};
const SH = {{SH}};
const SW = {{SW}};
const PH = {{PH}};
const PW = {{PW}};
const OH = {{OH}};
const OW = {{OW}};
const OUT_COUNT = PLANES * u32(OH * OW);
const IN_COUNT = PLANES * u32(H * W);

/** src = x, dst = y, argmax */
@compute @workgroup_size(WG)
fn max_fwd(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var o = gid.x; o < OUT_COUNT; o += nwg.x * WG) {
    let plane = o / u32(OH * OW);
    let r = i32(o - plane * u32(OH * OW));
    let oy = r / OW;
    let ox = r - oy * OW;
    let y0 = oy * SH - PH;
    let x0 = ox * SW - PW;
    let base = i32(plane) * H * W;
    var best = 0.0;
    var bestIdx = -1;
    var seen = false;
#if INSIDE
#for i in 0..KH
#for j in 0..KW
    {
      let idx = base + (y0 + {{i}}) * W + x0 + {{j}};
      let v = src[idx];
      if (!seen || !(v <= best)) {
        best = v;
        bestIdx = idx;
        seen = true;
      }
    }
#end
#end
#else
    for (var iy = max(y0, 0); iy < min(H, y0 + KH); iy++) {
      for (var ix = max(x0, 0); ix < min(W, x0 + KW); ix++) {
        let idx = base + iy * W + ix;
        let v = src[idx];
        // `!(v <= best)` lets NaN win as on the CPU; `seen` stands in for best = -Infinity.
        if (!seen || !(v <= best)) {
          best = v;
          bestIdx = idx;
          seen = true;
        }
      }
    }
#end
    // An empty window (only possible with padding > half the window) gives -Infinity as on the CPU.
    // (-Infinity cannot be a WGSL constant: build its bits from a runtime zero.)
    dst[o] = select(bitcast<f32>(0xff800000u + min(o, 0u)), best, seen);
    argmax[o] = bitcast<f32>(bestIdx);
  }
}

/** src = x, dst = y */
@compute @workgroup_size(WG)
fn avg_fwd(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var o = gid.x; o < OUT_COUNT; o += nwg.x * WG) {
    let plane = o / u32(OH * OW);
    let r = i32(o - plane * u32(OH * OW));
    let oy = r / OW;
    let ox = r - oy * OW;
    let y0 = oy * SH - PH;
    let x0 = ox * SW - PW;
    let base = i32(plane) * H * W;
    var s = 0.0;
#if INSIDE
#for i in 0..KH
#for j in 0..KW
    s += src[base + (y0 + {{i}}) * W + x0 + {{j}}];
#end
#end
#else
    for (var iy = max(y0, 0); iy < min(H, y0 + KH); iy++) {
      for (var ix = max(x0, 0); ix < min(W, x0 + KW); ix++) {
        s += src[base + iy * W + ix];
      }
    }
#end
    dst[o] = s * {{INV_WINDOW}};
  }
}

/** First and one-past-last output index along an axis whose windows contain input i. */
fn window_range(i: i32, k: i32, s: i32, p: i32, outSize: i32) -> vec2<i32> {
  // o·s − p ≤ i < o·s − p + k  ⇔  (i + p − k)/s < o ≤ (i + p)/s
  let hi = min((i + p) / s, outSize - 1);
  var lo = 0;
  let t = i + p - k + 1;
  if (t > 0) {
    lo = (t + s - 1) / s;
  }
  return vec2<i32>(lo, hi + 1);
}

/** src = dy, dst = dx, argmax */
@compute @workgroup_size(WG)
fn max_bwd(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var e = gid.x; e < IN_COUNT; e += nwg.x * WG) {
    let plane = e / u32(H * W);
    let r = i32(e - plane * u32(H * W));
    let iy = r / W;
    let ix = r - iy * W;
    let ry = window_range(iy, KH, SH, PH, OH);
    let rx = window_range(ix, KW, SW, PW, OW);
    let obase = i32(plane) * OH * OW;
    var s = 0.0;
    for (var oy = ry.x; oy < ry.y; oy++) {
      for (var ox = rx.x; ox < rx.y; ox++) {
        let o = obase + oy * OW + ox;
        if (bitcast<i32>(argmax[o]) == i32(e)) {
          s += src[o];
        }
      }
    }
    dst[e] = s;
    fused_store(e, s);
  }
}

/** src = dy, dst = dx */
@compute @workgroup_size(WG)
fn avg_bwd(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var e = gid.x; e < IN_COUNT; e += nwg.x * WG) {
    let plane = e / u32(H * W);
    let r = i32(e - plane * u32(H * W));
    let iy = r / W;
    let ix = r - iy * W;
    let ry = window_range(iy, KH, SH, PH, OH);
    let rx = window_range(ix, KW, SW, PW, OW);
    let obase = i32(plane) * OH * OW;
    var s = 0.0;
    for (var oy = ry.x; oy < ry.y; oy++) {
      for (var ox = rx.x; ox < rx.y; ox++) {
        s += src[obase + oy * OW + ox] * {{INV_WINDOW}};
      }
    }
    dst[e] = s;
    fused_store(e, s);
  }
}

// Tiling windows: one invocation per window of the image extended to whole windows (EOH×EOW;
// the extra windows past OH/OW only cover leftover rows/columns, which get zeros).
const EOH = {{(H + SH - 1) / SH}};
const EOW = {{(W + SW - 1) / SW}};
const WINDOWS = PLANES * u32(EOH * EOW);

/** src = dy, dst = dx, argmax (max) */
@compute @workgroup_size(WG)
fn tile_bwd(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var wi = gid.x; wi < WINDOWS; wi += nwg.x * WG) {
    let plane = wi / u32(EOH * EOW);
    let r = i32(wi - plane * u32(EOH * EOW));
    let oy = r / EOW;
    let ox = r - oy * EOW;
    let real = oy < OH && ox < OW;
    let o = i32(plane) * OH * OW + min(oy, OH - 1) * OW + min(ox, OW - 1);
    let g = select(0.0, src[o], real);
#if MODE == 'max'
    let winner = select(-1, bitcast<i32>(argmax[o]), real);
#else
    let share = g * {{INV_WINDOW}};
#end
    let base = i32(plane) * H * W + oy * SH * W + ox * SW;
#for i in 0..KH
#for j in 0..KW
    {
      let idx = base + {{i * W + j}};
#if !EXACT
      if (oy * SH + {{i}} < H && ox * SW + {{j}} < W) {
#end
#if MODE == 'max'
        let v = select(0.0, g, idx == winner);
#else
        let v = share;
#end
        dst[idx] = v;
        fused_store(u32(idx), v);
#if !EXACT
      }
#end
    }
#end
#end
  }
}
