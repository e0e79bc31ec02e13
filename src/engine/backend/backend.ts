// The Backend interface: the op set both the CPU and the WebGPU backend implement.
//
// Ops are not executed when called. Each op call *builds* a Kernel bound to fixed tensors and
// fixed shapes; the model compiler collects kernels into programs (forward, backward, update)
// once per run, and `run(program)` replays them every step. On WebGPU a kernel is a pipeline, a
// bind group and a dispatch size, so replaying allocates nothing and a whole training step is one
// command encoder and one submit. On the CPU a kernel is a closure.
//
// Layout conventions (they make weights match PyTorch exactly):
//   activations NCHW; conv weights [K, C, kh, kw]; dense weights [out, in]; flatten in C,H,W order.

export type BackendName = 'cpu' | 'webgpu';

export interface Tensor {
  readonly shape: readonly number[];
  /** Number of elements. */
  readonly size: number;
  readonly label: string;
}

/** An op bound to its tensors, ready to be replayed. Opaque outside its backend. */
export interface Kernel {
  readonly label: string;
}

export type Activation = 'none' | 'relu' | 'leaky_relu' | 'elu' | 'tanh' | 'sigmoid';

export interface Conv2dGeometry {
  /** Batch, input channels, input height and width. */
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  /** Output channels (filters) and kernel size. */
  readonly k: number;
  readonly kh: number;
  readonly kw: number;
  /** Stride, top/left padding, dilation. Bottom/right padding is implied by oh/ow. */
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
  readonly dh: number;
  readonly dw: number;
  readonly oh: number;
  readonly ow: number;
}

export interface Pool2dGeometry {
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
  readonly oh: number;
  readonly ow: number;
}

export type PoolMode = 'max' | 'avg';

export type OptimizerKind = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam';

export interface OptimizerHyper {
  readonly kind: OptimizerKind;
  /** momentum / nesterov: velocity decay. */
  readonly momentum: number;
  /** rmsprop: decay of the squared-gradient average. */
  readonly rho: number;
  /** adam */
  readonly beta1: number;
  readonly beta2: number;
  /** adagrad, rmsprop, adam: added to the denominator. */
  readonly eps: number;
}

/**
 * Per-step scalars, uploaded each step (a few floats; the batch is the only other upload).
 * Kernels that need them read the `scalars` tensor at these indices.
 */
export const SCALAR = {
  /** Learning rate for this step. */
  lr: 0,
  /** 1-based step number. */
  step: 1,
  /** Per-step random seed (an integer below 2^24, exact in f32) for dropout masks. */
  seed: 2,
  /** Adam bias corrections 1 - beta1^t and 1 - beta2^t, computed on the host. */
  bias1: 3,
  bias2: 4,
} as const;
export const SCALAR_COUNT = 8;

/**
 * Metrics accumulate on the device across steps until read: [loss sum, correct count,
 * example count, regularisation loss (written, not accumulated, by regLoss)].
 */
export const METRIC = { lossSum: 0, correct: 1, count: 2, regLoss: 3 } as const;
export const METRIC_COUNT = 4;

export interface Backend {
  readonly name: BackendName;
  /** Human description: "CPU (JavaScript)", or the GPU adapter's name. */
  readonly description: string;

  /** A new zero-filled tensor. */
  tensor(shape: readonly number[], label: string): Tensor;
  /**
   * A view of `size(shape)` elements of `base` starting at element `offset`: no copy. On WebGPU
   * the offset must be a multiple of VIEW_ALIGN elements.
   */
  view(base: Tensor, offset: number, shape: readonly number[], label: string): Tensor;
  /** Copy host data into a tensor (starting at element `offset`). */
  write(t: Tensor, data: ArrayLike<number>, offset?: number): void;
  /** Copy a tensor to the host. Never blocks a training step; resolves when data is ready. */
  read(t: Tensor): Promise<Float32Array>;
  /** Run kernels in order. On WebGPU: one encoder, one submit. */
  run(program: readonly Kernel[]): void;
  /** Resolves when all work submitted so far has finished. */
  sync(): Promise<void>;
  dispose(): void;

  // ---- elementwise and data movement ----
  fill(t: Tensor, value: number): Kernel;
  copy(src: Tensor, dst: Tensor): Kernel;
  /** out = a + b (elementwise, equal sizes; out may be a or b). */
  add(a: Tensor, b: Tensor, out: Tensor): Kernel;
  /**
   * Concat support: copies channel block [offsetC, offsetC + srcC) between a tensor of srcC
   * channels and one of dstC channels. 'scatter' writes src into dst's block; 'gather' reads
   * dst's block into src (used by the backward pass).
   */
  copyChannels(p: {
    src: Tensor;
    dst: Tensor;
    n: number;
    srcC: number;
    dstC: number;
    offsetC: number;
    hw: number;
    direction: 'scatter' | 'gather';
  }): Kernel;

