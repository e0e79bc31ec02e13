// Activation functions shared by every kernel that applies one (conv and matmul epilogues, the
// activation layers). ACT and ALPHA are template parameters, so each kernel is compiled with
// exactly one function and no branch on the kind. Semantics follow the CPU backend
// (src/engine/backend/cpu/elementwise.ts): NaN passes through ReLU, ELU uses expm1.

fn act_fwd(v: f32) -> f32 {
#if ACT == 'relu'
  // `v < 0` is false for NaN, so NaN passes through as on the CPU.
  return select(v, 0.0, v < 0.0);
#elif ACT == 'leaky_relu'
  return select(v, v * {{ALPHA}}, v < 0.0);
#elif ACT == 'elu'
  return select(v, {{ALPHA}} * expm1(v), v < 0.0);
#elif ACT == 'tanh'
  // Some tanh implementations overflow to NaN for large |v|; tanh(±15) is ±1 in f32 anyway.
  return tanh(clamp(v, -15.0, 15.0));
#elif ACT == 'sigmoid'
  // The branch keeps exp from overflowing, as on the CPU.
  if (v >= 0.0) {
    return 1.0 / (1.0 + exp(-v));
  }
  let e = exp(v);
  return e / (1.0 + e);
#else
  return v;
#end
}

fn act_fwd4(v: vec4<f32>) -> vec4<f32> {
#if ACT == 'none'
  return v;
#elif ACT == 'relu'
  return select(v, vec4<f32>(0.0), v < vec4<f32>(0.0));
#else
  return vec4<f32>(act_fwd(v.x), act_fwd(v.y), act_fwd(v.z), act_fwd(v.w));
#end
}

/** exp(v) - 1 without the cancellation of the plain form near 0 (WGSL has no expm1). */
fn expm1(v: f32) -> f32 {
  if (abs(v) < 1e-3) {
    return v + v * v * 0.5 + v * v * v * (1.0 / 6.0);
  }
  return exp(v) - 1.0;
}

/** dx from dy, the pre-activation x and the output y (whichever is cheaper). */
fn act_bwd(x: f32, y: f32, dy: f32) -> f32 {
#if ACT == 'relu'
  return select(0.0, dy, y > 0.0);
#elif ACT == 'leaky_relu'
  return select({{ALPHA}} * dy, dy, x > 0.0);
#elif ACT == 'elu'
  // For x < 0, y = α(eˣ − 1), so dy/dx = y + α.
  return select(dy * (y + {{ALPHA}}), dy, x > 0.0);
#elif ACT == 'tanh'
  return dy * (1.0 - y * y);
#elif ACT == 'sigmoid'
  return dy * y * (1.0 - y);
#else
  return dy;
#end
}

// Fusion epilogues (FUSE template parameter). 'fwd': an activation layer that reads this
// kernel's output is computed here too: the kernel stores its own output v and, at binding 5,
// act(v). 'bwd': the backward pass of an activation layer whose incoming gradient this kernel
// produces: it stores the gradient g and, at binding 7, act'(x, y)·g with the activation's
// input x (binding 5) and output y (binding 6). Either way a whole elementwise pass over the
// tensor disappears from the step.
#if FUSE == 'fwd'
@group(0) @binding(5) var<storage, read_write> fused_out: array<f32>;
#end
#if FUSE == 'bwd'
#if ACT == 'leaky_relu' || ACT == 'elu'
@group(0) @binding(5) var<storage, read_write> fused_x: array<f32>;
#end
#if ACT != 'leaky_relu'
@group(0) @binding(6) var<storage, read_write> fused_y: array<f32>;
#end
@group(0) @binding(7) var<storage, read_write> fused_dx: array<f32>;
#end

/** The fused part of storing value v at element i (the kernel stores v itself). */
fn fused_store(i: u32, v: f32) {
#if FUSE == 'fwd'
  fused_out[i] = act_fwd(v);
#elif FUSE == 'bwd'
#if ACT == 'leaky_relu'
  fused_dx[i] = act_bwd(fused_x[i], 0.0, v);
#elif ACT == 'elu'
  fused_dx[i] = act_bwd(fused_x[i], fused_y[i], v);
#else
  fused_dx[i] = act_bwd(0.0, fused_y[i], v);
#end
#end
}

/** The value a kernel stores in its own output: act(v) unless the activation is fused. */
fn own_value(v: f32) -> f32 {
#if FUSE == 'none'
  return act_fwd(v);
#else
  return v;
#end
}
