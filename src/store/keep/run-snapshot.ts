// The charts saved with a checkpoint must end at the checkpoint's step: a resumed run appends
// its next points after them. The worker announces a checkpoint before it sends the metrics of
// the steps just before it (a pause flushes them right after; a periodic checkpoint within
// ~100 ms), so the snapshot waits until the training store has caught up with the step, or the
// run has stopped, then drops anything past it.
import type { StoreApi } from 'zustand/vanilla';
import type { Series } from '../series';
import type { RunSeries, RunSnapshot, TrainingState } from '../training';

/** The series without buckets whose last point lies past step `maxX`. */
export function trimSeries(s: Series, maxX: number): Series {
  let n = s.x.length;
  while (n > 0 && s.x[n - 1] > maxX) n--;
  if (n === s.x.length) return s;
  const count = s.count.slice(0, n);
  return {
    ...s,
    x: s.x.slice(0, n),
    mean: s.mean.slice(0, n),
    min: s.min.slice(0, n),
    max: s.max.slice(0, n),
    count,
    total: count.reduce((a, b) => a + b, 0),
  };
}

function trimRun(r: RunSnapshot, step: number, epoch: number): RunSnapshot {
  const series = Object.fromEntries(
    Object.entries(r.series).map(([k, s]) => [k, trimSeries(s as Series, step)]),
  ) as unknown as RunSeries;
  return {
    series,
    evaluations: r.evaluations.filter((e) => e.step <= step),
    latest: r.latest && r.latest.step > step ? { ...r.latest, step, epoch } : r.latest,
    ema: r.ema,
  };
}

/**
 * The run's charts up to `step`, once the store has them (or after `timeoutMs`, with what it
 * has: a lost metrics message must not stop autosave).
 */
export function snapshotAt(
  training: StoreApi<TrainingState>,
  step: number,
  epoch: number,
  timeoutMs = 2000,
): Promise<RunSnapshot> {
  const caughtUp = (s: TrainingState) => (s.latest?.step ?? 0) >= step || s.status.state !== 'running'; // prettier-ignore
  return new Promise((resolve) => {
    const done = () => {
      stop();
      clearTimeout(timer);
      resolve(trimRun(training.getState().snapshotRun(), step, epoch));
    };
    const stop = training.subscribe((s) => {
      if (caughtUp(s)) done();
    });
    const timer = setTimeout(done, timeoutMs);
    if (caughtUp(training.getState())) done();
  });
}
