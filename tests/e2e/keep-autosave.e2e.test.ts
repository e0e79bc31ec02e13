// Autosave in the browser: checkpoints land in IndexedDB while LeNet-5 trains; a reload in the
// middle of the run offers "Resume from step N", which carries on counting from N with the loss
// where it was (not the ln 10 ≈ 2.3 of fresh weights). A full storage is reported on screen; a
// corrupt stored checkpoint gives a message, is removed, and the app starts normally.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, screenshot, waitForData } from './harness';
import {
  download,
  openModelDialog,
  runStatus,
  safetensorsHeader,
  setTrainNumber,
  shownLoss,
  shownStep,
  unnamedControls,
  waitForState,
} from './keep-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function autosaveStatus(page: Page) {
  return page.locator('header .autosave-status');
}

/** The step of the latest autosave the header reports (0 when none yet). */
async function autosavedStep(page: Page): Promise<number> {
  const text =
    (await autosaveStatus(page)
      .textContent()
      .catch(() => null)) ?? '';
  return Number(text.match(/Autosaved step (\d+)/)?.[1] ?? 0);
}

describe('autosave', () => {
  it('resumes a run from its last checkpoint after a reload mid-training', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.getByRole('tab', { name: 'Train' }).click();
    await setTrainNumber(page, 'Epochs', '20'); // far more than this test trains
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    // The worker checkpoints every 15 s of running; each one is written to IndexedDB.
    await expect.poll(() => autosavedStep(page), { timeout: 60_000 }).toBeGreaterThan(0);
    const saved = await autosavedStep(page);
    const lossBefore = await shownLoss(page);
    expect(lossBefore).toBeLessThan(2);
    expect(await runStatus(page).textContent()).toContain('Training');
    await screenshot(page, 'keep-autosave-training');

    // Export works mid-run too: a snapshot taken between two training chunks.
    const dialog = await openModelDialog(page);
    expect(await dialog.textContent()).toMatch(/a snapshot of the run in progress \(now at step \d+\)/); // prettier-ignore
    const snap = await download(page, 'Weights (.safetensors)');
    expect(snap.name).toBe('lenet_5.safetensors');
    expect(Object.keys(safetensorsHeader(snap.bytes))).toContain('dense3.weight');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await runStatus(page).textContent()).toContain('Training');

    await page.reload();
    await page.getByRole('heading', { name: 'convplay' }).waitFor();
    const offer = page.getByRole('region', { name: 'Autosaved run' });
    await offer.waitFor({ timeout: 30_000 });
    const button = offer.getByRole('button', { name: /^Resume from step \d+$/ });
    const step = Number((await button.textContent())!.match(/\d+/)![0]);
    expect(step).toBeGreaterThanOrEqual(saved);
    expect(await offer.textContent()).toMatch(new RegExp(`stopped at step ${step} of 5,?000`));
    await screenshot(page, 'keep-autosave-offer');
    expect(await unnamedControls(page, '.app-notices')).toEqual([]);

    await button.click();
    await offer.waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByRole('tab', { name: 'Train' }).click();
    // Counting carries on from the checkpoint, never from 0.
    await expect.poll(() => shownStep(page), { timeout: 60_000 }).toBeGreaterThan(step);
    expect(await shownStep(page)).toBeLessThan(step + 2000);
    expect(await runStatus(page).textContent()).toContain('Training');
    await expect.poll(() => shownLoss(page)).toBeGreaterThan(0);
    const lossAfter = await shownLoss(page);
    // Near where it was: far below a fresh start's ≈ 2.3 (batch losses are noisy).
    expect(lossAfter).toBeLessThan(Math.max(1.2, lossBefore * 2.5));
    await page.getByRole('button', { name: 'Pause' }).click();
    await waitForState(page, 'Paused');
    await page.getByRole('tab', { name: 'Watch' }).click();
    await page.getByRole('figure', { name: 'Loss chart' }).waitFor();
    await screenshot(page, 'keep-autosave-resumed');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says so when the browser storage is full', async () => {
    const { page, context, errors } = await openApp(browser);
    // Every write to the checkpoint store fails as a full disk makes it fail.
    await page.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (
        this: IDBObjectStore,
        ...args: Parameters<typeof put>
      ) {
        if (this.name === 'checkpoints') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); // prettier-ignore
        return put.apply(this, args);
      };
    });
    await page.reload();
    await waitForData(page);
    await page.getByRole('tab', { name: 'Train' }).click();
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Autosave failed' });
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/storage for convplay is full \(QuotaExceededError\), so the checkpoint at step 1 was not saved\. Export the model/); // prettier-ignore
    expect(await autosaveStatus(page).textContent()).toBe('Autosave failed');
    await screenshot(page, 'keep-autosave-quota');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('removes a corrupt checkpoint with a message and starts normally', async () => {
    const { page, context, errors } = await openApp(browser);
    await waitForData(page);
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('convplay-autosave', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('checkpoints');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('checkpoints', 'readwrite');
            tx.objectStore('checkpoints').put({ format: 'convplay.checkpoint', version: 1, spec: 42 }, 'latest'); // prettier-ignore
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.reload();
    const notice = page.getByRole('status').filter({ hasText: 'autosaved checkpoint could not be read' }); // prettier-ignore
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toMatch(/\(its network: a network spec must be a JSON object\), so it was removed/); // prettier-ignore
    expect(await page.getByRole('region', { name: 'Autosaved run' }).count()).toBe(0);
    await screenshot(page, 'keep-autosave-corrupt');
    await page.reload();
    await waitForData(page);
    expect(await notice.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
