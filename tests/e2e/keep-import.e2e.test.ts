// Importing broken model files: each way a file can be wrong (truncated, a header length that
// does not fit, an unsupported dtype, a missing tensor, a wrong shape, no network to go with
// the weights, not a model file at all...) shows its own message naming the file, the tensor
// and the mismatch, and leaves the network in the builder and the session's weights as they
// were. The files are made here in Node with the engine's own writers, then broken.
import type { Browser, Page } from 'playwright-core';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { weightsFile } from '../../src/engine/io/bundle';
import { writeSafetensors, type HostTensor } from '../../src/engine/io/safetensors';
import { SPEC_METADATA_KEY } from '../../src/engine/io/weights';
import { Model } from '../../src/engine/model/model';
import { MNIST_SHAPE } from '../../src/store/dataset-settings';
import { buildTemplate } from '../../src/store/templates';
import {
  eventually,
  launchBrowser,
  layerIds,
  openApp,
  paletteItem,
  screenshot,
  waitForData,
} from './harness';
import { openModelDialog, runStatus, waitForState } from './keep-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const spec = buildTemplate('lenet5', MNIST_SHAPE, 10);
const specJson = JSON.stringify(spec);
let tensors: Map<string, HostTensor>;
let good: Buffer;

beforeAll(async () => {
  const model = Model.create(spec, new CpuBackend());
  model.initialize('he', 1);
  tensors = await model.readTensors();
  good = Buffer.from(weightsFile(spec, tensors));
});

/** The weights with `change` applied to the tensor list, the network still named inside. */
function rewritten(change: (t: Map<string, HostTensor>) => void): Buffer {
  const t = new Map(tensors);
  change(t);
  return Buffer.from(writeSafetensors(t, { [SPEC_METADATA_KEY]: specJson }));
}

/** Edits the JSON header in place (same length, so offsets stay right). */
function headerEdit(from: string, to: string): Buffer {
  expect(to.length).toBe(from.length);
  const out = Buffer.from(good);
  const len = Number(out.readBigUInt64LE(0));
  const header = out.subarray(8, 8 + len).toString('utf8');
  expect(header).toContain(from);
  out.write(header.replace(from, to), 8, 'utf8');
  return out;
}

type Case = {
  readonly what: string;
  readonly files: { name: string; buffer: Buffer }[];
  readonly says: RegExp[];
};

const cases = (): Case[] => [
  {
    what: 'truncated',
    files: [{ name: 'lenet.safetensors', buffer: good.subarray(0, good.length - 1000) }],
    says: [/lenet\.safetensors: tensor "dense3\.weight" ends at byte \d+ but the file has \d+ data bytes \(truncated file\)/], // prettier-ignore
  },
  {
    what: 'wrong header length',
    files: [{ name: 'lenet.safetensors', buffer: (() => { const b = Buffer.from(good); b.writeBigUInt64LE(BigInt(good.length * 3), 0); return b; })() }], // prettier-ignore
    says: [/lenet\.safetensors: header length \d+ does not fit in a \d+-byte file \(truncated or not safetensors\)/], // prettier-ignore
  },
  {
    what: 'wrong dtype',
    files: [{ name: 'lenet.safetensors', buffer: headerEdit('"dtype":"F32"', '"dtype":"I32"') }],
    says: [/tensor "conv1\.weight" has dtype I32; supported: F32, F64, F16, BF16/],
  },
  {
    what: 'missing tensor',
    files: [{ name: 'lenet.safetensors', buffer: rewritten((t) => t.delete('conv2.bias')) }],
    says: [/lenet\.safetensors does not fit the network: missing tensor "conv2\.bias" \(expected shape \[16\]\)/], // prettier-ignore
  },
  {
    what: 'wrong shape',
    files: [{ name: 'lenet.safetensors', buffer: rewritten((t) => t.set('dense1.weight', { shape: [100, 400], data: new Float32Array(40_000) })) }], // prettier-ignore
    says: [/tensor "dense1\.weight" has shape \[100, 400\], the network needs \[120, 400\]/],
  },
  {
    what: 'several tensor problems, listed one by one',
    files: [{ name: 'lenet.safetensors', buffer: rewritten((t) => { t.delete('conv2.bias'); t.set('dense3.weight', { shape: [5, 84], data: new Float32Array(420) }); t.set('extra.weight', { shape: [1], data: new Float32Array(1) }); }) }], // prettier-ignore
    says: [/Could not import: lenet\.safetensors does not fit the network:/, /Missing tensor "conv2\.bias"/, /Tensor "dense3\.weight" has shape \[5, 84\], the network needs \[10, 84\]/, /Unexpected tensor "extra\.weight"/], // prettier-ignore
  },
  {
    what: 'weights that do not name their network',
    files: [{ name: 'from-torch.safetensors', buffer: Buffer.from(writeSafetensors(tensors)) }],
    says: [/from-torch\.safetensors does not say which network it belongs to .* choose its network\.json as well/], // prettier-ignore
  },
  {
    what: 'a network file that is not JSON',
    files: [{ name: 'lenet.safetensors', buffer: good }, { name: 'lenet.network.json', buffer: Buffer.from('{"format": "convplay.net') }], // prettier-ignore
    says: [/lenet\.network\.json is not valid JSON/],
  },
  {
    what: 'a network without weights',
    files: [{ name: 'lenet.network.json', buffer: Buffer.from(specJson) }],
    says: [/“lenet\.network\.json” describes a network but holds no weights/],
  },
  {
    what: 'not a model file',
    files: [{ name: 'notes.txt', buffer: Buffer.from('hello') }],
    says: [/“notes\.txt” is not a model file: choose \.safetensors, \.json or \.zip/],
  },
  {
    what: 'a zip without weights',
    files: [{ name: 'bundle.zip', buffer: Buffer.from(zipSync({ 'network.json': new TextEncoder().encode(specJson) })) }], // prettier-ignore
    says: [/bundle\.zip: the zip archive holds no model\.safetensors/],
  },
  {
    what: 'a damaged zip',
    files: [{ name: 'bundle.zip', buffer: Buffer.from('PK\u0003\u0004 not really a zip') }],
    says: [/bundle\.zip: not a readable zip archive/],
  },
];

