// The learning rate a run will use at every step, before it runs: the schedule preview under
// the schedule settings. Uses the trainer's own configuration (trainConfigFrom) and schedule
// function, so the preview cannot drift from what training does.
import { learningRate } from '../../engine/optim/schedule';
import { runSteps, trainConfigFrom, type TrainingSettings } from '../../engine/train/settings';

/** Steps a run with these settings will take on `trainExamples` (as the session counts them). */
export function plannedSteps(s: TrainingSettings, trainExamples: number | null): number | null {
  if (s.overfit.enabled) return s.overfit.steps;
  if (s.steps > 0) return s.steps;
  if (!trainExamples || trainExamples <= 0) return null;
  const perEpoch = Math.ceil(trainExamples / s.batchSize);
  return runSteps(s, perEpoch);
}

export interface ScheduleCurve {
  /** 0-based steps, increasing. */
  readonly steps: number[];
  readonly lrs: number[];
  readonly max: number;
  readonly first: number;
  readonly last: number;
}

/**
 * lr(t) over `total` steps, at most about `maxPoints` samples: every step for short runs; for
 * long ones evenly spaced steps plus both sides of every jump (step decay, end of warm-up), so
 * the drawn curve keeps its corners.
 */
export function scheduleCurve(s: TrainingSettings, total: number, maxPoints = 200): ScheduleCurve {
  const n = Math.max(1, Math.floor(total));
  const { schedule } = trainConfigFrom(s, n);
  const base = s.optimizer.lr;
  const picks = new Set<number>();
  if (n <= maxPoints) {
    for (let t = 0; t < n; t++) picks.add(t);
  } else {
    for (let i = 0; i < maxPoints; i++) picks.add(Math.round((i * (n - 1)) / (maxPoints - 1)));
    const corners: number[] = [];
    if (schedule.warmupSteps > 0) corners.push(schedule.warmupSteps);
    if (schedule.kind === 'step') {
      for (let t = schedule.stepSize; t < n && corners.length < maxPoints; t += schedule.stepSize) corners.push(t); // prettier-ignore
    }
    for (const t of corners) {
      if (t > 0 && t < n) picks.add(t - 1).add(t);
    }
  }
  const steps = [...picks].sort((a, b) => a - b);
  const lrs = steps.map((t) => learningRate(base, schedule, t));
  return { steps, lrs, max: Math.max(...lrs), first: lrs[0], last: lrs[lrs.length - 1] };
}
