// The schedule preview draws what the trainer will do: the same step count as the session and
// the same learning rate at every step, with the corners of step decay and warm-up kept when a
// long run is sampled.
import { describe, expect, it } from 'vitest';
import { learningRate } from '../../src/engine/optim/schedule';
import { DEFAULT_TRAINING_SETTINGS, type TrainingSettings } from '../../src/engine/train/settings';
import { plannedSteps, scheduleCurve } from '../../src/ui/train/schedule-preview';

function settings(patch: Partial<TrainingSettings>): TrainingSettings {
  return { ...DEFAULT_TRAINING_SETTINGS, ...patch };
}

describe('planned steps', () => {
  it('counts steps as the session does', () => {
    // 8000 / 32 = 250 per epoch; 2 epochs = 500; 0.1 epoch = 25.
    expect(plannedSteps(settings({ batchSize: 32, epochs: 2 }), 8000)).toBe(500);
    expect(plannedSteps(settings({ batchSize: 32, epochs: 0.1 }), 8000)).toBe(25);
    // A partial last batch still counts as a step.
    expect(plannedSteps(settings({ batchSize: 64, epochs: 1 }), 100)).toBe(2);
    expect(plannedSteps(settings({}), null)).toBeNull();
    const overfit = { ...DEFAULT_TRAINING_SETTINGS.overfit, enabled: true, steps: 300 };
    expect(plannedSteps(settings({ overfit }), null)).toBe(300);
  });
});

describe('schedule curve', () => {
  const base = DEFAULT_TRAINING_SETTINGS;

  it('is every step of a short run, at the trainer’s rates', () => {
    const s = settings({
      optimizer: { ...base.optimizer, lr: 0.1 },
      schedule: { ...base.schedule, kind: 'cosine', totalSteps: 0, finalFraction: 0.1 },
    });
    const c = scheduleCurve(s, 50);
    expect(c.steps).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // totalSteps 0 means "the whole run": the cosine reaches its floor at the last step.
    const sched = { ...s.schedule, totalSteps: 50 };
    c.steps.forEach((t, i) => expect(c.lrs[i]).toBeCloseTo(learningRate(0.1, sched, t), 12));
    expect(c.first).toBeCloseTo(0.1);
    expect(c.max).toBeCloseTo(0.1);
    expect(c.last).toBeLessThan(0.02);
  });

  it('samples a long run but keeps both sides of each drop and the end of warm-up', () => {
    const s = settings({
      optimizer: { ...base.optimizer, lr: 0.01 },
      schedule: { ...base.schedule, kind: 'step', stepSize: 1234, gamma: 0.5, warmupSteps: 77 },
    });
    const c = scheduleCurve(s, 10_000, 100);
    expect(c.steps.length).toBeLessThan(140);
    for (const t of [76, 77, 1233, 1234, 2467, 2468, 9871, 9872]) expect(c.steps).toContain(t);
    const at = (t: number) => c.lrs[c.steps.indexOf(t)];
    expect(at(1233)).toBeCloseTo(0.01);
    expect(at(1234)).toBeCloseTo(0.005);
    expect(at(0)).toBeCloseTo(0.01 / 77); // warm-up starts small
    expect(c.steps[0]).toBe(0);
    expect(c.steps.at(-1)).toBe(9999);
    expect([...c.steps].sort((a, b) => a - b)).toEqual(c.steps);
  });

  it('follows edits: a different base rate scales the whole curve', () => {
    const a = scheduleCurve(settings({ optimizer: { ...base.optimizer, lr: 0.1 } }), 20);
    const b = scheduleCurve(settings({ optimizer: { ...base.optimizer, lr: 0.01 } }), 20);
    a.lrs.forEach((v, i) => expect(b.lrs[i]).toBeCloseTo(v / 10, 12));
  });
});
