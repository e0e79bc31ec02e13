// Learning-rate tools from the Watch panel: the range test on a fresh network (before any
// training: the finder sets the session up itself) with its suggestion applied to the settings,
// and the comparison overlay of two runs that differ only in learning rate, whose legend names
// just that difference.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  launchBrowser,
  layerIds,
  openApp,
  paletteItem,
  screenshot,
  waitForData,
} from './harness';
import { openSection, scrollToTop, setTrainNumber, trainToEnd, watchLayout } from './watch-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('learning-rate tools', () => {
  it('finds a learning rate for a fresh LeNet-5 and uses it', async () => {
    const { page, context, errors } = await openApp(browser, { storage: watchLayout(['lrFinder']) }); // prettier-ignore
    await waitForData(page);
    await page.getByRole('tab', { name: 'Watch' }).click();
    const section = await openSection(page, 'Learning-rate finder');
    const steps = section.getByLabel('Sweep steps', { exact: true });
    await steps.fill('40');
    await steps.press('Enter');
    await section.getByRole('button', { name: 'Run learning-rate range test' }).click();
    const status = section.getByRole('status');
    await expect
      .poll(() => status.textContent(), { timeout: 90_000 })
      .toMatch(/Suggested learning rate/);
    const suggested = Number((await status.locator('strong').first().textContent())!.replace('−', '-')); // prettier-ignore
    // A fresh LeNet-5 on MNIST learns with SGD somewhere between these (the sweep is short).
    expect(suggested).toBeGreaterThan(1e-5);
    expect(suggested).toBeLessThan(1);
    const chart = section.getByRole('figure', { name: 'Loss against learning rate chart' });
    expect(await chart.locator('.recharts-line-curve').count()).toBe(2);
    expect(await chart.locator('.recharts-reference-line').count()).toBe(1);
    await scrollToTop(section);
    await screenshot(page, 'watch-lr-finder-fresh');

    await section.getByRole('button', { name: 'Use this learning rate' }).click();
    await expect.poll(() => status.textContent()).toContain('Learning rate set to');
    await page.getByRole('tab', { name: 'Train' }).click();
    const lr = page.getByRole('region', { name: 'Training settings' }).getByLabel('Learning rate', { exact: true }); // prettier-ignore
    expect(Number(await lr.inputValue())).toBeCloseTo(suggested, 10);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('overlays two runs that differ in learning rate, legend naming only that', async () => {
    const { page, context, errors } = await openApp(browser, { storage: watchLayout(['compare', 'runs']) }); // prettier-ignore
    await waitForData(page);
    await page.getByRole('button', { name: 'Blank' }).click();
    await paletteItem(page, 'Flatten').click();
    await paletteItem(page, 'Dense').click();
    await eventually(() => layerIds(page), ['flatten1', 'dense1']);
    await setTrainNumber(page, 'Learning rate', '0.1');
    await trainToEnd(page, '0.1'); // 25 steps
    await setTrainNumber(page, 'Learning rate', '0.001');
    await trainToEnd(page, '0.1');

    await page.getByRole('tab', { name: 'Watch' }).click();
    const section = await openSection(page, 'Compare runs');
    const chart = section.getByRole('figure', { name: 'Loss (smoothed) chart' });
    await expect.poll(() => chart.locator('.recharts-line-curve').count(), { timeout: 10_000 }).toBe(2); // prettier-ignore
    const legend = () => chart.locator('.legend-item').allTextContents();
    await expect.poll(legend).toEqual(['lr=0.1', 'lr=0.001']);
    await scrollToTop(section);
    await screenshot(page, 'watch-compare');

    // Hiding a run drops its curve; with one run left the legend names the run.
    const history = page.getByRole('region', { name: 'Run history' });
    const boxes = history.getByRole('checkbox', { name: /^Compare / });
    expect(await boxes.count()).toBe(2);
    await boxes.first().uncheck();
    await expect.poll(() => chart.locator('.recharts-line-curve').count()).toBe(1);
    await expect.poll(legend).toEqual(['Blank · MNIST (bundled 10k subset)']);
    // Validation accuracy of both runs, as points.
    await boxes.first().check();
    await section.getByLabel('Compare').selectOption('valAccuracy');
    const acc = section.getByRole('figure', { name: 'Validation accuracy chart' });
    await expect.poll(() => acc.locator('.legend-item').allTextContents()).toEqual(['lr=0.1', 'lr=0.001']); // prettier-ignore
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('schedule preview', () => {
  it('draws the learning rate over the planned steps and follows edits', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.getByRole('tab', { name: 'Train' }).click();
    const settings = page.getByRole('region', { name: 'Training settings' });
    await settings.locator('summary', { hasText: 'Schedule' }).click();
    const curve = settings.getByRole('img', { name: /^Learning rate over/ });
    // Defaults: 2 epochs of 8000 / 32 at a constant rate.
    await expect.poll(() => curve.getAttribute('aria-label')).toMatch(/^Learning rate over 500 planned steps/); // prettier-ignore
    const before = await curve.locator('path').getAttribute('d');
    await settings.getByLabel('Schedule', { exact: true }).selectOption('step');
    await setTrainNumber(page, 'Every (steps)', '100');
    await setTrainNumber(page, 'Multiply by', '0.5');
    await expect.poll(() => curve.getAttribute('aria-label')).toMatch(/at the end$/);
    const label = (await curve.getAttribute('aria-label'))!;
    // 500 steps halving every 100: the last steps run at 1/16 of the start.
    const rates = [...label.matchAll(/(\d[\d.]*(?:e−\d+)?) (?:at the start|at most|at the end)/g)].map((m) => Number(m[1].replace('−', '-'))); // prettier-ignore
    expect(rates[2] / (rates[0] / 16)).toBeCloseTo(1, 1); // shown to 2 digits
    expect(await curve.locator('path').getAttribute('d')).not.toBe(before);
    await setTrainNumber(page, 'Epochs', '4');
    await expect.poll(() => curve.getAttribute('aria-label')).toMatch(/^Learning rate over 1,000 planned steps/); // prettier-ignore
    await settings.locator('summary', { hasText: 'Schedule' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'train-schedule-preview');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('colour input', () => {
  it('shows colour filters and colour images for RGB data, with class names', async () => {
    const { page, context, errors } = await openApp(browser, { storage: watchLayout(['inside', 'confusion']) }); // prettier-ignore
    await waitForData(page);
    await page.getByRole('radio', { name: /Synthetic shapes/ }).check();
    await expect.poll(() => page.getByLabel('Network input').textContent(), { timeout: 20_000 }).toContain('32×32×3'); // prettier-ignore
    await page.getByRole('tab', { name: 'Train' }).click();
    await page.getByRole('button', { name: 'Step 10' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Run' }).getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/Paused.*step 10 \//); // prettier-ignore
    await page.getByRole('tab', { name: 'Watch' }).click();
    const inside = page.getByRole('region', { name: 'Inside the network', exact: true });
    const grid = inside.getByRole('group', { name: '6 filters of conv1, 5×5' });
    await grid.waitFor({ timeout: 30_000 });
    // One colour tile per filter (not three grey ones).
    expect(await grid.locator('canvas').count()).toBe(6);
    expect(await inside.textContent()).toContain('(colour)');
    // The filter's tile really is in colour: its pixels differ between channels.
    const coloured = await grid
      .locator('canvas')
      .first()
      .evaluate((c) => {
        const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 5, 5).data;
        for (let i = 0; i < d.length; i += 4)
          if (d[i] !== d[i + 1] || d[i + 1] !== d[i + 2]) return true;
        return false;
      });
    expect(coloured).toBe(true);
    await inside.getByRole('img', { name: /^Validation image 1: / }).waitFor();
    const cm = page.getByRole('table', { name: 'Confusion matrix' });
    await cm.waitFor({ timeout: 30_000 });
    expect(await cm.locator('tbody tr').count()).toBe(10);
    await scrollToTop(inside);
    await screenshot(page, 'watch-colour');
    await scrollToTop(page.getByRole('region', { name: 'Confusion matrix', exact: true }));
    await screenshot(page, 'watch-colour-confusion');
    expect(errors).toEqual([]);
    await context.close();
  });
});
