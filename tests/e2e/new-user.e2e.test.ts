// The playground's promise, tried as a new user would: start blank, build LeNet by dragging
// layers from the palette (fixing the one mistake the builder points out), train it on the
// bundled MNIST with the default settings (Adam, two epochs), and watch the first-layer filters
// form. The validation accuracy at the end must be above 95%. Screenshot: new-user-lenet.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  card,
  endSlot,
  eventually,
  launchBrowser,
  layerIds,
  openApp,
  paletteItem,
  pointerDrag,
  screenshot,
  shapeOf,
  waitForData,
} from './harness';
import { openSection, runStatus } from './watch-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function drag(page: Page, label: string, expected: string) {
  const ids = await layerIds(page);
  const before = ids.length;
  // Onto the lower half of the last card ("after it"), or the empty network's slot.
  const last = ids.at(-1);
  const target = last ? card(page, last) : endSlot(page);
  // Centred: near the window's edge, dragging scrolls the page (dnd-kit's auto-scroll).
  await target.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await pointerDrag(page, paletteItem(page, label), target, last ? 0.8 : 0.5);
  await expect.poll(async () => (await layerIds(page)).length).toBe(before + 1);
  // A person's next move comes a moment later; right after a drop dnd-kit still swallows the
  // next click and the list is still settling.
  await page.waitForTimeout(400);
  expect((await layerIds(page)).at(-1)).toBe(expected);
}

async function setLayer(page: Page, name: string, value: string) {
  const input = page.getByRole('spinbutton', { name });
  await input.fill(value);
  await input.press('Enter');
}

/** The filter canvases' pixels, as data URLs. */
function filterPixels(page: Page): Promise<string[]> {
  return page
    .getByRole('group', { name: '6 filters of conv1, 5×5' })
    .locator('canvas')
    .evaluateAll((els) => els.map((c) => (c as HTMLCanvasElement).toDataURL()));
}

describe('a new user', () => {
  it('builds LeNet by dragging, trains it on MNIST past 95% validation accuracy, and sees filters form', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.getByRole('button', { name: 'Blank' }).click();
    await eventually(() => layerIds(page), []);

    await drag(page, 'Conv2D', 'conv1');
    await setLayer(page, 'Filters of conv1', '6');
    await setLayer(page, 'Kernel of conv1', '5');
    await page.getByRole('combobox', { name: 'Padding of conv1' }).selectOption('2');
    await expect.poll(() => shapeOf(page, 'conv1')).toBe('28×28×6');
    await drag(page, 'ReLU', 'relu1');
    await drag(page, 'MaxPool', 'pool1');
    await drag(page, 'Conv2D', 'conv2');
    await setLayer(page, 'Filters of conv2', '16');
    await setLayer(page, 'Kernel of conv2', '5');
    await expect.poll(() => shapeOf(page, 'conv2')).toBe('10×10×16');
    await drag(page, 'ReLU', 'relu2');
    await drag(page, 'MaxPool', 'pool2');
    // Dense straight after a feature map: the builder says what is wrong and fixes it.
    await drag(page, 'Dense', 'dense1');
    await expect.poll(() => card(page, 'dense1').getByRole('alert').textContent()).toContain('insert Flatten'); // prettier-ignore
    await card(page, 'dense1').getByRole('button', { name: 'Insert Flatten' }).click();
    await page.waitForTimeout(400); // the new layer is scrolled to smoothly: let it settle
    await expect.poll(() => shapeOf(page, 'dense1')).toBe('10');
    await setLayer(page, 'Units of dense1', '120');
    await drag(page, 'ReLU', 'relu3');
    await drag(page, 'Dense', 'dense2');
    expect(await layerIds(page)).toEqual(['conv1', 'relu1', 'pool1', 'conv2', 'relu2', 'pool2', 'flatten1', 'dense1', 'relu3', 'dense2']); // prettier-ignore
    await expect.poll(() => page.locator('.totals-status').textContent()).toBe('Ready to train');

    // The default settings: two epochs of the bundled MNIST (8000 images, batch 32), Adam.
    // One step first, to see the filters as initialised.
    await page.getByRole('tab', { name: 'Train' }).click();
    expect(await page.getByRole('region', { name: 'Training settings' }).getByLabel('Epochs', { exact: true }).inputValue()).toBe('2'); // prettier-ignore
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await runStatus(page)
      .filter({ hasText: /Paused/ })
      .waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Watch' }).click();
    await openSection(page, 'Inside the network');
    await expect.poll(async () => (await filterPixels(page)).length, { timeout: 30_000 }).toBe(6);
    const before = await filterPixels(page);

    await page.getByRole('tab', { name: 'Train' }).click();
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await runStatus(page).filter({ hasText: 'Finished' }).waitFor({ timeout: 240_000 });
    const val = page.locator('.run-numbers div').filter({ hasText: 'Validation accuracy' }).locator('dd'); // prettier-ignore
    const accuracy = Number((await val.textContent())!.replace('%', '')) / 100;
    console.log(`new user's LeNet after two epochs: validation accuracy ${(accuracy * 100).toFixed(1)}%`); // prettier-ignore
    expect(accuracy).toBeGreaterThan(0.95);

    await page.getByRole('tab', { name: 'Watch' }).click();
    await openSection(page, 'Inside the network');
    await expect.poll(async () => {
      const after = await filterPixels(page);
      return after.filter((p, i) => p !== before[i]).length;
    }, { timeout: 30_000 }).toBe(6); // prettier-ignore
    await screenshot(page, 'new-user-lenet');
    expect(errors).toEqual([]);
    await context.close();
  });
});
