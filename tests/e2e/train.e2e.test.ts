// Training from the UI in a real browser: the worker trains what the builder shows on the data
// the Data panel shows, the Train panel reports progress, the Watch panel draws the curves,
// first-layer filters and the run history. Networks are kept tiny: the test machine has no GPU.
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROOT,
  eventually,
  launchBrowser,
  layerIds,
  openApp,
  paletteItem,
  screenshot,
  waitForData,
} from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function runStatus(page: Page) {
  return page.getByRole('region', { name: 'Run' }).getByRole('status');
}

async function setNumber(page: Page, label: string, value: string) {
  const input = page
    .getByRole('region', { name: 'Training settings' })
    .getByLabel(label, { exact: true });
  await input.fill(value);
  await input.press('Enter');
}

describe('training from the UI', () => {
  it('trains a softmax classifier on MNIST to the end and shows curves and the run', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.getByRole('button', { name: 'Blank' }).click();
    await paletteItem(page, 'Flatten').click();
    await paletteItem(page, 'Dense').click();
    await eventually(() => layerIds(page), ['flatten1', 'dense1']);

    await page.getByRole('tab', { name: 'Train' }).click();
    await setNumber(page, 'Epochs', '0.1'); // 8000 / 32 × 0.1 = 25 steps
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect
      .poll(() => runStatus(page).textContent(), { timeout: 60_000 })
      .toContain('Finished');
    expect(await runStatus(page).textContent()).toContain('step 25 / 25');
    const numbers = page.getByRole('region', { name: 'Run' }).locator('.run-numbers');
    await expect.poll(() => numbers.textContent()).toMatch(/Validation accuracy\d+\.\d%/);
    // A linear classifier on digits beats chance (10%) by far within 25 steps.
    const val = Number((await numbers.textContent())!.match(/Validation accuracy(\d+\.\d)%/)![1]);
    expect(val).toBeGreaterThan(50);
    await screenshot(page, 'train-finished');

    await page.getByRole('tab', { name: 'Watch' }).click();
    const loss = page.getByRole('figure', { name: 'Loss chart' });
    await expect.poll(() => loss.locator('.recharts-line-curve').count()).toBeGreaterThan(0);
    const history = page.getByRole('region', { name: 'Run history' });
    await expect.poll(() => history.locator('tbody tr').count()).toBe(1);
    expect(await history.textContent()).toContain('finished');
    await screenshot(page, 'watch-finished');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('steps LeNet-5 one batch at a time, shows its filters, and notices edits', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.getByRole('tab', { name: 'Train' }).click();
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect
      .poll(() => runStatus(page).textContent(), { timeout: 60_000 })
      .toMatch(/Paused.*step 1 \//);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect
      .poll(() => runStatus(page).textContent(), { timeout: 60_000 })
      .toMatch(/step 2 \//);
    expect(await page.getByRole('button', { name: 'Resume' }).count()).toBe(1);

    await page.getByRole('tab', { name: 'Watch' }).click();
    const filters = page.getByRole('group', { name: '6 filters of conv1, 5×5' });
    await filters.waitFor({ timeout: 30_000 });
    expect(await filters.locator('canvas').count()).toBe(6);
    await screenshot(page, 'watch-filters');

    // Any edit makes the paused session stale: Train would start a new run.
    await page.getByRole('spinbutton', { name: 'Filters of conv1' }).fill('8');
    await page.getByRole('tab', { name: 'Train' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Run' }).textContent())
      .toContain('Train starts a new run');
    expect(await page.getByRole('button', { name: 'Train', exact: true }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('README screenshot', () => {
  it('LeNet-5 trained for a few dozen steps, curves and filters in view', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.getByRole('tab', { name: 'Train' }).click();
    await setNumber(page, 'Epochs', '0.2'); // 50 steps
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect
      .poll(() => runStatus(page).textContent(), { timeout: 120_000 })
      .toContain('Finished');
    await page.getByRole('tab', { name: 'Watch' }).click();
    await page.getByRole('group', { name: /filters of conv1/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'readme');
    // `npm run docs:screenshot` also refreshes the one the README shows.
    if (process.env.CONVPLAY_README_SCREENSHOT === '1') {
      await screenshot(page, 'readme', { path: resolve(ROOT, 'docs/screenshot.png') });
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
