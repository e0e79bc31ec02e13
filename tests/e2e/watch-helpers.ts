// Helpers shared by the Watch-panel specs: train briefly from the UI, open a Watch section.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { WATCH_SECTIONS } from '../../src/store/watch';

export function runStatus(page: Page) {
  return page.getByRole('region', { name: 'Run' }).getByRole('status');
}

/** Types into a Train-panel number field and commits it (Enter). */
export async function setTrainNumber(page: Page, label: string, value: string) {
  await page.getByRole('tab', { name: 'Train' }).click();
  const input = page
    .getByRole('region', { name: 'Training settings' })
    .getByLabel(label, { exact: true });
  await input.fill(value);
  await input.press('Enter');
}

/** Trains what the builder shows for `epochs` epochs and waits for the end. */
export async function trainToEnd(page: Page, epochs: string, timeout = 120_000) {
  await setTrainNumber(page, 'Epochs', epochs);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  // A locator wait (not expect.poll): this also runs in beforeAll hooks.
  await runStatus(page).filter({ hasText: 'Finished' }).waitFor({ timeout });
}

/** The section's toggle (a disclosure button named by its title). */
export function sectionToggle(page: Page, title: string) {
  return page.getByRole('button', { name: title, exact: true });
}

export async function openSection(page: Page, title: string) {
  const toggle = sectionToggle(page, title);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
  const section = page.getByRole('region', { name: title, exact: true });
  await section.scrollIntoViewIfNeeded();
  return section;
}

/** localStorage seed that opens every Watch section (or only `open`) from the start. */
export function watchLayout(open: readonly string[] = WATCH_SECTIONS): Record<string, string> {
  const flags = Object.fromEntries(WATCH_SECTIONS.map((s) => [s, open.includes(s)]));
  return { 'convplay.watch.v1': JSON.stringify({ open: flags }) };
}

/** Scrolls the side panel so `locator` starts at its top (for screenshots of a section). */
export async function scrollToTop(locator: Locator) {
  // The pointer out of the way too: a tooltip left by the last click would cover the chart.
  await locator.page().mouse.move(1, 1);
  await locator.evaluate((el) => el.scrollIntoView({ block: 'start' }));
}
