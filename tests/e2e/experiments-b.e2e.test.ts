// Experiments 6–10 in the real app, quick length, and experiment links: a link opens the
// experiment with its setup in the builder; a link to an unknown experiment says so and changes
// nothing. Screenshots: test-results/e2e/experiment-*.png.
import { describe, expect, inject, it } from 'vitest';
import { card, layerIds, openApp, screenshot } from './harness';
import {
  chartLines,
  conclusionLines,
  pickExperiment,
  readResults,
  runQuick,
  sharedApp,
} from './experiment-helpers';

const shared = sharedApp();

describe('Experiments 6–10', () => {
  it('6. batch norm: plain at two rates, batch norm at the high one', async () => {
    const section = await pickExperiment(
      shared.page,
      6,
      'Batch norm allows a higher learning rate',
    );
    const rows = await runQuick(section);
    expect(rows.map((r) => r.label)).toEqual(['plain, lr 0.05', 'plain, lr 1', 'batch norm, lr 1']); // prettier-ignore
    expect(rows.every((r) => r.result === 'finished' || r.result.startsWith('diverged'))).toBe(true); // prettier-ignore
    expect(await chartLines(section, 'Training loss (smoothed)', 3)).toBe(3);
    expect(await layerIds(shared.page)).toContain('bn1');
    await screenshot(shared.page, 'experiment-batch-norm');
  });

  it('7. sanity checks: initial loss near ln 10, 20 examples memorised', async () => {
    const section = await pickExperiment(shared.page, 7, 'Sanity checks before a long run');
    const rows = await runQuick(section);
    expect(rows[0].result).toBe('finished');
    expect(Math.abs(Number(rows[0].cells[2]) - Math.log(10))).toBeLessThan(0.35);
    expect(rows[0].cells[4]).toBe('100.0%');
    const lines = await conclusionLines(section);
    expect(lines[0]).toMatch(/against ln 10 = 2\.30: as expected/);
    expect(lines[1]).toMatch(/^Overfitting 20 examples: training accuracy 100\.0%/);
    await screenshot(shared.page, 'experiment-sanity');
  });

  it('8. gradient check: the relative error of a layer of the network in the builder', async () => {
    const section = await pickExperiment(shared.page, 8, 'Gradient check');
    await section.getByRole('button', { name: 'Run gradient check' }).click();
    await expect.poll(() => section.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/^pass/); // prettier-ignore
    const table = section.getByRole('table', { name: 'Analytic and numerical gradients' });
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(shared.page, 'experiment-gradcheck');
  });

  it('9. loss functions: the worked example step by step, then softmax against hinge', async () => {
    const section = await pickExperiment(shared.page, 9, 'Softmax vs multiclass hinge loss');
    const hinge = await section.getByRole('list', { name: 'Hinge loss steps' }).textContent();
    expect(hinge).toContain('max(0, 5.1 − 3.2 + 1) = max(0, 2.90) = 2.90');
    expect(hinge).toContain('loss = 2.90');
    const softmax = await section.getByRole('list', { name: 'Softmax loss steps' }).textContent();
    expect(softmax).toContain('cat 0.13, car 0.87, frog 0.00');
    expect(softmax).toContain('= 2.04');
    expect(await section.textContent()).toContain('mean hinge loss is 5.27');
    const rows = await runQuick(section);
    expect(rows.map((r) => [r.label, r.result])).toEqual([['softmax', 'finished'], ['hinge', 'finished']]); // prettier-ignore
    expect(await chartLines(section, 'Training accuracy', 2)).toBe(2);
    await screenshot(shared.page, 'experiment-loss-functions');
  });

  it('10. schedules: the loss and the learning rate of each run', async () => {
    const section = await pickExperiment(shared.page, 10, 'Learning-rate schedules');
    const rows = await runQuick(section);
    expect(rows.map((r) => r.label)).toEqual(['constant', 'step decay', 'cosine']);
    expect(await chartLines(section, 'Learning rate', 3)).toBe(3);
    expect(await chartLines(section, 'Training loss (smoothed)', 3)).toBe(3);
    expect((await conclusionLines(section)).some((l) => l.startsWith('Lowest final loss:'))).toBe(true); // prettier-ignore
    await screenshot(shared.page, 'experiment-schedules');
    expect(shared.app.errors).toEqual([]);
  });

  it('the results survive a reload', async () => {
    const page = shared.page;
    await page.reload();
    await page.getByRole('heading', { name: 'convplay' }).waitFor();
    const section = await pickExperiment(page, 10, 'Learning-rate schedules');
    expect((await readResults(section)).map((r) => [r.label, r.result])).toEqual([['constant', 'finished'], ['step decay', 'finished'], ['cosine', 'finished']]); // prettier-ignore
    expect((await conclusionLines(section)).some((l) => l.startsWith('Lowest final loss:'))).toBe(true); // prettier-ignore
    // The curves come from the run history, which survives too.
    expect(await chartLines(section, 'Learning rate', 3)).toBe(3);
    expect(await section.getByLabel('Length').inputValue()).toBe('quick');
  });
});

describe('Experiment links', () => {
  it('a link opens the experiment with its setup in the playground', async () => {
    const other = await openApp(shared.browser);
    await other.page.goto(`${inject('baseUrl')}#experiment=batch-norm`);
    const section = other.page.getByRole('region', { name: 'Experiment 6: Batch norm allows a higher learning rate' }); // prettier-ignore
    await section.waitFor();
    expect(await other.page.getByRole('tab', { name: 'Experiments' }).getAttribute('aria-selected')).toBe('true'); // prettier-ignore
    // The first run's setup: the plain network (no batch norm layers).
    await expect.poll(() => layerIds(other.page)).toContain('conv5');
    expect(await layerIds(other.page)).not.toContain('bn1');
    expect(other.page.url()).not.toContain('#');
    // Copy link gives the same kind of address.
    await section.getByRole('button', { name: 'Copy link' }).click();
    expect(await section.locator('.experiment-link').textContent()).toMatch(/#experiment=batch-norm$/); // prettier-ignore

    const before = await layerIds(other.page);
    await other.page.goto(`${inject('baseUrl')}#experiment=no-such-thing`);
    await expect.poll(() => other.page.getByRole('alert').allTextContents()).toContainEqual(expect.stringMatching(/names an experiment \("no-such-thing"\)/)); // prettier-ignore
    expect(await layerIds(other.page)).toEqual(before);
    expect(await card(other.page, 'conv1').count()).toBe(1);
    await other.context.close();
  });
});
