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

describe('accessible names', () => {
  it('every button, input and select on every panel has a name', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    const unnamed: string[] = [];
    let checked = 0;
    for (const tab of ['Data', 'Train', 'Watch', 'Experiments']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.waitForTimeout(200);
      // Open every folded group so its controls are checked too.
      await page
        .locator('details:not([open]) > summary')
        .evaluateAll((els) => els.forEach((e) => (e as HTMLElement).click()));
      const found = await page.evaluate(() => {
        const named = (el: Element): boolean => {
          if (el.getAttribute('aria-label')?.trim()) return true;
          const by = el.getAttribute('aria-labelledby')?.split(/\s+/) ?? [];
          if (by.some((id) => document.getElementById(id)?.textContent?.trim())) return true;
          if ((el as HTMLInputElement).labels?.length) return true;
          if (el.tagName === 'BUTTON' && el.textContent?.trim()) return true;
          return Boolean(el.getAttribute('title')?.trim());
        };
        const controls = [...document.querySelectorAll('button, input, select, textarea')].filter(
          (el) => !(el as HTMLElement).hidden,
        );
        return {
          count: controls.length,
          unnamed: controls.filter((el) => !named(el)).map((el) => el.outerHTML.slice(0, 120)),
        };
      });
      checked += found.count;
      unnamed.push(...found.unnamed.map((h) => `${tab}: ${h}`));
    }
    expect(unnamed).toEqual([]);
    expect(checked).toBeGreaterThan(200); // palette + 12 LeNet cards + each panel's controls
    expect(errors).toEqual([]);
    await context.close();
  });
});
