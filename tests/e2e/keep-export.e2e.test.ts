// Taking the model away and bringing it back: after a short LeNet-5 run on MNIST, every export
// format downloads and holds what it should (safetensors tensor names and metadata, the
// network.json, a non-trivial ONNX graph, model code that loads the weights under their
// download name, the summary, a zip of all five); the exported pair and the zip, imported into
// fresh pages, give exactly the same validation loss and accuracy as the weights they came from.
import type { Browser, Page } from 'playwright-core';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchBrowser, layerIds, openApp, screenshot, waitForData } from './harness';
import {
  download,
  openModelDialog,
  safetensorsHeader,
  setTrainNumber,
  unnamedControls,
  waitForState,
  type Downloaded,
} from './keep-helpers';
import { openSection } from './watch-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** "Validation loss 0.1234, accuracy 91.0% on 1,000 images": the part that must match. */
function checkNumbers(text: string | null): string {
  const m = text?.match(/Validation loss [\d.]+, accuracy [\d.]+% on [\d,]+ images/);
  expect(m, String(text)).not.toBeNull();
  return m![0];
}

/** The Watch panel's predictions for the first validation images (labels, top-3 and %). */
async function predictionsGrid(page: Page): Promise<string[]> {
  await page.getByRole('tab', { name: 'Watch' }).click();
  const section = await openSection(page, 'Predictions');
  const items = section.getByRole('list', { name: 'Predictions' }).locator(':scope > li');
  await expect.poll(() => items.count(), { timeout: 60_000 }).toBe(12);
  return items.allTextContents();
}

const files: Record<string, Downloaded> = {};
let reference = '';
let referenceGrid: string[] = [];

