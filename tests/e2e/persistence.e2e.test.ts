// What survives a reload: the network (with its history gone, as expected) and the dataset
// choice; and what happens when saved data is corrupt: a clear message, the defaults, no crash.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  card,
  eventually,
  launchBrowser,
  layerIds,
  openApp,
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

describe('persistence', () => {
  it('keeps the network and the dataset choice across a reload', async () => {
    const { page, context, errors } = await openApp(browser);
    await page.getByRole('button', { name: 'Small VGG' }).click();
    await page.getByRole('spinbutton', { name: 'Units of dense1' }).fill('96');
    await page.getByRole('radio', { name: /Synthetic shapes/ }).check();
    await expect.poll(() => page.getByLabel('Network input').textContent()).toContain('32×32×3');
    const ids = await layerIds(page);
    await page.reload();
    await waitForData(page);
    await eventually(() => layerIds(page), ids);
    expect(await page.getByRole('spinbutton', { name: 'Units of dense1' }).inputValue()).toBe('96');
    expect(await page.getByRole('radio', { name: /Synthetic shapes/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Network input').textContent()).toContain('32×32×3');
    expect(await page.getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens with defaults and a clear message when the saved network is corrupt', async () => {
    const { page, context, errors } = await openApp(browser, {
      storage: {
        'convplay.network.v1': '{"spec": {"format": "convplay.network", "version": 1, "lay',
      },
    });
    const notice = page.getByRole('alert').filter({ hasText: 'saved network could not be read' });
    await notice.waitFor();
    expect(await layerIds(page)).toHaveLength(12);
    await expect.poll(() => card(page, 'conv1').isVisible()).toBe(true);
    await screenshot(page, 'corrupt-storage');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    expect(await notice.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