  // ---- convolution, matmul, pooling ----
  /** y = act(conv(x, w) + b). */
  conv2d(p: {
    x: Tensor;
    w: Tensor;
    b: Tensor | null;
    y: Tensor;
    g: Conv2dGeometry;
    act: Activation;
    alpha: number;
  }): Kernel;
  /** dx = conv_transpose(dy, w). */
  conv2dBackwardData(p: { dy: Tensor; w: Tensor; dx: Tensor; g: Conv2dGeometry }): Kernel;
  /** dw = dy ⋆ x over the batch; db = Σ dy per channel (when db is given). */
  conv2dBackwardFilter(p: {
    dy: Tensor;
    x: Tensor;
    dw: Tensor;
    db: Tensor | null;
    g: Conv2dGeometry;
  }): Kernel;
  /**
   * c[m×n] = act(op(a) · op(b) + bias), op(a) is m×k (a stored k×m when transA), op(b) is k×n
   * (b stored n×k when transB), bias has n elements (one per column).
   */
  matmul(p: {
    a: Tensor;
    b: Tensor;
    c: Tensor;
    m: number;
    n: number;
    k: number;
    transA: boolean;
    transB: boolean;
    bias: Tensor | null;
    act: Activation;
    alpha: number;
  }): Kernel;
  /** out[c] = Σ over n and hw of dy[n, c, hw] (bias gradients). */
  channelSum(p: { dy: Tensor; out: Tensor; n: number; c: number; hw: number }): Kernel;
  /** Pooling; for 'max', argmax (same size as y) records the winning input index. */
  pool2d(p: {
    x: Tensor;
    y: Tensor;
    argmax: Tensor | null;
    g: Pool2dGeometry;
    mode: PoolMode;
  }): Kernel;
  pool2dBackward(p: {
    dy: Tensor;
    dx: Tensor;
    argmax: Tensor | null;
    g: Pool2dGeometry;
    mode: PoolMode;
  }): Kernel;

  // ---- activations, dropout, batch norm ----
  activation(p: { x: Tensor; y: Tensor; act: Activation; alpha: number }): Kernel;
  /** dx = dy · act'(x), using y where cheaper (relu, tanh, sigmoid, elu). */
  activationBackward(p: {
    x: Tensor;
    y: Tensor;
    dy: Tensor;
    dx: Tensor;
    act: Activation;
    alpha: number;
  }): Kernel;
  /**
   * Inverted dropout: y = x · keep / (1 - rate), keep decided by a hash of (scalars[seed], salt,
   * element index) so that backward regenerates the mask and both backends agree bit for bit.
   */
  dropout(p: { x: Tensor; y: Tensor; rate: number; salt: number; scalars: Tensor }): Kernel;
  dropoutBackward(p: {
    dy: Tensor;
    dx: Tensor;
    rate: number;
    salt: number;
    scalars: Tensor;
  }): Kernel;
  /**
   * Training-mode batch norm over (n, hw) per channel; saves mean and 1/sqrt(var + eps) for
   * backward and updates running statistics (PyTorch convention: running = (1 - m)·running +
   * m·batch, running variance unbiased).
   */
  batchNormTrain(p: {
    x: Tensor;
    y: Tensor;
    gamma: Tensor;
    beta: Tensor;
    mean: Tensor;
    invStd: Tensor;
    runMean: Tensor;
    runVar: Tensor;
    momentum: number;
    eps: number;
    n: number;
    c: number;
    hw: number;
  }): Kernel;
  batchNormEval(p: {
    x: Tensor;
    y: Tensor;
    gamma: Tensor;
    beta: Tensor;
    runMean: Tensor;
    runVar: Tensor;
    eps: number;
    n: number;
    c: number;
    hw: number;
  }): Kernel;
  batchNormBackward(p: {
    dy: Tensor;
    x: Tensor;
    gamma: Tensor;
    mean: Tensor;
    invStd: Tensor;
    dx: Tensor | null;
    dgamma: Tensor;
    dbeta: Tensor;
    n: number;
    c: number;
    hw: number;
  }): Kernel;

  // ---- losses (forward, gradient and metrics in one kernel) ----
  /**
   * Per row of logits[n×c]: loss = logsumexp - logit[label], grad = (softmax - onehot) · scale.
   * Rows with label < 0 are padding: zero grad, not counted. Adds loss sum, correct count and
   * counted rows into metrics.
   */
  softmaxCrossEntropy(p: {
    logits: Tensor;
    labels: Tensor;
    grad: Tensor;
    metrics: Tensor;
    n: number;
    c: number;
    scale: number;
  }): Kernel;
  /** Multiclass SVM (Weston–Watkins) hinge: Σ_j≠y max(0, s_j - s_y + margin). Same contract. */
  hinge(p: {
    scores: Tensor;
    labels: Tensor;
    grad: Tensor;
    metrics: Tensor;
    n: number;
    c: number;
    margin: number;
    scale: number;
  }): Kernel;

  // ---- regularisation and optimisation (over the flat parameter buffer) ----
  /** grads += l2 · params + l1 · sign(params) (equal-size views). */
  regularize(p: { params: Tensor; grads: Tensor; l1: number; l2: number }): Kernel;
  /** metrics[regLoss] = l1 · Σ|w| + l2/2 · Σ w². */
  regLoss(p: { params: Tensor; metrics: Tensor; l1: number; l2: number }): Kernel;
  /** Clamp each row (one output unit's incoming weights) of w[rows×cols] to L2 norm ≤ maxNorm. */
  maxNorm(p: { w: Tensor; rows: number; cols: number; maxNorm: number }): Kernel;
  /**
   * One update over all parameters. s1/s2 are optimizer state of the same size (velocity,
   * squared-gradient cache, Adam moments); learning rate and bias corrections come from scalars.
   */
  optimizerStep(p: {
    params: Tensor;
    grads: Tensor;
    s1: Tensor;
    s2: Tensor;
    scalars: Tensor;
    hyper: OptimizerHyper;
  }): Kernel;
}

/** WebGPU binds storage buffers at 256-byte offsets: views into shared buffers align to this. */
export const VIEW_ALIGN = 64;

export function shapeSize(shape: readonly number[]): number {
  let s = 1;
  for (const d of shape) s *= d;
  return s;
}
