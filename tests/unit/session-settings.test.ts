// TrainingSettings: defaults, validation of untrusted JSON, the Trainer config they produce
// (schedule length, overfit mode), and the comparisons the run history uses.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAINING_SETTINGS as D,
  differingKeys,
  flattenSettings,
  parseTrainingSettings,
  regularizationKind,
  settingsLabel,
  trainConfigFrom,
  withOptimizerKind,
} from '../../src/engine/train/settings';

describe('training settings', () => {
  it('parses partial JSON onto the defaults and round-trips', () => {
    expect(parseTrainingSettings({})).toEqual(D);
    expect(parseTrainingSettings(JSON.parse(JSON.stringify(D)))).toEqual(D);
    const s = parseTrainingSettings({
      optimizer: { kind: 'momentum' },
      augment: { flipHorizontal: true },
    });
    // A new optimizer kind starts from that kind's defaults.
    expect(s.optimizer).toMatchObject({ kind: 'momentum', lr: 0.01, momentum: 0.9 });
    expect(s.augment.flipHorizontal).toBe(true);
    expect(s.augment.translate).toBe(0);
  });

  it('rejects bad values naming the field', () => {
    const bad: [unknown, RegExp][] = [
      [null, /must be an object/],
      [{ epochs: 0 }, /epochs must be a number in/],
      [{ batchSize: 3.5 }, /batchSize must be a whole number/],
      [{ loss: 'mse' }, /loss must be one of softmax, hinge/],
      [{ optimizer: { lr: 0 } }, /optimizer.lr must be a number in/],
      [{ optimizer: { momentum: 2 } }, /optimizer.momentum/],
      [{ optimizer: { foo: 1 } }, /unknown setting "optimizer.foo"/],
      [{ schedule: { kind: 'warm' } }, /schedule.kind must be one of/],
      [{ overfit: { examples: 0 } }, /overfit.examples/],
      [{ augment: { rotateDegrees: -1 } }, /augment: .*rotateDegrees/],
      [{ preprocess: 'whiten' }, /preprocess must be one of scale, center, standardize/],
      [{ init: 'orthogonal' }, /init must be one of/],
      [{ validationFraction: 0.95 }, /validationFraction/],
      [{ regularizeBiases: 'yes' }, /regularizeBiases must be true or false/],
    ];
    for (const [value, pattern] of bad) expect(() => parseTrainingSettings(value)).toThrow(pattern);
  });

  it('makes the Trainer config: whole-run schedules, overfit mode without regularisation', () => {
    const cosine = { ...D, schedule: { ...D.schedule, kind: 'cosine' as const, totalSteps: 0 } };
    expect(trainConfigFrom(cosine, 500).schedule.totalSteps).toBe(500);
    expect(trainConfigFrom({ ...cosine, schedule: { ...cosine.schedule, totalSteps: 80 } }, 500).schedule.totalSteps).toBe(80); // prettier-ignore
    const reg = { ...D, l1: 1e-3, l2: 1e-2, maxNorm: 3 };
    expect(trainConfigFrom(reg, 10)).toMatchObject({ l1: 1e-3, l2: 1e-2, maxNorm: 3 });
    const overfit = { ...reg, overfit: { ...D.overfit, enabled: true } };
    expect(trainConfigFrom(overfit, 10)).toMatchObject({ l1: 0, l2: 0, maxNorm: 0 });
    expect(regularizationKind(reg)).toBe('elastic');
    expect(regularizationKind({ l1: 0, l2: 0 })).toBe('none');
    expect(withOptimizerKind({ ...D, optimizer: { ...D.optimizer, lr: 0.5 } }, 'rmsprop').optimizer).toMatchObject({ kind: 'rmsprop', lr: 0.5, rho: 0.99 }); // prettier-ignore
  });

  it('flattens only what matters and labels runs by their differences', () => {
    const f = flattenSettings(D);
    expect(f['optimizer.beta1']).toBe(0.9);
    expect('optimizer.momentum' in f).toBe(false);
    expect('hingeMargin' in f).toBe(false);
    expect('schedule.stepSize' in f).toBe(false);
    const a = { ...D, batchSize: 64 };
    const b = { ...D, batchSize: 128, schedule: { ...D.schedule, kind: 'step' as const } };
    expect(differingKeys([a, b])).toEqual(['batchSize', 'schedule.kind']);
    expect(settingsLabel(b, differingKeys([a, b]))).toBe('batchSize=128 schedule=step');
    expect(differingKeys([a])).toEqual([]);
  });
});
