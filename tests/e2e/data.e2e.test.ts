// The data panel in a real browser: importing a folder of the user's own images (PNG files the
// test writes), per-class counts and skipped files, the network following the data's shape and
// class count, synthetic shapes, and the augmentation preview.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, eventually, launchBrowser, openApp, screenshot, waitForData } from './harness';
import { encodePng } from './png';

let browser: Browser;
let folder: string;

/** pets/cat: 3 reddish discs, pets/dog: 2 bluish stripes, plus a broken PNG and a text file. */
function writeImageFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'convplay-e2e-'));
  const pets = join(root, 'pets');
  mkdirSync(join(pets, 'cat'), { recursive: true });
  mkdirSync(join(pets, 'dog'), { recursive: true });
  for (let i = 0; i < 3; i++) {
    const png = encodePng(40 + 10 * i, 40, (x, y) => {
      const inside = (x - 20) ** 2 + (y - 20) ** 2 < (10 + 3 * i) ** 2;
      return inside ? [230, 60 + 40 * i, 50] : [250, 240, 230];
    });
    writeFileSync(join(pets, 'cat', `cat-${i + 1}.png`), png);
  }
  for (let i = 0; i < 2; i++) {
    const png = encodePng(48, 36, (x) => ((x >> (2 + i)) & 1 ? [40, 80, 220] : [220, 230, 250]));
    writeFileSync(join(pets, 'dog', `dog-${i + 1}.png`), png);
  }
  writeFileSync(join(pets, 'dog', 'broken.png'), Buffer.from('definitely not a png'));
  writeFileSync(join(pets, 'notes.txt'), 'class folders below');
  return pets;
}

function classRow(page: Page, name: string) {
  return page
    .getByRole('table', { name: 'Examples per class' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

beforeAll(async () => {
  browser = await launchBrowser();
  folder = writeImageFolder();
});
afterAll(async () => {
  await browser?.close();
  rmSync(join(folder, '..'), { recursive: true, force: true });
});

describe('data panel', () => {
  it('imports a folder of images: per-class counts, previews, skipped files, network follows', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.getByRole('radio', { name: /Your own images/ }).check();
    await page.getByLabel('Image folder', { exact: true }).setInputFiles(folder);
    await expect
      .poll(() => classRow(page, 'cat').textContent(), { timeout: 20_000 })
      .toContain('3');
    expect(await classRow(page, 'dog').textContent()).toContain('2');
    expect(
      await page.getByRole('table', { name: 'Examples per class' }).locator('tbody tr').count(),
    ).toBe(2);
    expect(await page.getByRole('img', { name: 'First 3 images of class cat' }).count()).toBe(1);
    const skipped = page.locator('details.skipped');
    expect(await skipped.locator('summary').textContent()).toContain('2 files skipped');
    expect(await page.getByRole('list', { name: 'Skipped files' }).textContent()).toContain(
      'dog/broken.png',
    );

    // The network input follows the import (32×32×3 by default) and LeNet's 10 outputs no
    // longer match 2 classes: the last layer says so and offers the fix.
    await expect.poll(() => page.getByLabel('Network input').textContent()).toContain('32×32×3');
    const issue = card(page, 'dense3').getByRole('alert');
    await expect.poll(() => issue.textContent()).toContain('the dataset has 2 classes');
    // The totals bar's problem count takes you to the problem.
    await page.getByRole('button', { name: '1 problem to fix before training' }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Set units to 2');
    await screenshot(page, 'import-folder');
    await card(page, 'dense3').getByRole('button', { name: 'Set units to 2' }).click();
    await expect.poll(() => page.locator('.totals-status').textContent()).toBe('Ready to train');

    // A new size re-imports the same files.
    const size = page.getByLabel('Image size');
    await size.fill('16');
    await size.press('Enter');
    await expect.poll(() => page.getByLabel('Network input').textContent()).toContain('16×16×3');
    await eventually(() => classRow(page, 'cat').locator('td').first().textContent(), '3');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('generates synthetic shapes with the chosen class count', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.getByRole('radio', { name: /Synthetic shapes/ }).check();
    const classes = page.getByLabel('Classes', { exact: true });
    await classes.fill('4');
    await classes.press('Enter');
    await expect
      .poll(
        () => page.getByRole('table', { name: 'Examples per class' }).locator('tbody tr').count(),
        {
          timeout: 20_000,
        },
      )
      .toBe(4);
    expect(await classRow(page, 'triangle').textContent()).toContain('500');
    await expect.poll(() => page.getByLabel('Network input').textContent()).toContain('32×32×3');
    await expect
      .poll(() => card(page, 'dense3').getByRole('alert').textContent())
      .toContain('4 classes');
    await screenshot(page, 'shapes');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('previews augmentation live from a seed', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    const preview = page.getByRole('img', { name: /augmented variants/ });
    await preview.scrollIntoViewIfNeeded();
    const before = await preview.screenshot();
    await page.getByRole('checkbox', { name: 'Flip left–right' }).check();
    const rotate = page.getByLabel('Rotate');
    await rotate.fill('30');
    await rotate.press('Enter');
    await expect.poll(async () => (await preview.screenshot()).equals(before)).toBe(false);
    const withSeed = await preview.screenshot();
    await page.getByRole('button', { name: 'Show other samples' }).click();
    await expect.poll(async () => (await preview.screenshot()).equals(withSeed)).toBe(false);
    await page.locator('.tab-panel').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await screenshot(page, 'augmentation');
    expect(errors).toEqual([]);
    await context.close();
  });
});
