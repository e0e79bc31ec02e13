// Every experiment's presets are ordinary playground setups: valid networks that fit their data,
// settings the settings reader accepts, one run length for all variants of a comparison.
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../src/engine/analyze';
import { parseTrainingSettings } from '../../src/engine/train/settings';
import { datasetTarget, DEFAULT_DATASET_SETTINGS } from '../../src/store/dataset-settings';
import { EXPERIMENTS, experimentById, isExperimentId, stepsFor } from '../../src/store/experiments/catalog'; // prettier-ignore

describe('experiment catalog', () => {
  it('has the ten lessons, numbered in order, with unique ids', () => {
    expect(EXPERIMENTS.map((e) => e.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(EXPERIMENTS.map((e) => e.id)).size).toBe(10);
    expect(isExperimentId('optimizers')).toBe(true);
    expect(isExperimentId('nope')).toBe(false);
    expect(experimentById('gradient-check')?.tool).toBe('gradient-check');
  });

  for (const exp of EXPERIMENTS) {
    if (exp.tool) continue;
    it(`${exp.number}. ${exp.id}: valid setups that fit their data, full and quick`, () => {
      for (const length of ['full', 'quick'] as const) {
        const variants = exp.variants(length);
        expect(variants.length).toBeGreaterThan(0);
        expect(new Set(variants.map((v) => v.label)).size).toBe(variants.length);
        for (const v of variants) {
          const target = datasetTarget({
            ...DEFAULT_DATASET_SETTINGS,
            source: v.data.source,
            ...(v.data.source === 'shapes' ? { shapes: v.data.shapes } : {}),
          })!;
          expect(v.spec.input).toEqual(target.input);
          const analysis = analyzeNetwork(v.spec, { numClasses: target.classes });
          expect(analysis.issues.filter((i) => i.severity === 'error')).toEqual([]);
          // What the app stores and a link carries must read back as the same settings.
          expect(parseTrainingSettings(JSON.parse(JSON.stringify(v.settings)))).toEqual(v.settings); // prettier-ignore
        }
        const lengths = variants.map((v) => (v.settings.overfit.enabled ? v.settings.overfit.steps : v.settings.steps)); // prettier-ignore
        expect(lengths.every((n) => n > 0 && n === lengths[0])).toBe(true);
      }
    });
  }

  it('a quick look is a sixth of the run, never below the minimum', () => {
    expect(stepsFor('full', 300)).toBe(300);
    expect(stepsFor('quick', 300)).toBe(50);
    expect(stepsFor('quick', 60)).toBe(20);
    expect(stepsFor('quick', 150, 60)).toBe(60);
  });
});
