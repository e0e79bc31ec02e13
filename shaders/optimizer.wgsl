// Parameter updates and regularisation over the flat parameter buffer: every parameter of the
// model lives in one tensor, so one dispatch updates them all. Formulas as
// src/engine/backend/cpu/optim.ts. KIND is a template parameter; the learning rate and Adam's
// bias corrections come from the per-step scalars tensor (uploaded each step), so the pipeline
// never changes during a run.

struct U {
  n: u32,
  cols: u32,
  momentum: f32,
  rho: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  l1: f32,
  l2: f32,
  limit: f32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> u: U;
@group(0) @binding(1) var<storage, read_write> params: array<f32>;
@group(0) @binding(2) var<storage, read_write> grads: array<f32>;
@group(0) @binding(3) var<storage, read_write> scalars: array<f32>;
@group(0) @binding(4) var<storage, read_write> s1: array<f32>;
@group(0) @binding(5) var<storage, read_write> s2: array<f32>;

const WG = 64u;
// Indices in the scalars tensor (SCALAR in backend.ts).
const LR = 0u;
const BIAS1 = 3u;
const BIAS2 = 4u;

@compute @workgroup_size(WG)
fn step(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let lr = scalars[LR];
#if KIND == 'adam'
  let bias1 = scalars[BIAS1];
  let bias2 = scalars[BIAS2];
#end
  for (var i = gid.x; i < u.n; i += nwg.x * WG) {
    let g = grads[i];
#if KIND == 'sgd'
    params[i] -= lr * g;
#elif KIND == 'momentum'
    // v ← μv − lr·g; w ← w + v
    let v = u.momentum * s1[i] - lr * g;
    s1[i] = v;
    params[i] += v;
#elif KIND == 'nesterov'
    // Look-ahead form on the stored parameters: w ← w − μ·v_prev + (1 + μ)·v.
    let vPrev = s1[i];
    let v = u.momentum * vPrev - lr * g;
    s1[i] = v;
    params[i] += -u.momentum * vPrev + (1.0 + u.momentum) * v;
#elif KIND == 'adagrad'
    let c = s1[i] + g * g;
    s1[i] = c;
    params[i] -= lr * g / (sqrt(c) + u.eps);
#elif KIND == 'rmsprop'
    let c = u.rho * s1[i] + (1.0 - u.rho) * g * g;
    s1[i] = c;
    params[i] -= lr * g / (sqrt(c) + u.eps);
#elif KIND == 'adam'
    let m = u.beta1 * s1[i] + (1.0 - u.beta1) * g;
    let v = u.beta2 * s2[i] + (1.0 - u.beta2) * g * g;
    s1[i] = m;
    s2[i] = v;
    params[i] -= lr * (m / bias1) / (sqrt(v / bias2) + u.eps);
#end
  }
}

/** grads += l2·w + l1·sign(w) */
@compute @workgroup_size(WG)
fn regularize(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < u.n; i += nwg.x * WG) {
    let w = params[i];
    grads[i] += u.l2 * w + u.l1 * sign(w);
  }
}

var<workgroup> redAbs: array<f32, WG>;
var<workgroup> redSq: array<f32, WG>;

/** metrics[3] = l1·Σ|w| + l2/2·Σw² (binding 2 is the metrics tensor here). One workgroup. */
@compute @workgroup_size(WG)
fn reg_loss(@builtin(local_invocation_index) li: u32) {
  var a = 0.0;
  var q = 0.0;
  for (var i = li; i < u.n; i += WG) {
    let w = params[i];
    a += abs(w);
    q += w * w;
  }
  redAbs[li] = a;
  redSq[li] = q;
  workgroupBarrier();
  for (var w = WG / 2u; w > 0u; w = w / 2u) {
    if (li < w) {
      redAbs[li] += redAbs[li + w];
      redSq[li] += redSq[li + w];
    }
    workgroupBarrier();
  }
  if (li == 0u) {
    grads[3] = u.l1 * redAbs[0] + 0.5 * u.l2 * redSq[0];
  }
}

/** Each of u.n rows of w (binding 1, u.cols wide) clamped to L2 norm ≤ u.limit. */
@compute @workgroup_size(WG)
fn max_norm(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var r = gid.x; r < u.n; r += nwg.x * WG) {
    let off = r * u.cols;
    var sq = 0.0;
    for (var j = 0u; j < u.cols; j++) {
      let w = params[off + j];
      sq += w * w;
    }
    let norm = sqrt(sq);
    if (norm > u.limit) {
      let f = u.limit / norm;
      for (var j = 0u; j < u.cols; j++) {
        params[off + j] *= f;
      }
    }
  }
}
