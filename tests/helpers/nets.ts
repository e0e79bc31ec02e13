// Small networks and synthetic data for whole-training tests on every backend: deterministic
// from a seed, cheap enough for an emulated GPU.
import { Model } from '../../src/engine/model/model';
import type { Backend } from '../../src/engine/backend/backend';
import { defaultOptimizer } from '../../src/engine/optim/optimizer';
import type { OptimizerKind } from '../../src/engine/backend/backend';
import { CONSTANT_SCHEDULE } from '../../src/engine/optim/schedule';
import { Rng } from '../../src/engine/rng';
import type { LayerSpec, NetworkSpec } from '../../src/engine/spec';
import { Trainer, type TrainConfig } from '../../src/engine/train/trainer';

function spec(c: number, h: number, w: number, layers: LayerSpec[]): NetworkSpec {
  return {
    format: 'convplay.network',
    version: 1,
    input: { channels: c, height: h, width: w },
    layers,
  };
}

/** LeNet-style: conv-relu-pool twice, two dense layers. Input 1×12×12, 10 classes. */
export const LENET: NetworkSpec = spec(1, 12, 12, [
  { id: 'c1', type: 'conv2d', config: { filters: 6, kernel: 5, padding: 2 } },
  { id: 'r1', type: 'relu', config: {} },
  { id: 'p1', type: 'maxpool', config: { size: 2, stride: 2 } },
  { id: 'c2', type: 'conv2d', config: { filters: 12, kernel: 3, padding: 1 } },
  { id: 'r2', type: 'relu', config: {} },
  { id: 'p2', type: 'maxpool', config: { size: 2, stride: 2 } },
  { id: 'f', type: 'flatten', config: {} },
  { id: 'd1', type: 'dense', config: { units: 32 } },
  { id: 'r3', type: 'relu', config: {} },
  { id: 'd2', type: 'dense', config: { units: 10 } },
]);

/**
 * Every activation kind after a conv or dense layer (the fusions), average and overlapping max
 * pooling, batch norm, dropout, a residual add and a concat.
 */
export const MIXED: NetworkSpec = spec(2, 10, 10, [
  { id: 'c1', type: 'conv2d', config: { filters: 8, kernel: 3, padding: 1 } },
  { id: 'a1', type: 'leakyrelu', config: { alpha: 0.1 } },
  { id: 'c2', type: 'conv2d', config: { filters: 8, kernel: 3, padding: 1 } },
  { id: 'a2', type: 'elu', config: { alpha: 1 } },
  { id: 'sum', type: 'add', inputs: ['a1', 'a2'], config: {} },
  { id: 'bn', type: 'batchnorm', config: {} },
  { id: 'p1', type: 'avgpool', config: { size: 2, stride: 2 } },
  { id: 'c3', type: 'conv2d', config: { filters: 16, kernel: 3, padding: 1 } },
  { id: 'a3', type: 'tanh', config: {} },
  { id: 'cat', type: 'concat', inputs: ['a3', 'p1'], config: {} },
  { id: 'drop', type: 'dropout', config: { rate: 0.2 } },
  { id: 'p2', type: 'maxpool', config: { size: 3, stride: 2, padding: 1 } },
  { id: 'f', type: 'flatten', config: {} },
  { id: 'd1', type: 'dense', config: { units: 12 } },
  { id: 'a4', type: 'sigmoid', config: {} },
  { id: 'd2', type: 'dense', config: { units: 10 } },
]);

/**
 * Activation backwards fused into their gradient's producer for the kinds that need the
 * activation's input (leaky ReLU into max-pool backward, ELU into a strided conv's input
 * gradient, tanh into a dense input gradient through a flatten view).
 */
export const FUSED_BWD: NetworkSpec = spec(3, 12, 12, [
  { id: 'c1', type: 'conv2d', config: { filters: 4, kernel: 3, padding: 1 } },
  { id: 'a1', type: 'leakyrelu', config: { alpha: 0.2 } },
  { id: 'p1', type: 'maxpool', config: { size: 2, stride: 2 } },
  { id: 'c2', type: 'conv2d', config: { filters: 6, kernel: 3, padding: 1 } },
  { id: 'a2', type: 'elu', config: { alpha: 0.7 } },
  { id: 'c3', type: 'conv2d', config: { filters: 5, kernel: 2, stride: 2 } },
  { id: 'a3', type: 'tanh', config: {} },
  { id: 'f', type: 'flatten', config: {} },
  { id: 'd', type: 'dense', config: { units: 10 } },
]);

export function trainConfig(
  batchSize: number,
  kind: OptimizerKind,
  over: Partial<TrainConfig> = {},
): TrainConfig {
  return {
    batchSize, optimizer: { ...defaultOptimizer(kind), lr: kind === 'adam' || kind === 'rmsprop' ? 3e-3 : 0.05 },
    schedule: CONSTANT_SCHEDULE, loss: 'softmax', hingeMargin: 1, l1: 0, l2: 0, maxNorm: 0,
    regularizeBiases: false, seed: 11, ...over,
  }; // prettier-ignore
}

/** Batch `step` of a synthetic task: class k lights up a small square whose place depends on k. */
export function syntheticBatch(
  n: number,
  c: number,
  h: number,
  w: number,
  step: number,
  x: Float32Array,
  y: Float32Array,
): void {
  const rng = new Rng(1000 + step);
  for (let i = 0; i < n; i++) {
    const label = rng.int(10);
    y[i] = label;
    const cy = 1 + ((label * 3) % (h - 3));
    const cx = 1 + ((label * 7) % (w - 3));
    for (let ch = 0; ch < c; ch++) {
      for (let r = 0; r < h; r++) {
        for (let q = 0; q < w; q++) {
          const on = r >= cy && r < cy + 2 && q >= cx && q < cx + 2 ? 1 : 0;
          x[((i * c + ch) * h + r) * w + q] = on + 0.2 * rng.normal();
        }
      }
    }
  }
}

export interface Curve {
  losses: number[];
  accuracies: number[];
  params: Float32Array;
  /** Inference-mode loss and accuracy on two held-out batches, the second with padding rows. */
  evaluation: { loss: number; accuracy: number; count: number };
}

/** Trains `steps` steps from a fixed initialisation, reading the metrics after every step. */
export async function trainCurve(
  backend: Backend,
  net: NetworkSpec,
  cfg: TrainConfig,
  steps: number,
): Promise<Curve> {
  const model = Model.create(net, backend);
  model.initialize('he', 7);
  const trainer = new Trainer(model, cfg);
  const [c, h, w] = [net.input.channels, net.input.height, net.input.width];
  const losses: number[] = [];
  const accuracies: number[] = [];
  for (let s = 0; s < steps; s++) {
    syntheticBatch(cfg.batchSize, c, h, w, s, trainer.batch.x, trainer.batch.y);
    trainer.step();
    const m = await trainer.readMetrics();
    losses.push(m.loss);
    accuracies.push(m.accuracy);
  }
  const evalBatches = [7, 5].map((n, k) => {
    const x = new Float32Array(n * c * h * w);
    const y = new Float32Array(n);
    syntheticBatch(n, c, h, w, 500 + k, x, y);
    if (k === 1) y.fill(-1, 3); // padding rows: not counted
    return { x, y };
  });
  const e = await trainer.evaluate(evalBatches);
  const evaluation = { loss: e.loss, accuracy: e.accuracy, count: e.count };
  return { losses, accuracies, params: await backend.read(model.params), evaluation };
}
