// Elementwise kernels: fill, add, activations (forward and backward), copies between channel
// blocks (Concat) and per-channel sums (bias gradients). Prepended with activation.wgsl.
//
// Elementwise loops are grid-stride: the host launches a modest number of workgroups and each
// invocation walks the tensor. Emulated adapters pay per workgroup, real GPUs get enough of them.
// Every storage binding is read_write: WebGPU forbids binding one buffer read-only and writable
// in the same dispatch, even at disjoint ranges, and views (weights and biases, for example)
// share buffers.

struct U {
  n: u32,
  a: f32,
  b: u32,
  c: u32,
  d: u32,
  e: u32,
  f: u32,
  g: u32,
}

@group(0) @binding(0) var<uniform> u: U;
@group(0) @binding(1) var<storage, read_write> t1: array<f32>;
@group(0) @binding(2) var<storage, read_write> t2: array<f32>;
@group(0) @binding(3) var<storage, read_write> t3: array<f32>;
@group(0) @binding(4) var<storage, read_write> t4: array<f32>;

const WG = 64u;

/** t1 = u.a */
@compute @workgroup_size(WG)
fn fill(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < u.n; i += nwg.x * WG) {
    t1[i] = u.a;
  }
}

/** t3 = t1 + t2 */
@compute @workgroup_size(WG)
fn add(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < u.n; i += nwg.x * WG) {
    t3[i] = t1[i] + t2[i];
  }
}

/** t1 += t2 (the output is one of the inputs) */
@compute @workgroup_size(WG)
fn add_inplace(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < u.n; i += nwg.x * WG) {
    t1[i] = t1[i] + t2[i];
  }
}

/** t1 += t1 (all three operands are the same tensor) */
@compute @workgroup_size(WG)
fn add_self(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < u.n; i += nwg.x * WG) {
    t1[i] = t1[i] + t1[i];
  }
}

/** t2 = act(t1) */
@compute @workgroup_size(WG)
fn act(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < u.n; i += nwg.x * WG) {
    t2[i] = act_fwd(t1[i]);
  }
}

/** t1 = act(t1) */
@compute @workgroup_size(WG)
fn act_inplace(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < u.n; i += nwg.x * WG) {
    t1[i] = act_fwd(t1[i]);
  }
}

/** t4 = act'(x = t1, y = t2) · t3 */
@compute @workgroup_size(WG)
fn act_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < u.n; i += nwg.x * WG) {
#if ACT == 'leaky_relu'
    t4[i] = act_bwd(t1[i], 0.0, t3[i]);
#elif ACT == 'elu'
    t4[i] = act_bwd(t1[i], t2[i], t3[i]);
#else
    t4[i] = act_bwd(0.0, t2[i], t3[i]);
#end
  }
}

/**
 * Concat: copies the channel block [offsetC, offsetC + srcC) of t2 (dstC channels) from or to t1
 * (srcC channels). u.n = n·srcC·hw, u.b = srcC·hw, u.c = dstC·hw, u.d = offsetC·hw,
 * u.e = 1 for scatter (t1 → t2), 0 for gather (t2 → t1).
 */
@compute @workgroup_size(WG)
fn copy_channels(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < u.n; i += nwg.x * WG) {
    let img = i / u.b;
    let j = img * u.c + u.d + (i - img * u.b);
    if (u.e == 1u) {
      t2[j] = t1[i];
    } else {
      t1[i] = t2[j];
    }
  }
}

/**
 * channel_sum for short reductions (dense bias gradients: a batch of values per unit): one
 * invocation per channel, no workgroup reduction (barriers cost more than the sum).
 */
@compute @workgroup_size(WG)
fn channel_sum_small(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var ch = gid.x; ch < u.b; ch += nwg.x * WG) {
    var s = 0.0;
    for (var img = 0u; img < u.n; img++) {
      let base = (img * u.b + ch) * u.c;
      for (var k = 0u; k < u.c; k++) {
        s += t1[base + k];
      }
    }
    t2[ch] = s;
  }
}

var<workgroup> partial: array<f32, WG>;

/**
 * t2[ch] = Σ over n and hw of t1[n, ch, hw]; one workgroup per channel (a flattened 2D grid when
 * there are more channels than workgroups per dimension). u.n = n, u.b = c, u.c = hw.
 */
@compute @workgroup_size(WG)
fn channel_sum(
  @builtin(local_invocation_index) li: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let ch = wid.x + wid.y * nwg.x;
  let count = u.n * u.c;
  var s = 0.0;
  if (ch < u.b) {
    for (var e = li; e < count; e += WG) {
      let img = e / u.c;
      s += t1[(img * u.b + ch) * u.c + (e - img * u.c)];
    }
  }
  partial[li] = s;
  workgroupBarrier();
  for (var w = WG / 2u; w > 0u; w = w / 2u) {
    if (li < w) {
      partial[li] += partial[li + w];
    }
    workgroupBarrier();
  }
  if (li == 0u && ch < u.b) {
    t2[ch] = partial[0];
  }
}
