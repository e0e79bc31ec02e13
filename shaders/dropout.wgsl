// Inverted dropout. The keep decision is a pure function of (per-step seed, layer salt, element
// index), bit-identical to src/engine/backend/hash.ts, so the CPU and WebGPU backends drop the
// same units and the backward pass regenerates the mask instead of storing it.

struct U {
  n: u32,
  threshold: u32,
  salt: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> u: U;
@group(0) @binding(1) var<storage, read_write> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<storage, read_write> scalars: array<f32>;

const WG = 64u;
/** SCALAR.seed in backend.ts. */
const SEED_INDEX = 2u;

/** PCG-style hash: u32 multiplication wraps in WGSL exactly as Math.imul does in JS. */
fn hash_u32(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

fn keep_scale(key: u32, i: u32) -> f32 {
  return select(0.0, u.scale, hash_u32(i ^ key) >= u.threshold);
}

fn dropout_key() -> u32 {
  // The seed is an integer below 2^24, exact in f32.
  return hash_u32(u32(scalars[SEED_INDEX]) ^ hash_u32(u.salt));
}

/** dst = src · mask / (1 − rate); also the backward pass (applied to dy). */
@compute @workgroup_size(WG)
fn dropout(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let key = dropout_key();
  for (var i = gid.x; i < u.n; i += nwg.x * WG) {
    // Multiplying a dropped NaN by 0 would give NaN; select gives the CPU's exact 0.
    let s = keep_scale(key, i);
    dst[i] = select(0.0, src[i] * s, s != 0.0);
  }
}

/** In place: src is also the output. */
@compute @workgroup_size(WG)
fn dropout_inplace(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let key = dropout_key();
  for (var i = gid.x; i < u.n; i += nwg.x * WG) {
    let s = keep_scale(key, i);
    src[i] = select(0.0, src[i] * s, s != 0.0);
  }
}
