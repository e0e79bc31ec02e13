// Experiments 1–5 in the real app (headless Chromium, the worker on WebGPU/SwiftShader), each
// at the quick length: the charts get a line per run, every run ends, and where the outcome is
// deterministic it shows (the too-high learning rate diverges to NaN and auto-pauses; zero init
// leaves all first-layer filters identical). Screenshots: test-results/e2e/experiment-*.png.
import { describe, expect, it } from 'vitest';
import { card, screenshot } from './harness';
import {
  chartLines,
  conclusionLines,
  pickExperiment,
  runQuick,
  sharedApp,
} from './experiment-helpers';

const shared = sharedApp();

describe('Experiments 1–5', () => {
  it('1. learning rate: three runs overlaid; the too-high one diverges and pauses itself', async () => {
    const section = await pickExperiment(shared.page, 1, 'Learning rate: too low, good, too high');
    const rows = await runQuick(section);
    expect(rows.map((r) => r.label)).toEqual(['too low (lr 0.0005)', 'good (lr 0.05)', 'too high (lr 1)']); // prettier-ignore
    expect(rows.slice(0, 2).map((r) => r.result)).toEqual(['finished', 'finished']);
    expect(rows[2].result).toMatch(/^diverged \(NaN at step \d+\)$/);
    expect(await chartLines(section, 'Training loss (smoothed)', 3)).toBe(3);
    const lines = await conclusionLines(section);
    expect(lines.some((l) => /^too high \(lr 1\): diverged/.test(l))).toBe(true);
    // The preset went through the playground: the builder shows the last run's network.
    expect(await card(shared.page, 'act1').textContent()).toMatch(/leakyrelu|Leaky/i);
    await screenshot(shared.page, 'experiment-learning-rate');
  });

  it('2. optimizer race: six optimizers, one line each', async () => {
    const section = await pickExperiment(shared.page, 2, 'Optimizer race');
    const rows = await runQuick(section);
    expect(rows.map((r) => r.label.split(' ')[0])).toEqual(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']); // prettier-ignore
    expect(rows.every((r) => r.result === 'finished')).toBe(true);
    expect(await chartLines(section, 'Training loss (smoothed)', 6)).toBe(6);
    expect((await conclusionLines(section)).some((l) => l.startsWith('Final loss, best first:'))).toBe(true); // prettier-ignore
    await screenshot(shared.page, 'experiment-optimizers');
  });

  it('3. initialisation: zero init keeps every filter identical; histograms per layer', async () => {
    const section = await pickExperiment(shared.page, 3, 'Initialisation: zeros, small random, Xavier, He'); // prettier-ignore
    const rows = await runQuick(section);
    expect(rows.map((r) => r.label)).toEqual(['zeros', 'small random', 'Xavier', 'He']);
    const filterRows = section.getByRole('table', { name: 'First-layer filters' }).locator('tbody td'); // prettier-ignore
    const verdicts = (await filterRows.allTextContents()).map((t) => t.trim());
    expect(verdicts[0]).toBe('all identical');
    for (const v of verdicts.slice(1)) expect(v).toMatch(/^differ/);
    // And they look it: the zero-init run's eight filter images are the same picture.
    const images = (label: string) =>
      section
        .getByRole('group', { name: `First-layer filters of ${label}` })
        .locator('canvas')
        .evaluateAll((els) => els.map((c) => (c as HTMLCanvasElement).toDataURL()));
    const zeros = await images('zeros');
    expect(zeros).toHaveLength(8);
    expect(new Set(zeros).size).toBe(1);
    expect(new Set(await images('He')).size).toBe(8);
    // Six tanh layers, a histogram each, for every run.
    expect(await section.getByRole('img', { name: /^tanh\d activations/ }).count()).toBe(24);
    expect(await chartLines(section, 'Training loss (smoothed)', 4)).toBe(4);
    await screenshot(shared.page, 'experiment-initialization');
  });

  it('4. activation functions: five runs with dead and saturated units counted', async () => {
    const section = await pickExperiment(shared.page, 4, 'Activation functions');
    const rows = await runQuick(section);
    expect(rows.map((r) => r.label)).toEqual(['sigmoid', 'tanh', 'relu', 'leakyrelu', 'elu']);
    expect(rows.every((r) => r.result === 'finished')).toBe(true);
    const grid = section.getByRole('table', { name: 'Activations per layer' });
    expect(await grid.getByRole('row', { name: /^sigmoid/ }).textContent()).toMatch(/saturated/); // prettier-ignore
    expect(await grid.getByRole('row', { name: /^relu/ }).first().textContent()).toMatch(/dead/);
    expect(await grid.getByRole('img', { name: /^act\d activations/ }).count()).toBe(10);
    expect(await chartLines(section, 'Training accuracy', 5)).toBe(5);
    await screenshot(shared.page, 'experiment-activations');
  });

  it('5. overfitting: training and validation accuracy for each regularisation', async () => {
    const section = await pickExperiment(shared.page, 5, 'Overfitting and regularisation');
    const rows = await runQuick(section);
    expect(rows.map((r) => r.label)).toEqual(['no regularisation', 'L2 0.01', 'dropout 0.5', 'augmentation']); // prettier-ignore
    for (const r of rows) expect(r.cells[5]).toMatch(/%$/); // validation accuracy measured
    // A training line and a validation line per run.
    expect(await chartLines(section, 'Training (line) vs validation (dots) accuracy', 8)).toBe(8);
    expect((await conclusionLines(section)).filter((l) => /a gap of/.test(l))).toHaveLength(4);
    await screenshot(shared.page, 'experiment-overfitting');
    expect(shared.app.errors).toEqual([]);
  });
});
