// Batch normalisation over (batch, spatial) per channel, for NC(HW) tensors; PyTorch's
// conventions (biased variance to normalise, unbiased variance in the running estimate).
// Statistics take one workgroup per channel and reduce in workgroup memory; the normalisation
// itself is elementwise.

struct U {
  n: u32,
  c: u32,
  hw: u32,
  total: u32,
  momentum: f32,
  eps: f32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> u: U;
@group(0) @binding(1) var<storage, read_write> t1: array<f32>;
@group(0) @binding(2) var<storage, read_write> t2: array<f32>;
@group(0) @binding(3) var<storage, read_write> t3: array<f32>;
@group(0) @binding(4) var<storage, read_write> t4: array<f32>;
@group(0) @binding(5) var<storage, read_write> t5: array<f32>;
@group(0) @binding(6) var<storage, read_write> t6: array<f32>;
@group(0) @binding(7) var<storage, read_write> t7: array<f32>;
@group(0) @binding(8) var<storage, read_write> t8: array<f32>;

const WG = 64u;
var<workgroup> red0: array<f32, WG>;
var<workgroup> red1: array<f32, WG>;

fn channel_of(wid: vec3u, nwg: vec3u) -> u32 {
  return wid.x + wid.y * nwg.x;
}

/** Index of the e-th element (over batch and spatial) of channel ch. */
fn element(ch: u32, e: u32) -> u32 {
  let img = e / u.hw;
  return (img * u.c + ch) * u.hw + (e - img * u.hw);
}

fn reduce2(li: u32) {
  workgroupBarrier();
  for (var w = WG / 2u; w > 0u; w = w / 2u) {
    if (li < w) {
      red0[li] += red0[li + w];
      red1[li] += red1[li + w];
    }
    workgroupBarrier();
  }
}

/** x = t1 → mean t2, invStd t3; running mean t4 and variance t5 updated. */
@compute @workgroup_size(WG)
fn stats(
  @builtin(local_invocation_index) li: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let ch = channel_of(wid, nwg);
  let valid = ch < u.c;
  let count = u.n * u.hw;
  var s = 0.0;
  if (valid) {
    for (var e = li; e < count; e += WG) {
      s += t1[element(ch, e)];
    }
  }
  red0[li] = s;
  red1[li] = 0.0;
  reduce2(li);
  let mu = red0[0] / f32(count);
  // Second pass over the deviations: more accurate than E[x²] − E[x]² in f32.
  var sq = 0.0;
  if (valid) {
    for (var e = li; e < count; e += WG) {
      let d = t1[element(ch, e)] - mu;
      sq += d * d;
    }
  }
  workgroupBarrier();
  red0[li] = 0.0;
  red1[li] = sq;
  reduce2(li);
  if (li == 0u && valid) {
    let ssq = red1[0];
    let variance = ssq / f32(count);
    t2[ch] = mu;
    t3[ch] = 1.0 / sqrt(variance + u.eps);
    let unbiased = select(variance, ssq / f32(count - 1u), count > 1u);
    t4[ch] = (1.0 - u.momentum) * t4[ch] + u.momentum * mu;
    t5[ch] = (1.0 - u.momentum) * t5[ch] + u.momentum * unbiased;
  }
}

/** y t2 = x t1 · γ t3 · s t6 + (β t4 − μ t5 · γ · s) */
@compute @workgroup_size(WG)
fn apply_train(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < u.total; i += nwg.x * WG) {
    let ch = (i / u.hw) % u.c;
    let gsc = t3[ch] * t6[ch];
    t2[i] = t1[i] * gsc + (t4[ch] - t5[ch] * gsc);
  }
}

/** As apply_train with the running statistics: t5 running mean, t6 running variance. */
@compute @workgroup_size(WG)
fn apply_eval(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < u.total; i += nwg.x * WG) {
    let ch = (i / u.hw) % u.c;
    let gsc = t3[ch] / sqrt(t6[ch] + u.eps);
    t2[i] = t1[i] * gsc + (t4[ch] - t5[ch] * gsc);
  }
}

/** dy t1, x t2, mean t3, invStd t4 → dγ t5 = Σ dy·x̂, dβ t6 = Σ dy. */
@compute @workgroup_size(WG)
fn grad_stats(
  @builtin(local_invocation_index) li: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let ch = channel_of(wid, nwg);
  let valid = ch < u.c;
  let count = u.n * u.hw;
  var sdy = 0.0;
  var sdyx = 0.0;
  if (valid) {
    let mu = t3[ch];
    let s = t4[ch];
    for (var e = li; e < count; e += WG) {
      let idx = element(ch, e);
      let g = t1[idx];
      sdy += g;
      sdyx += g * (t2[idx] - mu) * s;
    }
  }
  red0[li] = sdy;
  red1[li] = sdyx;
  reduce2(li);
  if (li == 0u && valid) {
    t5[ch] = red1[0];
    t6[ch] = red0[0];
  }
}

/**
 * dx t8 = γ·s/m · (m·dy − dβ − x̂·dγ), with dy t1, x t2, γ t3, mean t4, invStd t5, dγ t6, dβ t7.
 */
@compute @workgroup_size(WG)
fn grad_input(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let m = f32(u.n * u.hw);
  for (var i = gid.x; i < u.total; i += nwg.x * WG) {
    let ch = (i / u.hw) % u.c;
    let s = t5[ch];
    let xhat = (t2[i] - t4[ch]) * s;
    t8[i] = (t3[ch] * s / m) * (m * t1[i] - t7[ch] - xhat * t6[ch]);
  }
}
