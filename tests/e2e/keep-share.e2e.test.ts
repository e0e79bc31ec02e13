// Share links end to end: Share gives a URL carrying the network, training settings, dataset
// choice and seed; opening it in a new browser context rebuilds that setup, says so (and that
// weights are not included) and takes the code out of the address. A malformed link, opened at
// start-up or pasted into an open tab, shows its message and leaves the saved setup alone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  eventually,
  launchBrowser,
  layerIds,
  openApp,
  paletteItem,
  screenshot,
  waitForData,
} from './harness';
import { setTrainNumber, unnamedControls } from './keep-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function settingsField(page: Page, label: string) {
  return page.getByRole('region', { name: 'Training settings' }).getByLabel(label, { exact: true });
}

let link = '';
let sharedIds: string[] = [];

describe('share link', () => {
  it('copies a link to the setup on screen', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.getByRole('radio', { name: /Synthetic shapes/ }).check();
    await page.getByRole('button', { name: 'Small VGG' }).click();
    await page.getByRole('spinbutton', { name: 'Units of dense1' }).fill('96');
    await page.getByRole('tab', { name: 'Train' }).click();
    await setTrainNumber(page, 'Learning rate', '0.003');
    await page.getByText('Initialisation, seed and validation').click();
    await setTrainNumber(page, 'Seed', '42');
    sharedIds = await layerIds(page);

    await page.getByRole('button', { name: 'Share' }).click();
    const field = page.getByRole('group', { name: 'Share link' }).getByRole('textbox');
    link = await field.inputValue();
    expect(link.startsWith(inject('baseUrl'))).toBe(true);
    expect(link).toMatch(/#1\.[A-Za-z0-9_-]{40,}$/);
    expect(await page.getByRole('group', { name: 'Share link' }).textContent()).toContain('Weights are not included'); // prettier-ignore
    await screenshot(page, 'keep-share-link');
    expect(await unnamedControls(page, '.share-popover')).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('rebuilds the same setup in a new page and says weights are not included', async () => {
    expect(link).not.toBe('');
    const { page, context, errors } = await openApp(browser);
    await page.goto(link);
    const notice = page.getByRole('status').filter({ hasText: 'Opened a shared setup' });
    await notice.waitFor();
    const text = await notice.textContent();
    expect(text).toMatch(/“Small VGG” \(\d+ layers\) on synthetic shapes \(10 classes, 2000 images, 32×32\), seed 42, with its training settings/); // prettier-ignore
    expect(text).toContain('Weights are not included in share links');
    expect(page.url()).toBe(inject('baseUrl')); // the code is out of the address
    await eventually(() => layerIds(page), sharedIds);
    expect(await page.getByRole('spinbutton', { name: 'Units of dense1' }).inputValue()).toBe('96');
    expect(await page.getByRole('radio', { name: /Synthetic shapes/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Network input').textContent()).toContain('32×32×3');
    await page.getByRole('tab', { name: 'Train' }).click();
    expect(await settingsField(page, 'Learning rate').inputValue()).toBe('0.003');
    await page.getByText('Initialisation, seed and validation').click();
    expect(await settingsField(page, 'Seed').inputValue()).toBe('42');
    await screenshot(page, 'keep-share-opened');
    // It is now this page's saved setup; a reload neither re-applies the link nor loses it.
    await page.reload();
    await eventually(() => layerIds(page), sharedIds);
    expect(await notice.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone screen: the share popover and the export / import dialog', async () => {
    const { page, context, errors } = await openApp(browser, { viewport: { width: 390, height: 844 } }); // prettier-ignore
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth); // prettier-ignore
    await page.getByRole('button', { name: 'Share' }).click();
    const popover = page.getByRole('group', { name: 'Share link' });
    await popover.waitFor();
    const box = (await popover.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'keep-share-phone');
    await popover.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Export / import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export and import the model' });
    await dialog.waitFor();
    const d = (await dialog.boundingBox())!;
    expect(d.x).toBeGreaterThanOrEqual(0);
    expect(d.x + d.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'keep-dialog-phone');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a malformed link’s message and keeps the saved setup', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.getByRole('button', { name: 'Blank' }).click();
    await paletteItem(page, 'Flatten').click();
    await eventually(() => layerIds(page), ['flatten1']);

    // Pasted into the open tab: only the hash changes.
    const cut = link.slice(0, link.indexOf('#') + 30);
    await page.goto(cut);
    const alert = page.getByRole('alert').filter({ hasText: 'could not be opened' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/This share link could not be opened: the link is (damaged|cut off).*Your own setup is unchanged\./); // prettier-ignore
    expect(await layerIds(page)).toEqual(['flatten1']);
    await screenshot(page, 'keep-share-malformed');

    // Opened at start-up (a full page load): a link of a version this build does not read.
    await page.goto('about:blank');
    await page.goto(`${inject('baseUrl')}#9.abcdef`);
    await alert.waitFor();
    expect(await alert.textContent()).toContain('share link version 9 is not supported');
    await eventually(() => layerIds(page), ['flatten1']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