async function importFiles(page: Page, files: Case['files']) {
  const dialog = await openModelDialog(page);
  await dialog
    .getByLabel('Model files')
    .setInputFiles(files.map((f) => ({ ...f, mimeType: 'application/octet-stream' })));
  const alert = dialog.getByRole('alert', { name: 'Import problems' });
  await alert.waitFor({ timeout: 30_000 });
  return { dialog, alert };
}

describe('import of malformed files', () => {
  it('shows each problem and leaves the network and the weights as they were', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    // A network and a session of our own: one step of a linear classifier.
    await page.getByRole('button', { name: 'Blank' }).click();
    await paletteItem(page, 'Flatten').click();
    await paletteItem(page, 'Dense').click();
    await page.getByRole('tab', { name: 'Train' }).click();
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await waitForState(page, 'Paused');
    const status = await runStatus(page).textContent();
    expect(status).toMatch(/step 1 \//);

    for (const c of cases()) {
      const { dialog, alert } = await importFiles(page, c.files);
      const text = await alert.textContent();
      for (const re of c.says) expect(text, c.what).toMatch(re);
      expect(text).toContain('Nothing was changed');
      if (c.what.startsWith('several')) {
        expect(await alert.getByRole('listitem').count()).toBe(3);
        await screenshot(page, 'keep-import-problems');
      }
      await dialog.getByRole('button', { name: 'Close' }).click();
      await eventually(() => layerIds(page), ['flatten1', 'dense1']);
      expect(await runStatus(page).textContent(), c.what).toBe(status);
    }
    // The session still holds its own weights: Resume carries on from step 1.
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => runStatus(page).textContent(), { timeout: 60_000 }).toMatch(/Paused.*step 2 \//); // prettier-ignore
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a model the chosen dataset cannot feed, naming both shapes', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    const odd = { ...spec, input: { channels: 2, height: 28, width: 28 } };
    const model = Model.create(odd, new CpuBackend());
    const buffer = Buffer.from(weightsFile(odd, await model.readTensors()));
    const before = await layerIds(page);
    const { alert } = await importFiles(page, [{ name: 'two-channel.safetensors', buffer }]);
    expect(await alert.textContent()).toMatch(/the model takes 28×28×2 images and scores 10 classes, but the chosen dataset \(MNIST.*\) has 28×28×1 images in 10 classes/); // prettier-ignore
    expect(await layerIds(page)).toEqual(before);
    expect(errors).toEqual([]);
    await context.close();
  });
});
