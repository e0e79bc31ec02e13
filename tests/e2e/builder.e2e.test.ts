// The network builder in a real browser: dragging layers in with the pointer and the keyboard,
// shapes following every edit, an invalid setting repaired by its one-click fix, templates
// (including the residual DAG), and undo/redo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  card,
  dragAnnouncement,
  endSlot,
  eventually,
  keyboardDrag,
  launchBrowser,
  layerIds,
  openApp,
  paletteItem,
  pointerDrag,
  screenshot,
  shapeOf,
  waitForData,
} from './harness';

const LENET = [
  'conv1', 'relu1', 'pool1', 'conv2', 'relu2', 'pool2',
  'flatten1', 'dense1', 'relu3', 'dense2', 'relu4', 'dense3',
]; // prettier-ignore

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('network builder', () => {
  it('opens on MNIST with LeNet-5, every shape shown', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    expect(await layerIds(page)).toEqual(LENET);
    expect(await shapeOf(page, 'conv1')).toBe('28×28×6');
    expect(await shapeOf(page, 'pool1')).toBe('14×14×6');
    expect(await shapeOf(page, 'conv2')).toBe('10×10×16');
    expect(await shapeOf(page, 'pool2')).toBe('5×5×16');
    expect(await shapeOf(page, 'flatten1')).toBe('400');
    expect(await shapeOf(page, 'dense3')).toBe('10');
    await expect.poll(() => card(page, 'conv2').textContent()).toContain('2,416 params');
    const totals = page.getByRole('region', { name: 'Network totals' });
    expect(await totals.textContent()).toContain('61.7K');
    expect(await page.getByRole('status').filter({ hasText: 'Ready to train' }).count()).toBe(1);
    expect(
      await page.getByRole('table', { name: 'Examples per class' }).locator('tbody tr').count(),
    ).toBe(10);
    await screenshot(page, 'lenet-mnist');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('builds a network by dragging from the palette with the pointer, and reorders by dragging', async () => {
    const { page, context, errors } = await openApp(browser);
    await page.getByRole('button', { name: 'Blank' }).click();
    await eventually(() => layerIds(page), []);
    await expect.poll(() => endSlot(page).textContent()).toContain('The network is empty');

    await pointerDrag(page, paletteItem(page, 'Conv2D'), endSlot(page));
    await eventually(() => layerIds(page), ['conv1']);
    expect(await shapeOf(page, 'conv1')).toBe('26×26×8');

    await pointerDrag(page, paletteItem(page, 'ReLU'), endSlot(page));
    await eventually(() => layerIds(page), ['conv1', 'relu1']);

    // Upper half of relu1: the new layer goes before it.
    await pointerDrag(page, paletteItem(page, 'MaxPool'), card(page, 'relu1'), 0.25);
    await eventually(() => layerIds(page), ['conv1', 'pool1', 'relu1']);
    expect(await shapeOf(page, 'pool1')).toBe('13×13×8');
    expect(await shapeOf(page, 'relu1')).toBe('13×13×8');

    // Dropped outside the network (back over the palette): nothing happens.
    await pointerDrag(page, paletteItem(page, 'Dense'), paletteItem(page, 'Flatten'));
    await eventually(() => layerIds(page), ['conv1', 'pool1', 'relu1']);

    // Reorder: drag relu1 by its handle above conv1.
    await pointerDrag(
      page,
      page.getByRole('button', { name: /^Drag relu1 to reorder/ }),
      card(page, 'conv1'),
      0.2,
    );
    await eventually(() => layerIds(page), ['relu1', 'conv1', 'pool1']);
    expect(await shapeOf(page, 'relu1')).toBe('28×28×1');
    await screenshot(page, 'pointer-drag');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is keyboard accessible: Enter appends, Space + arrows drags, fixes and reorders', async () => {
    const { page, context, errors } = await openApp(browser);
    await page.getByRole('button', { name: 'Blank' }).click();

    await paletteItem(page, 'Dense').focus();
    await page.keyboard.press('Enter');
    await eventually(() => layerIds(page), ['dense1']);

    // Pick up Conv2D, step to the first slot (before dense1), drop.
    await keyboardDrag(page, paletteItem(page, 'Conv2D'), ['ArrowDown']);
    expect(await dragAnnouncement(page)).toBe('Dropped Conv2D from the palette over layer dense1.');
    await eventually(() => layerIds(page), ['conv1', 'dense1']);

    // Dense after a conv needs a Flatten: the card says so and offers it.
    const issue = card(page, 'dense1').getByRole('alert');
    await expect.poll(() => issue.textContent()).toContain('insert Flatten before it');
    await card(page, 'dense1').getByRole('button', { name: 'Insert Flatten' }).click();
    await eventually(() => layerIds(page), ['conv1', 'flatten1', 'dense1']);
    expect(await shapeOf(page, 'flatten1')).toBe('5408');
    await expect.poll(() => page.locator('.totals-status').textContent()).toBe('Ready to train');

    // Keyboard reorder: dense1 up one place.
    await keyboardDrag(page, page.getByRole('button', { name: /^Drag dense1 to reorder/ }), [
      'ArrowUp',
    ]);
    await eventually(() => layerIds(page), ['conv1', 'dense1', 'flatten1']);

    // Ctrl+Z outside a text field undoes the move.
    await page.locator('.builder-toolbar').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('Control+z');
    await eventually(() => layerIds(page), ['conv1', 'flatten1', 'dense1']);

    // Typing in the palette filter and pressing Enter adds the first match.
    await page.getByRole('searchbox', { name: 'Filter layers' }).fill('soft');
    expect(await paletteItem(page, 'Conv2D').count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Filter layers' }).fill('relu');
    await page.keyboard.press('Enter');
    await eventually(() => layerIds(page), ['conv1', 'flatten1', 'dense1', 'relu1']);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('explains an invalid setting and repairs it with one click', async () => {
    const { page, context, errors } = await openApp(browser);
    await page.getByRole('spinbutton', { name: 'Kernel of conv2' }).fill('15');
    const issue = card(page, 'conv2').getByRole('alert');
    await expect.poll(() => issue.textContent()).toContain('kernel 15 > input 14');
    expect(await shapeOf(page, 'conv2')).toBe('—');
    await expect.poll(() => page.locator('.totals-status').textContent()).toContain('problem');
    await card(page, 'conv2').scrollIntoViewIfNeeded();
    await screenshot(page, 'invalid-kernel');

    await card(page, 'conv2').getByRole('button', { name: 'Set padding to 1' }).click();
    await expect.poll(() => shapeOf(page, 'conv2')).toBe('2×2×16');
    expect(await card(page, 'conv2').getByRole('alert').count()).toBe(0);
    expect(await page.getByRole('combobox', { name: 'Padding of conv2' }).inputValue()).toBe('1');
    await expect.poll(() => page.locator('.totals-status').textContent()).toBe('Ready to train');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('loads templates, shows residual inputs, and undoes and redoes', async () => {
    const { page, context, errors } = await openApp(browser);
    await page.getByRole('button', { name: 'Small ResNet' }).click();
    await expect.poll(() => layerIds(page).then((ids) => ids.length)).toBe(15);
    const add1 = card(page, 'add1');
    expect(await add1.getByRole('group', { name: 'Inputs of add1' }).textContent()).toContain(
      'adds:',
    );
    expect(await add1.getByRole('combobox', { name: 'Input 1 of add1' }).inputValue()).toBe(
      'conv3',
    );
    expect(await add1.getByRole('combobox', { name: 'Input 2 of add1' }).inputValue()).toBe(
      'relu1',
    );
    expect(await card(page, 'relu1').textContent()).toContain('also feeds add1');
    await expect.poll(() => page.locator('.totals-status').textContent()).toBe('Ready to train');
    await add1.scrollIntoViewIfNeeded();
    await screenshot(page, 'resnet-template');

    // Rewire the shortcut to conv1's output, then walk the history back and forth.
    await add1.getByRole('combobox', { name: 'Input 2 of add1' }).selectOption('conv1');
    expect(await card(page, 'conv1').textContent()).toContain('also feeds add1');
    const undo = page.getByRole('button', { name: 'Undo' });
    const redo = page.getByRole('button', { name: 'Redo' });
    await undo.click();
    await expect
      .poll(() => add1.getByRole('combobox', { name: 'Input 2 of add1' }).inputValue())
      .toBe('relu1');
    await undo.click();
    await eventually(() => layerIds(page), LENET);
    await redo.click();
    await expect.poll(() => layerIds(page).then((ids) => ids.length)).toBe(15);
    await redo.click();
    await expect
      .poll(() => add1.getByRole('combobox', { name: 'Input 2 of add1' }).inputValue())
      .toBe('conv1');
    expect(await redo.isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('duplicates and deletes layers from their cards', async () => {
    const { page, context, errors } = await openApp(browser);
    await page.getByRole('button', { name: 'Duplicate conv1' }).click();
    await eventually(
      () => layerIds(page).then((ids) => ids.slice(0, 3)),
      ['conv1', 'conv3', 'relu1'],
    );
    // The copy keeps conv1's settings (6 filters, 5×5, padding 2): 28×28×6 in, 28×28×6 out.
    expect(await shapeOf(page, 'conv3')).toBe('28×28×6');
    await page.getByRole('button', { name: 'Delete conv3' }).click();
    await eventually(() => layerIds(page), LENET);
    expect(errors).toEqual([]);
    await context.close();
  });
});