describe('export', () => {
  it('downloads each format of the trained LeNet-5, named after the network', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.getByRole('tab', { name: 'Train' }).click();
    await setTrainNumber(page, 'Epochs', '0.05'); // 13 steps
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForState(page, 'Finished');

    const dialog = await openModelDialog(page);
    await expect.poll(() => dialog.textContent()).toContain('the weights at step 13, the end of the run'); // prettier-ignore
    files.weights = await download(page, 'Weights (.safetensors)');
    files.spec = await download(page, 'Network (.json)');
    files.onnx = await download(page, 'ONNX (.onnx)');
    files.py = await download(page, 'PyTorch (.py)');
    files.summary = await download(page, 'Summary (.json)');
    files.zip = await download(page, 'Everything (.zip)');
    expect(Object.values(files).map((f) => f.name)).toEqual([
      'lenet_5.safetensors',
      'lenet_5.network.json',
      'lenet_5.onnx',
      'lenet_5.py',
      'lenet_5.summary.json',
      'lenet_5.zip',
    ]);
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toMatch(/Saved lenet_5.zip \([\d.]+ KB\)/); // prettier-ignore

    // Weights: every LeNet-5 tensor under its PyTorch name, the network and preprocessing inside.
    const header = safetensorsHeader(files.weights.bytes);
    const meta = header.__metadata__ as Record<string, string>;
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    expect(names).toEqual(['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'dense1.weight', 'dense1.bias', 'dense2.weight', 'dense2.bias', 'dense3.weight', 'dense3.bias']); // prettier-ignore
    expect(header['conv1.weight']).toMatchObject({ dtype: 'F32', shape: [6, 1, 5, 5] });
    expect(JSON.parse(meta['convplay.spec']).name).toBe('LeNet-5');
    expect(JSON.parse(meta['convplay.preprocess'])).toEqual({ mode: 'scale', mean: [0], std: [1] });

    const spec = JSON.parse(files.spec.bytes.toString('utf8'));
    expect(spec).toMatchObject({ format: 'convplay.network', version: 1, name: 'LeNet-5' });
    // ONNX: a protobuf with the weights as initializers (4 bytes each, ~61.7K of them).
    expect(files.onnx.bytes.length).toBeGreaterThan(61_000 * 4);
    const onnxText = files.onnx.bytes.toString('latin1');
    for (const s of [
      'convplay',
      'conv1.weight',
      'dense3.bias',
      'input',
      'logits',
      'Conv',
      'Gemm',
    ]) {
      expect(onnxText).toContain(s);
    }
    const py = files.py.bytes.toString('utf8');
    expect(py).toContain('class Net(nn.Sequential):');
    expect(py).toContain('nn.Conv2d(1, 6, kernel_size=5');
    expect(py).toContain('"lenet_5.safetensors"');
    const summary = JSON.parse(files.summary.bytes.toString('utf8'));
    expect(summary).toMatchObject({ name: 'LeNet-5', input: [1, 28, 28], totalParams: 61706 });
    const zip = unzipSync(new Uint8Array(files.zip.bytes));
    expect(Object.keys(zip).sort()).toEqual(['model.onnx', 'model.py', 'model.safetensors', 'network.json', 'summary.json']); // prettier-ignore
    expect(Buffer.from(zip['model.safetensors']).equals(files.weights.bytes)).toBe(true);

    await dialog.getByRole('button', { name: 'Check on validation images' }).click();
    const check = dialog.getByRole('status', { name: 'Weights check' });
    await check.waitFor({ timeout: 60_000 });
    reference = checkNumbers(await check.textContent());
    await screenshot(page, 'keep-export-dialog');
    expect(await unnamedControls(page, 'dialog.keep-dialog')).toEqual([]);
    expect(await unnamedControls(page, 'header .keep-controls')).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    referenceGrid = await predictionsGrid(page);
    expect(referenceGrid.join(' ')).toMatch(/\d%/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('imports the exported pair into a fresh page with identical predictions', async () => {
    expect(reference).not.toBe('');
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.getByRole('button', { name: 'Blank' }).click(); // something else on screen first
    const dialog = await openModelDialog(page);
    await dialog.getByLabel('Model files').setInputFiles([
      { name: files.weights.name, mimeType: 'application/octet-stream', buffer: files.weights.bytes }, // prettier-ignore
      { name: files.spec.name, mimeType: 'application/json', buffer: files.spec.bytes },
    ]);
    const result = dialog.getByRole('status', { name: 'Import result' });
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toMatch(/Validation loss/);
    const text = await result.textContent();
    expect(text).toContain('Imported “LeNet-5” (12 layers, 61,706 values) from lenet_5.safetensors + lenet_5.network.json'); // prettier-ignore
    expect(checkNumbers(text)).toBe(reference);
    await screenshot(page, 'keep-import-pair');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await eventually(() => layerIds(page), ['conv1', 'relu1', 'pool1', 'conv2', 'relu2', 'pool2', 'flatten1', 'dense1', 'relu3', 'dense2', 'relu4', 'dense3']); // prettier-ignore
    // The same predictions, image for image, class for class, percent for percent.
    expect(await predictionsGrid(page)).toEqual(referenceGrid);
    await screenshot(page, 'keep-import-predictions');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('imports the zip into a fresh page with identical predictions, and trains on from it', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    const dialog = await openModelDialog(page);
    await dialog
      .getByLabel('Model files')
      .setInputFiles([
        { name: files.zip.name, mimeType: 'application/zip', buffer: files.zip.bytes },
      ]);
    const result = dialog.getByRole('status', { name: 'Import result' });
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toMatch(/Validation loss/);
    expect(checkNumbers(await result.textContent())).toBe(reference);
    await dialog.getByRole('button', { name: 'Close' }).click();
    // Train continues from the imported weights (the session is kept, not rebuilt).
    await page.getByRole('tab', { name: 'Train' }).click();
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await waitForState(page, 'Paused');
    const numbers = page.getByRole('region', { name: 'Run' }).locator('.run-numbers');
    // A network trained for 13 steps starts far below the ln(10) ≈ 2.3 of fresh weights.
    const loss = Number((await numbers.textContent())!.match(/Loss([\d.]+)/)![1]);
    expect(loss).toBeLessThan(2);
    expect(errors).toEqual([]);
    await context.close();
  });
});
