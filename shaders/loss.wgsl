// Losses fused with their gradient and the metrics: one pass over the scores writes dL/dscores
// and adds (loss sum, correct count, counted rows) into the metrics tensor, which accumulates on
// the GPU across steps until the trainer reads it. Rows with a negative (or NaN) label are batch
// padding: zero gradient, not counted. One workgroup; each invocation takes whole rows.

struct U {
  n: u32,
  c: u32,
  scale: f32,
  margin: f32,
}

@group(0) @binding(0) var<uniform> u: U;
@group(0) @binding(1) var<storage, read_write> scores: array<f32>;
@group(0) @binding(2) var<storage, read_write> labels: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
@group(0) @binding(4) var<storage, read_write> metrics: array<f32>;

const WG = 64u;
var<workgroup> redLoss: array<f32, WG>;
var<workgroup> redCorrect: array<f32, WG>;
var<workgroup> redCount: array<f32, WG>;

/** First index of the row maximum, as the CPU's argmax. */
fn argmax_row(off: u32) -> u32 {
  var best = 0u;
  for (var j = 1u; j < u.c; j++) {
    if (scores[off + j] > scores[off + best]) {
      best = j;
    }
  }
  return best;
}

fn finish(li: u32, loss: f32, correct: f32, count: f32) {
  redLoss[li] = loss;
  redCorrect[li] = correct;
  redCount[li] = count;
  workgroupBarrier();
  for (var w = WG / 2u; w > 0u; w = w / 2u) {
    if (li < w) {
      redLoss[li] += redLoss[li + w];
      redCorrect[li] += redCorrect[li + w];
      redCount[li] += redCount[li + w];
    }
    workgroupBarrier();
  }
  if (li == 0u) {
    metrics[0] += redLoss[0];
    metrics[1] += redCorrect[0];
    metrics[2] += redCount[0];
  }
}

@compute @workgroup_size(WG)
fn softmax_xent(@builtin(local_invocation_index) li: u32) {
  var loss = 0.0;
  var correct = 0.0;
  var count = 0.0;
  for (var i = li; i < u.n; i += WG) {
    let off = i * u.c;
    let label = labels[i];
    if (!(label >= 0.0)) {
      for (var j = 0u; j < u.c; j++) {
        grad[off + j] = 0.0;
      }
      continue;
    }
    let y = u32(label);
    // Subtracting the max keeps exp from overflowing.
    var mx = scores[off];
    for (var j = 1u; j < u.c; j++) {
      mx = max(mx, scores[off + j]);
    }
    var sum = 0.0;
    for (var j = 0u; j < u.c; j++) {
      sum += exp(scores[off + j] - mx);
    }
    let lse = mx + log(sum);
    loss += lse - scores[off + y];
    for (var j = 0u; j < u.c; j++) {
      let p = exp(scores[off + j] - lse);
      grad[off + j] = (p - select(0.0, 1.0, j == y)) * u.scale;
    }
    if (argmax_row(off) == y) {
      correct += 1.0;
    }
    count += 1.0;
  }
  finish(li, loss, correct, count);
}

/** Multiclass SVM (Weston–Watkins): Σ_{j≠y} max(0, s_j − s_y + margin). */
@compute @workgroup_size(WG)
fn hinge(@builtin(local_invocation_index) li: u32) {
  var loss = 0.0;
  var correct = 0.0;
  var count = 0.0;
  for (var i = li; i < u.n; i += WG) {
    let off = i * u.c;
    let label = labels[i];
    if (!(label >= 0.0)) {
      for (var j = 0u; j < u.c; j++) {
        grad[off + j] = 0.0;
      }
      continue;
    }
    let y = u32(label);
    let sy = scores[off + y];
    var violators = 0.0;
    for (var j = 0u; j < u.c; j++) {
      if (j == y) {
        continue;
      }
      let m = scores[off + j] - sy + u.margin;
      if (m > 0.0) {
        loss += m;
        grad[off + j] = u.scale;
        violators += 1.0;
      } else {
        grad[off + j] = 0.0;
      }
    }
    grad[off + y] = -violators * u.scale;
    if (argmax_row(off) == y) {
      correct += 1.0;
    }
    count += 1.0;
  }
  finish(li, loss, correct, count);
}
