// What every end-to-end spec needs: a headless Chromium (the system one, with the WebGPU flags
// from tests/browser-setup.ts; never a downloaded browser), a fresh page on the app with its own
// storage, screenshots saved as artifacts, and small helpers for finding layer cards and
// dragging with a real pointer.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { expect, inject } from 'vitest';
import { chromiumArgs, findChromium } from '../browser-setup';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = resolve(ROOT, 'test-results/e2e');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: chromiumArgs(), headless: true });
}

export interface AppPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught exceptions and console errors seen so far: a spec ends by expecting none. */
  readonly errors: string[];
}

export interface OpenOptions {
  /** localStorage entries present before the app first loads (not re-applied on reload). */
  storage?: Record<string, string>;
  viewport?: { width: number; height: number };
}

export async function openApp(browser: Browser, opts: OpenOptions = {}): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    deviceScaleFactor: 1,
  });
  if (opts.storage) {
    await context.addInitScript((entries: Record<string, string>) => {
      // Once per tab: a reload must see what the app saved, not the seed again.
      if (sessionStorage.getItem('e2e-seeded')) return;
      for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
      sessionStorage.setItem('e2e-seeded', '1');
    }, opts.storage);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(inject('baseUrl'));
  await page.getByRole('heading', { name: 'convplay' }).waitFor();
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string, opts: { path?: string } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = opts.path ?? resolve(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

/** The card of layer `id`. */
export function card(page: Page, id: string): Locator {
  return page.getByRole('listitem', { name: new RegExp(`^${id} \\(`) });
}

/** Layer ids in network order. */
export function layerIds(page: Page): Promise<string[]> {
  return page.locator('.layer-list > .layer-card .layer-id').allTextContents();
}

/** The output shape a layer card shows. */
export function shapeOf(page: Page, id: string): Promise<string | null> {
  return card(page, id).locator('.layer-shape').textContent();
}

export function paletteItem(page: Page, label: string): Locator {
  return page.getByRole('navigation', { name: 'Layer palette' }).getByRole('button', {
    name: label,
    exact: true,
  });
}

export function endSlot(page: Page): Locator {
  return page.locator('.end-slot');
}

/**
 * A real pointer drag: press on `source`, move in small steps (dnd-kit needs a few pixels before
 * a drag starts, then pointer moves to track), release over `target` at a vertical fraction of
 * its height (0.25: its upper half, "before"; 0.75: "after").
 */
export async function pointerDrag(page: Page, source: Locator, target: Locator, at = 0.5) {
  await source.scrollIntoViewIfNeeded();
  const from = await source.boundingBox();
  if (!from) throw new Error('drag source is not visible');
  const x0 = from.x + from.width / 2;
  const y0 = from.y + from.height / 2;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x0 + 8, y0 + 8, { steps: 4 });
  const to = await target.boundingBox();
  if (!to) throw new Error('drop target is not visible');
  const x1 = to.x + Math.min(to.width / 2, 160);
  const y1 = to.y + to.height * at;
  await page.mouse.move(x1, y1, { steps: 16 });
  await page.mouse.move(x1, y1 + 1, { steps: 2 });
  await page.mouse.up();
}

/** What dnd-kit last announced to screen readers. */
export function dragAnnouncement(page: Page): Promise<string | null> {
  return page.locator('[id^="DndLiveRegion"]').textContent();
}

/**
 * A keyboard drag as a screen-reader user makes it: Space to pick up, arrow keys, Space to drop,
 * each step waiting for its announcement (as a person would hear it before the next key).
 */
export async function keyboardDrag(page: Page, handle: Locator, keys: string[]) {
  await handle.focus();
  await page.keyboard.press('Space');
  // dnd-kit marks the item pressed while it is held (its pick-up announcement may already have
  // been replaced by where it is).
  await expect.poll(() => handle.getAttribute('aria-pressed')).toBe('true');
  // dnd-kit's keyboard sensor starts listening for arrow keys on the next task after pick-up;
  // no person types faster than this pause.
  await page.waitForTimeout(100);
  for (const key of keys) {
    const before = await dragAnnouncement(page);
    await page.keyboard.press(key);
    await expect.poll(() => dragAnnouncement(page)).not.toBe(before);
  }
  await page.keyboard.press('Space');
  await expect.poll(() => dragAnnouncement(page)).toMatch(/^Dropped|was not placed/);
}

/** Waits until `fn` returns what `expected` is (deep equality); fails with the last value. */
export async function eventually<T>(fn: () => Promise<T>, expected: T, timeout = 10_000) {
  await expect.poll(fn, { timeout }).toEqual(expected);
}

/** Waits until the bundled MNIST (or whatever loads first) shows its class table. */
export async function waitForData(page: Page) {
  await page.getByRole('table', { name: 'Examples per class' }).waitFor({ timeout: 30_000 });
}
