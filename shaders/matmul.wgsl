// Dense matmul: c[M×N] = act(op(a)·op(b) + bias[N]); op(a) is M×K (stored K×M when TRANS_A),
// op(b) is K×N (stored N×K when TRANS_B). Shapes are baked in as constants. Two families:
//
// 'registers' (CPU-emulated adapters): no workgroup memory, each invocation keeps an RM×4 tile
// of c in vec4 registers. 'outer' mode walks k one at a time (b read as a vec4 row when N is a
// multiple of 4); 'dot' mode (a and b both contiguous along k, K a multiple of 4 — the dense
// forward pass, x·Wᵀ) reads vec4s of both along k.
//
// 'tiled' (real GPUs): the classic workgroup-memory tiling. A workgroup of 16×8 invocations
// stages a TM×TK tile of op(a) and a TK×TN tile of op(b) in workgroup memory, each invocation
// accumulates a 4×4 block, so every value loaded from global memory is reused 16 times.

const WG = 64u;
const M = {{M}}u;
const N = {{N}}u;
const K = {{K}}u;

#if VEC_A
@group(0) @binding(1) var<storage, read_write> a: array<vec4<f32>>;
#else
@group(0) @binding(1) var<storage, read_write> a: array<f32>;
#end
#if VEC_B
@group(0) @binding(2) var<storage, read_write> b: array<vec4<f32>>;
#else
@group(0) @binding(2) var<storage, read_write> b: array<f32>;
#end
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
#if HAS_BIAS
@group(0) @binding(4) var<storage, read_write> bias: array<f32>;
#end

fn bias_at(j: u32) -> f32 {
#if HAS_BIAS
  return bias[j];
#else
  return 0.0;
#end
}

#if !VEC_A
/** op(a)[i][k] */
fn a_at(i: u32, k: u32) -> f32 {
#if TRANS_A
  return a[k * M + i];
#else
  return a[i * K + k];
#end
}
#end

#if !VEC_B
/** op(b)[k][j] */
fn b_at(k: u32, j: u32) -> f32 {
#if TRANS_B
  return b[j * K + k];
#else
  return b[k * N + j];
#end
}
#end

#if FAMILY == 'registers'
// Each invocation: RM rows × RN4 groups of 4 consecutive columns.
const NB = {{(N + 4 * RN4 - 1) / (4 * RN4)}}u;
const THREADS = {{(M + RM - 1) / RM}}u * NB;

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
  let mb = t / NB;
  let col0 = (t - mb * NB) * {{4 * RN4}}u;
  let row0 = mb * {{RM}}u;
  // Rows and columns past the edge read a clamped (valid) index and are never stored.
#for r in 0..RM
  let ir{{r}} = min(row0 + {{r}}u, M - 1u);
#for g in 0..RN4
  var acc{{r}}_{{g}} = vec4<f32>();
#end
#end
#for q in 0..4 * RN4
  let jc{{q}} = min(col0 + {{q}}u, N - 1u);
#end
#if MODE == 'dot'
  // a and b both contiguous along k (VEC_A, VEC_B): four k at a time.
  for (var k4 = 0u; k4 < K / 4u; k4++) {
#for q in 0..4 * RN4
    let b{{q}} = b[jc{{q}} * (K / 4u) + k4];
#end
#for r in 0..RM
    {
      let av = a[ir{{r}} * (K / 4u) + k4];
#for g in 0..RN4
      acc{{r}}_{{g}} += vec4<f32>(dot(av, b{{4 * g}}), dot(av, b{{4 * g + 1}}), dot(av, b{{4 * g + 2}}), dot(av, b{{4 * g + 3}}));
#end
    }
#end
  }
#else
  for (var k = 0u; k < K; k++) {
#for g in 0..RN4
#if VEC_B
    let bv{{g}} = b[(k * N + min(col0 + {{4 * g}}u, N - 4u)) / 4u];
#else
    let bv{{g}} = vec4<f32>(b_at(k, jc{{4 * g}}), b_at(k, jc{{4 * g + 1}}), b_at(k, jc{{4 * g + 2}}), b_at(k, jc{{4 * g + 3}}));
#end
#end
#for r in 0..RM
    {
      let av = a_at(ir{{r}}, k);
#for g in 0..RN4
      acc{{r}}_{{g}} += av * bv{{g}};
#end
    }
#end
  }
#end
#for r in 0..RM
  if (row0 + {{r}}u < M) {
#for g in 0..RN4
#for q in 0..4
    if (col0 + {{4 * g + q}}u < N) {
      let v = acc{{r}}_{{g}}[{{q}}] + bias_at(col0 + {{4 * g + q}}u);
      let o = (row0 + {{r}}u) * N + col0 + {{4 * g + q}}u;
      c[o] = own_value(v);
      fused_store(o, v);
    }
#end
#end
  }
#end
}
#end

#if FAMILY == 'tiled'
const TM = 32u;
const TN = 64u;
const TK = 16u;
const TILES_N = {{(N + 63) / 64}}u;
const TILES = {{(M + 31) / 32}}u * TILES_N;
var<workgroup> as_: array<f32, 512>;   // TM × TK
var<workgroup> bs_: array<f32, 1024>;  // TK × TN

@compute @workgroup_size(16, 8)
fn main(
  @builtin(local_invocation_index) li: u32,
  @builtin(local_invocation_id) lid: vec3u,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  // Workgroup-uniform: every invocation of a workgroup takes the same branch.
  let tile = wid.x + wid.y * nwg.x;
  let live = tile < TILES;
  let tm = tile / TILES_N;
  let i0 = tm * TM;
  let j0 = (tile - tm * TILES_N) * TN;
  var acc: array<vec4<f32>, 4>;
  for (var k0 = 0u; k0 < K; k0 += TK) {
    // 128 invocations stage 512 values of a and 1024 of b; zeros outside the matrices.
    for (var e = li; e < TM * TK; e += 128u) {
      let r = e / TK;
      let kk = e - r * TK;
      let i = i0 + r;
      let k = k0 + kk;
      as_[e] = select(0.0, a_at(min(i, M - 1u), min(k, K - 1u)), live && i < M && k < K);
    }
    for (var e = li; e < TK * TN; e += 128u) {
      let kk = e / TN;
      let cc = e - kk * TN;
      let j = j0 + cc;
      let k = k0 + kk;
      bs_[e] = select(0.0, b_at(min(k, K - 1u), min(j, N - 1u)), live && j < N && k < K);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk++) {
      // Columns lid.x, +16, +32, +48 so neighbouring invocations read neighbouring words.
      let bv = vec4<f32>(
        bs_[kk * TN + lid.x],
        bs_[kk * TN + lid.x + 16u],
        bs_[kk * TN + lid.x + 32u],
        bs_[kk * TN + lid.x + 48u],
      );
      for (var r = 0u; r < 4u; r++) {
        acc[r] += as_[(lid.y * 4u + r) * TK + kk] * bv;
      }
    }
    workgroupBarrier();
  }
  if (!live) {
    return;
  }
  for (var r = 0u; r < 4u; r++) {
    let i = i0 + lid.y * 4u + r;
    for (var q = 0u; q < 4u; q++) {
      let j = j0 + lid.x + q * 16u;
      if (i < M && j < N) {
        let v = acc[r][q] + bias_at(j);
        c[i * N + j] = own_value(v);
        fused_store(i * N + j, v);
      }
    }
  }
}
#end
