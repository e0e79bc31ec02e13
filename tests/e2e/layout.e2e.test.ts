// The layout at other window sizes: nothing spills sideways, every area is still reachable.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, screenshot, waitForData } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('responsive layout', () => {
  it.each([
    ['laptop', 1100, 800],
    ['tablet', 820, 1000],
    ['phone', 390, 844],
  ])('%s (%i×%i): no horizontal overflow, all areas present', async (name, width, height) => {
    const { page, context, errors } = await openApp(browser, { viewport: { width, height } });
    await waitForData(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    for (const area of ['Layer palette', 'Network builder', 'Data, training and results']) {
      expect(await page.getByLabel(area, { exact: true }).isVisible()).toBe(true);
    }
    await screenshot(page, `layout-${name}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
