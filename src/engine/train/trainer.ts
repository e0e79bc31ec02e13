// The Trainer turns a model into a training loop: one program per step (forward, loss, backward,
// regularisation, update, max-norm), replayed with only the batch and a few scalars uploaded.
// Loss and accuracy accumulate on the device and are read when the caller asks, so a step never
// waits for the device.
import {
  METRIC,
  METRIC_COUNT,
  SCALAR,
  SCALAR_COUNT,
  VIEW_ALIGN,
  type Kernel,
  type Tensor,
} from '../backend/backend';
import { hashU32 } from '../backend/hash';
import type { Model } from '../model/model';
import type { Plan } from '../model/plan';
import { optimizerHyper, optimizerStateCount, type OptimizerConfig } from '../optim/optimizer';
import { learningRate, type ScheduleConfig } from '../optim/schedule';

export type LossKind = 'softmax' | 'hinge';

export interface TrainConfig {
  readonly batchSize: number;
  readonly optimizer: OptimizerConfig;
  readonly schedule: ScheduleConfig;
  readonly loss: LossKind;
  /** Margin of the multiclass hinge loss. */
  readonly hingeMargin: number;
  readonly l1: number;
  readonly l2: number;
  /** Max-norm constraint on each unit's incoming weights; 0 = off. */
  readonly maxNorm: number;
  /** Apply L1/L2 to biases and batch-norm parameters too (off by default, as usual). */
  readonly regularizeBiases: boolean;
  readonly seed: number;
}

export interface Metrics {
  /** Mean data loss over the examples counted. */
  readonly loss: number;
  readonly accuracy: number;
  readonly count: number;
  /** Regularisation loss at the time of reading (0 when off). */
  readonly regLoss: number;
}

export interface HostBatch {
  readonly x: Float32Array;
  readonly y: Float32Array;
}

function metricsFrom(m: Float32Array): Metrics {
  const count = m[METRIC.count];
  return {
    loss: count > 0 ? m[METRIC.lossSum] / count : NaN,
    accuracy: count > 0 ? m[METRIC.correct] / count : NaN,
    count,
    regLoss: m[METRIC.regLoss],
  };
}

interface EvalProgram {
  plan: Plan;
  program: Kernel[];
}

export class Trainer {
  readonly plan: Plan;
  /** Fill these with a batch (NCHW images, float labels) before each step. */
  readonly batch: HostBatch;
  /** Completed steps. */
  stepCount = 0;
  /**
   * The step at which this trainer's optimizer moments started from zero (a Trainer rebuilt on
   * restored weights carries on at a later step). Adam's bias correction counts from here:
   * counted from step 0, fresh moments would be under-corrected and the first updates after a
   * resume about three times too large.
   */
  momentsFrom = 0;
  private baseLr: number;
  private readonly program: Kernel[];
  private readonly metrics: Tensor;
  private readonly evalMetrics: Tensor;
  private readonly resetMetrics: Kernel[];
  private readonly resetEvalMetrics: Kernel[];
  private readonly regLossProgram: Kernel[];
  private readonly evalPrograms = new Map<number, EvalProgram>();
  private readonly scalars = new Float32Array(SCALAR_COUNT);

  constructor(
    readonly model: Model,
    readonly config: TrainConfig,
  ) {
    const b = model.backend;
    this.baseLr = config.optimizer.lr;
    this.plan = model.plan(config.batchSize, 'train');
    const { plan } = this;
    this.batch = { x: new Float32Array(plan.input.size), y: new Float32Array(plan.labels.size) };
    this.metrics = b.tensor([METRIC_COUNT], 'train.metrics');
    this.evalMetrics = b.tensor([METRIC_COUNT], 'eval.metrics');
    this.resetMetrics = [b.fill(this.metrics, 0)];
    this.resetEvalMetrics = [b.fill(this.evalMetrics, 0)];

    const regSpan = config.regularizeBiases ? model.params.size : model.weightsEnd;
    const regView = regSpan > 0 ? b.view(model.params, 0, [regSpan], 'params.reg') : null;
    const regGrads = regSpan > 0 ? b.view(model.grads, 0, [regSpan], 'grads.reg') : null;
    const regularized = (config.l1 > 0 || config.l2 > 0) && regView && regGrads;
    this.regLossProgram = regularized
      ? [b.regLoss({ params: regView, metrics: this.metrics, l1: config.l1, l2: config.l2 })]
      : [];

    const states = optimizerStateCount(config.optimizer.kind);
    // Unused state slots get a small placeholder: binding one buffer twice as writable storage
    // is invalid on WebGPU.
    const placeholder = states < 2 ? b.tensor([VIEW_ALIGN], 'opt.unused') : null;
    const s1 = states >= 1 ? b.tensor([model.params.size], 'opt.s1') : placeholder!;
    const s2 = states >= 2 ? b.tensor([model.params.size], 'opt.s2') : placeholder!;
    const program: Kernel[] = [
      ...plan.forward,
      this.lossKernel(plan, plan.logitsGrad, this.metrics),
      ...plan.backward,
    ];
    if (regularized) {
      program.push(
        b.regularize({ params: regView, grads: regGrads, l1: config.l1, l2: config.l2 }),
      );
    }
    program.push(
      b.optimizerStep({
        params: model.params, grads: model.grads, s1, s2,
        scalars: model.scalars, hyper: optimizerHyper(config.optimizer),
      }),
    ); // prettier-ignore
    if (config.maxNorm > 0) {
      for (const e of model.entries) {
        if (e.decl.role !== 'weight') continue;
        const rows = e.decl.shape[0];
        program.push(b.maxNorm({ w: e.value, rows, cols: e.size / rows, maxNorm: config.maxNorm }));
      }
    }
    this.program = program;
  }

