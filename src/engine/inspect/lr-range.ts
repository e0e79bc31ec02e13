// Learning-rate range test (Smith, "Cyclical learning rates", 2017): train for a short while
// with the learning rate growing exponentially from tiny to huge, watch the loss, and read a
// good rate off the curve: where the loss falls fastest, or a tenth of where it bottoms out.
// The weights are restored afterwards, so the test costs time but changes nothing.
import type { HostBatch, TrainConfig } from '../train/trainer';
import { Trainer } from '../train/trainer';
import type { Model } from '../model/model';
import { CONSTANT_SCHEDULE } from '../optim/schedule';

export interface LrRangeOptions {
  /** First and last learning rate of the sweep (default 1e-7 and 10). */
  readonly lo?: number;
  readonly hi?: number;
  /** Steps of the sweep (default 100). */
  readonly steps?: number;
  /** Exponential smoothing of the loss (default 0.9; fewer steps want less smoothing). */
  readonly smoothing?: number;
  /** Stop once the smoothed loss exceeds this multiple of its minimum (default 4). */
  readonly divergeFactor?: number;
}

export interface LrRangeResult {
  /** Learning rate of each step run. */
  readonly lrs: number[];
  /** Bias-corrected exponential moving average of the loss. */
  readonly losses: number[];
  readonly rawLosses: number[];
  /** The rate to use: the smaller of the steepest-descent rate and minLoss.lr / 10. */
  readonly suggested: number | null;
  /** Where the smoothed loss fell fastest (per unit of log learning rate). */
  readonly steepest: number | null;
  /** Lowest smoothed loss and its rate. */
  readonly minLoss: { readonly lr: number; readonly loss: number } | null;
  /** True when the sweep stopped before `hi` because the loss exploded. */
  readonly stoppedEarly: boolean;
}

export interface LrSuggestion {
  readonly suggested: number | null;
  readonly steepest: number | null;
  readonly minLoss: { readonly lr: number; readonly loss: number } | null;
}

/**
 * Reads a learning rate off a smoothed loss-vs-rate curve. The steepest point is searched only
 * up to the minimum (past it the loss is rising) and not in the first tenth of the sweep, where
 * the smoothing has not settled.
 */
export function suggestLearningRate(
  lrs: readonly number[],
  losses: readonly number[],
): LrSuggestion {
  const n = Math.min(lrs.length, losses.length);
  let minAt = -1;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(losses[i]) && (minAt < 0 || losses[i] < losses[minAt])) minAt = i;
  }
  if (minAt < 0) return { suggested: null, steepest: null, minLoss: null };
  const minLoss = { lr: lrs[minAt], loss: losses[minAt] };
  let steepestAt = -1;
  let steepestSlope = 0;
  const start = Math.max(1, Math.floor(n / 10));
  for (let i = start; i < minAt; i++) {
    const slope = (losses[i + 1] - losses[i - 1]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i - 1]));
    if (slope < steepestSlope) {
      steepestSlope = slope;
      steepestAt = i;
    }
  }
  const steepest = steepestAt >= 0 ? lrs[steepestAt] : null;
  // The more careful of the two: a rate a little low costs time, one too high costs the run.
  const tenth = minLoss.lr / 10;
  return { suggested: steepest === null ? tenth : Math.min(steepest, tenth), steepest, minLoss };
}

/**
 * Runs the test on `model` with a fresh optimizer state (the caller's trainer is untouched) and
 * restores every parameter and buffer afterwards. `fill` puts the next training batch into a
 * HostBatch; `between` runs after every step (yield to the event loop there).
 */
export async function lrRangeTest(
  model: Model,
  config: TrainConfig,
  fill: (batch: HostBatch) => void,
  opts: LrRangeOptions = {},
  between?: () => Promise<void>,
): Promise<LrRangeResult> {
  const lo = opts.lo ?? 1e-7;
  const hi = opts.hi ?? 10;
  const steps = Math.max(2, Math.round(opts.steps ?? 100));
  const beta = opts.smoothing ?? 0.9;
  const divergeFactor = opts.divergeFactor ?? 4;
  if (!(lo > 0 && hi > lo)) throw new RangeError(`need 0 < lo < hi, got lo=${lo} hi=${hi}`);

  const saved = await model.readTensors();
  const trainer = new Trainer(model, { ...config, schedule: CONSTANT_SCHEDULE });
  const lrs: number[] = [];
  const losses: number[] = [];
  const rawLosses: number[] = [];
  let avg = 0;
  let best = Infinity;
  let stoppedEarly = false;
  try {
    for (let i = 0; i < steps; i++) {
      const lr = lo * Math.pow(hi / lo, i / (steps - 1));
      trainer.setBaseLearningRate(lr);
      fill(trainer.batch);
      trainer.step();
      const { loss } = await trainer.readMetrics();
      avg = beta * avg + (1 - beta) * loss;
      const smooth = avg / (1 - Math.pow(beta, i + 1));
      lrs.push(lr);
      rawLosses.push(loss);
      losses.push(smooth);
      if (!Number.isFinite(smooth) || (i > 0 && smooth > divergeFactor * best)) {
        stoppedEarly = i < steps - 1;
        break;
      }
      best = Math.min(best, smooth);
      if (between) await between();
    }
  } finally {
    model.writeTensors(saved);
  }
  return { lrs, losses, rawLosses, ...suggestLearningRate(lrs, losses), stoppedEarly };
}
