// The Watch panel after a short LeNet-5 run on MNIST: predictions with top-3 bars, the
// confusion matrix and a cell's images, layer health numbers, a filter click linked to its
// activation map, a gradient check that passes, the learning-rate finder's suggestion, and a
// name on every control. Screenshots land in test-results/e2e/watch-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, screenshot, waitForData, type AppPage } from './harness';
import { openSection, scrollToTop, trainToEnd } from './watch-helpers';

let browser: Browser;
let app: AppPage;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await openApp(browser);
  page = app.page;
  await waitForData(page);
  await trainToEnd(page, '0.2'); // LeNet-5, 50 steps of 32
  await page.getByRole('tab', { name: 'Watch' }).click();
});
afterAll(async () => {
  await app?.context.close();
  await browser?.close();
});

describe('Watch panel after a short run', () => {
  it('shows predictions with the top-3 classes, wrong ones marked', async () => {
    const section = await openSection(page, 'Predictions');
    const grid = section.getByRole('list', { name: 'Predictions' });
    await expect.poll(() => grid.locator(':scope > li').count(), { timeout: 30_000 }).toBe(12);
    const first = grid.locator(':scope > li').first();
    expect(await first.getByRole('list', { name: 'Top 3 classes' }).locator('li').count()).toBe(3);
    expect(await first.textContent()).toMatch(/true \d.*\d%/);
    const summary = await section.getByRole('status').textContent();
    const wrong = Number(summary!.match(/(\d+) wrong/)?.[1] ?? 0);
    expect(await grid.locator('li.is-wrong').count()).toBe(wrong);
    await scrollToTop(section);
    await screenshot(page, 'watch-predictions');
  });

  it('shows the confusion matrix; a cell opens its images', async () => {
    const section = await openSection(page, 'Confusion matrix');
    const table = section.getByRole('table', { name: 'Confusion matrix' });
    await table.waitFor({ timeout: 30_000 });
    expect(await table.locator('tbody tr').count()).toBe(10);
    expect(await section.getByRole('status').textContent()).toMatch(/of 1000 validation images/);
    // The busiest mistake: the cell a person would click first.
    const cells = await table
      .getByRole('button', { name: /^True/ })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!));
    const mistakes = cells
      .map((l) => l.match(/^True (\S+), predicted (\S+): (\d+) images?$/)!)
      .filter((m) => m[1] !== m[2] && Number(m[3]) > 0)
      .sort((a, b) => Number(b[3]) - Number(a[3]));
    expect(mistakes.length).toBeGreaterThan(0);
    const [label, t, p, n] = mistakes[0];
    await table.getByRole('button', { name: label, exact: true }).click();
    const images = section.getByRole('list', { name: `Images: true ${t}, predicted ${p}` });
    await expect
      .poll(() => images.locator(':scope > li').count(), { timeout: 30_000 })
      .toBe(Math.min(24, Number(n)));
    expect(await images.locator(':scope > li.is-wrong').count()).toBe(Math.min(24, Number(n)));
    await scrollToTop(section);
    await screenshot(page, 'watch-confusion');
  });

  it('shows layer health with norms, update ratios and dead ReLUs', async () => {
    const section = await openSection(page, 'Layer health');
    const table = section.getByRole('table', { name: 'Layer health' });
    await table.waitFor({ timeout: 30_000 });
    const conv1 = table.getByRole('row', { name: /^conv1/ });
    const cells = await conv1.locator('td').allTextContents();
    // ‖W‖, ‖∇W‖, update/W are numbers after 50 steps; dead is "—" for a conv layer.
    for (const v of cells.slice(0, 3)) expect(v).toMatch(/^\d|^[\d.]+e−\d/);
    expect(await table.getByRole('row', { name: /^relu1/ }).locator('td').nth(3).textContent()).toMatch(/%$/); // prettier-ignore
    expect(await table.getByRole('img', { name: /^Outputs of conv1/ }).count()).toBe(1);
    await scrollToTop(section);
    await screenshot(page, 'watch-health');
  });

  it('links a first-layer filter to its activation map', async () => {
    const section = await openSection(page, 'Inside the network');
    await section.getByRole('button', { name: 'Filter 3 of conv1' }).click();
    const big = section.getByRole('img', { name: 'Channel 3 of conv1 for validation image 1' });
    await big.waitFor({ timeout: 30_000 });
    expect(await section.getByLabel('Layer').inputValue()).toBe('conv1');
    const tile = section.getByRole('button', { name: 'Channel 3 of conv1' });
    expect(await tile.getAttribute('aria-pressed')).toBe('true');
    expect(await section.getByRole('button', { name: 'Filter 3 of conv1' }).getAttribute('aria-pressed')).toBe('true'); // prettier-ignore
    // Another image: the linked channel stays singled out.
    await section.getByRole('button', { name: 'Next image' }).click();
    const next = section.getByRole('img', { name: 'Channel 3 of conv1 for validation image 2' });
    await next.waitFor();
    await scrollToTop(section);
    await screenshot(page, 'watch-activations');
    // Arrow keys on the picker step back.
    await section.getByRole('button', { name: 'Next image' }).press('ArrowLeft');
    await big.waitFor();
    // A vector layer (the class scores) shows as a strip of values.
    await section.getByLabel('Layer').selectOption('dense3');
    await section.getByRole('img', { name: /^10 values of dense3/ }).waitFor();
    expect(await section.getByRole('button', { name: 'Filter 3 of conv1' }).getAttribute('aria-pressed')).toBe('false'); // prettier-ignore
    await screenshot(page, 'watch-activations-dense');
  });

  it('runs a gradient check on a layer of the network and passes', async () => {
    const section = await openSection(page, 'Gradient check');
    await section.getByLabel('Layer to check').selectOption('conv1');
    await section.getByRole('button', { name: 'Run gradient check' }).click();
    const verdict = section.getByRole('status');
    await expect.poll(() => verdict.textContent(), { timeout: 60_000 }).toMatch(/^pass/);
    const rows = section.getByRole('table', { name: 'Analytic and numerical gradients' }).locator('tbody tr'); // prettier-ignore
    expect(await rows.count()).toBe(12); // 6 weights + 6 biases
    await scrollToTop(section);
    await screenshot(page, 'watch-gradcheck');
  });

  it('runs the learning-rate finder and applies its suggestion', async () => {
    const section = await openSection(page, 'Learning-rate finder');
    const steps = section.getByLabel('Sweep steps', { exact: true });
    await steps.fill('30');
    await steps.press('Enter');
    await section.getByRole('button', { name: 'Run learning-rate range test' }).click();
    const status = section.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/Suggested learning rate/); // prettier-ignore
    const suggested = (await status.locator('strong').first().textContent())!;
    expect(await section.getByRole('figure', { name: 'Loss against learning rate chart' }).locator('.recharts-line-curve').count()).toBe(2); // prettier-ignore
    await scrollToTop(section);
    await screenshot(page, 'watch-lr-finder');
    await section.getByRole('button', { name: 'Use this learning rate' }).click();
    await expect.poll(() => status.textContent()).toContain('Learning rate set to');
    await page.getByRole('tab', { name: 'Train' }).click();
    const lr = page.getByRole('region', { name: 'Training settings' }).getByLabel('Learning rate', { exact: true }); // prettier-ignore
    expect(Number(await lr.inputValue())).toBeCloseTo(Number(suggested.replace('−', '-')), 8);
    await page.getByRole('tab', { name: 'Watch' }).click();
  });

  it('names every control of every open section', async () => {
    for (const title of ['Predictions', 'Confusion matrix', 'Layer health', 'Compare runs', 'Learning-rate finder', 'Gradient check']) {
      await openSection(page, title);
    } // prettier-ignore
    const unnamed = await page.evaluate(() => {
      const named = (el: Element): boolean => {
        if (el.getAttribute('aria-label')?.trim()) return true;
        if ((el as HTMLInputElement).labels?.length) return true;
        if (el.tagName === 'BUTTON' && el.textContent?.trim()) return true;
        return Boolean(el.getAttribute('title')?.trim());
      };
      const panel = document.querySelector('.watch-panel')!;
      return [...panel.querySelectorAll('button, input, select')]
        .filter((el) => !named(el))
        .map((el) => el.outerHTML.slice(0, 120));
    });
    expect(unnamed).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