  private lossKernel(plan: Plan, grad: Tensor, metrics: Tensor): Kernel {
    const b = this.model.backend;
    const [n, c] = plan.logits.shape;
    const scale = 1 / plan.batch;
    return this.config.loss === 'hinge'
      ? b.hinge({ scores: plan.logits, labels: plan.labels, grad, metrics, n, c, margin: this.config.hingeMargin, scale }) // prettier-ignore
      : b.softmaxCrossEntropy({ logits: plan.logits, labels: plan.labels, grad, metrics, n, c, scale }); // prettier-ignore
  }

  /** Learning rate the next step will use. */
  get learningRate(): number {
    return learningRate(this.baseLr, this.config.schedule, this.stepCount);
  }

  /** Changes the base learning rate from the next step on (the schedule still applies). */
  setBaseLearningRate(lr: number): void {
    if (!(lr > 0) || !Number.isFinite(lr))
      throw new RangeError(`learning rate must be > 0, got ${lr}`);
    this.baseLr = lr;
  }

  get baseLearningRate(): number {
    return this.baseLr;
  }

  /** One training step on the batch currently in `this.batch`. Does not wait for the device. */
  step(): void {
    const b = this.model.backend;
    const t = this.stepCount + 1;
    const { beta1, beta2 } = this.config.optimizer;
    const s = this.scalars;
    s[SCALAR.lr] = this.learningRate;
    s[SCALAR.step] = t;
    // 24 bits so the seed is exact in a float32 scalar on every backend.
    s[SCALAR.seed] = hashU32(this.config.seed ^ hashU32(t)) & 0xffffff;
    s[SCALAR.bias1] = 1 - Math.pow(beta1, t - this.momentsFrom);
    s[SCALAR.bias2] = 1 - Math.pow(beta2, t - this.momentsFrom);
    b.write(this.model.scalars, s);
    b.write(this.plan.input, this.batch.x);
    b.write(this.plan.labels, this.batch.y);
    b.run(this.program);
    this.stepCount = t;
  }

  /** Mean loss and accuracy of the steps since the last read; resets the accumulators. */
  async readMetrics(): Promise<Metrics> {
    const b = this.model.backend;
    if (this.regLossProgram.length) b.run(this.regLossProgram);
    // The read is enqueued before the reset, so it sees exactly the steps so far.
    const pending = b.read(this.metrics);
    b.run(this.resetMetrics);
    return metricsFrom(await pending);
  }

  private evalProgram(batch: number): EvalProgram {
    let ep = this.evalPrograms.get(batch);
    if (!ep) {
      const b = this.model.backend;
      const plan = this.model.plan(batch, 'eval');
      const grad = b.tensor(plan.logits.shape, `eval${batch}.logits.grad`);
      ep = { plan, program: [...plan.forward, this.lossKernel(plan, grad, this.evalMetrics)] };
      this.evalPrograms.set(batch, ep);
    }
    return ep;
  }

  /** Loss and accuracy over batches (padding rows labelled −1), in inference mode. */
  async evaluate(batches: Iterable<HostBatch>): Promise<Metrics> {
    const b = this.model.backend;
    b.run(this.resetEvalMetrics);
    for (const batch of batches) {
      const { plan, program } = this.evalProgram(batch.y.length);
      b.write(plan.input, batch.x);
      b.write(plan.labels, batch.y);
      b.run(program);
    }
    return metricsFrom(await b.read(this.evalMetrics));
  }
}
