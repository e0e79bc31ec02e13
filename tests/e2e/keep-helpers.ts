// Helpers shared by the keep*.e2e specs (export, import, autosave, share): the export / import
// dialog, downloads read back from disk, and the run's numbers as the Train panel shows them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { ARTIFACTS } from './harness';

export function modelDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Export and import the model' });
}

export async function openModelDialog(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Export / import' }).click();
  const dialog = modelDialog(page);
  await dialog.waitFor();
  return dialog;
}

export interface Downloaded {
  readonly name: string;
  readonly bytes: Buffer;
}

/** Clicks an export button and reads the file the browser saved (kept under test-results). */
export async function download(page: Page, button: string): Promise<Downloaded> {
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    modelDialog(page).getByRole('button', { name: button, exact: true }).click(),
  ]);
  const bytes = readFileSync(await dl.path());
  const name = dl.suggestedFilename();
  mkdirSync(resolve(ARTIFACTS, 'downloads'), { recursive: true });
  writeFileSync(resolve(ARTIFACTS, 'downloads', name), bytes);
  return { name, bytes };
}

export function runStatus(page: Page): Locator {
  return page.getByRole('region', { name: 'Run' }).getByRole('status');
}

/** The step the Train panel's status line shows ("step 120 / 500"). */
export async function shownStep(page: Page): Promise<number> {
  const m = (await runStatus(page).textContent())?.match(/step ([\d,]+) \//);
  return m ? Number(m[1].replace(/,/g, '')) : 0;
}

/** The latest training loss in the Train panel's numbers. */
export async function shownLoss(page: Page): Promise<number> {
  const text = await page.getByRole('region', { name: 'Run' }).locator('.run-numbers').textContent(); // prettier-ignore
  return Number(text?.match(/Loss([\d.]+)/)?.[1] ?? NaN);
}

export async function setTrainNumber(page: Page, label: string, value: string) {
  const input = page
    .getByRole('region', { name: 'Training settings' })
    .getByLabel(label, { exact: true });
  await input.fill(value);
  await input.press('Enter');
}

/** The header of a safetensors file as JSON. */
export function safetensorsHeader(bytes: Buffer): Record<string, unknown> {
  const len = Number(bytes.readBigUInt64LE(0));
  return JSON.parse(bytes.subarray(8, 8 + len).toString('utf8'));
}

/** Waits for the run to reach `state` ("Finished", "Paused"...). */
export async function waitForState(page: Page, state: string, timeout = 120_000) {
  await expect.poll(() => runStatus(page).textContent(), { timeout }).toContain(state);
}

/** Buttons, inputs and selects inside `root` without an accessible name (their HTML). */
export function unnamedControls(page: Page, root: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const named = (el: Element): boolean => {
      if (el.getAttribute('aria-label')?.trim()) return true;
      const by = el.getAttribute('aria-labelledby')?.split(/\s+/) ?? [];
      if (by.some((id) => document.getElementById(id)?.textContent?.trim())) return true;
      if ((el as HTMLInputElement).labels?.length) return true;
      if (el.tagName === 'BUTTON' && el.textContent?.trim()) return true;
      return Boolean(el.getAttribute('title')?.trim());
    };
    const controls = [...document.querySelectorAll(sel)].flatMap((r) => [...r.querySelectorAll('button, input, select, textarea')]); // prettier-ignore
    if (controls.length === 0) return [`nothing found in ${sel}`];
    return controls.filter((el) => !named(el)).map((el) => el.outerHTML.slice(0, 120));
  }, root);
}
