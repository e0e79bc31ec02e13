// Driving the Experiments tab: pick an experiment, run it at the quick length, wait for the end,
// read the results table and the charts.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, openApp, waitForData, type AppPage } from './harness';

export interface Shared {
  browser: Browser;
  app: AppPage;
  page: Page;
}

/** One browser and one app page for a spec file, opened before its tests and closed after. */
export function sharedApp(): Shared {
  const shared = {} as Shared;
  beforeAll(async () => {
    shared.browser = await launchBrowser();
    shared.app = await openApp(shared.browser);
    shared.page = shared.app.page;
    await waitForData(shared.page);
  });
  afterAll(async () => {
    await shared.app?.context.close();
    await shared.browser?.close();
  });
  return shared;
}

/** Opens the Experiments tab and picks experiment `title` (its list button). */
export async function pickExperiment(page: Page, number: number, title: string): Promise<Locator> {
  await page.getByRole('tab', { name: 'Experiments' }).click();
  await page.getByRole('button', { name: new RegExp(`^${number}\\. ${escape(title)}`) }).click();
  const section = page.getByRole('region', { name: `Experiment ${number}: ${title}` });
  await section.waitFor();
  return section;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface RowResult {
  readonly label: string;
  readonly result: string;
  readonly cells: string[];
}

/** Runs the picked experiment at the quick length; resolves with the results table's rows. */
export async function runQuick(section: Locator, timeout = 240_000): Promise<RowResult[]> {
  // prettier-ignore
  await section.getByLabel('Length').selectOption('quick');
  await section.getByRole('button', { name: 'Run experiment' }).click();
  await section.getByRole('button', { name: 'Stop experiment' }).waitFor();
  await section.getByRole('button', { name: 'Run experiment' }).waitFor({ timeout });
  // For the screenshot: the charts and the table in view.
  await section.getByRole('table', { name: 'Results' }).scrollIntoViewIfNeeded();
  return readResults(section);
}

export async function readResults(section: Locator): Promise<RowResult[]> {
  const rows = section.getByRole('table', { name: 'Results' }).locator('tbody tr');
  const out: RowResult[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const label = (await row.locator('th').textContent())!.trim();
    const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
    out.push({ label, result: cells[0], cells });
  }
  return out;
}

/** Lines drawn in chart `title` of the section, once it has at least `min`. */
export async function chartLines(section: Locator, title: string, min: number): Promise<number> {
  const chart = section.getByRole('figure', { name: `${title} chart` });
  await expect.poll(() => chart.locator('.recharts-line-curve').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(min); // prettier-ignore
  return chart.locator('.recharts-line-curve').count();
}

/** The conclusions list, as lines. */
export async function conclusionLines(section: Locator): Promise<string[]> {
  const box = section.getByLabel('What the results say');
  await box.waitFor();
  return (await box.locator('li').allTextContents()).map((l) => l.trim());
}
