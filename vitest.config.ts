import { configDefaults, defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, findChromium } from './tests/browser-setup.ts';

// Resolved lazily so that the Node-only unit project still runs where no browser is installed.
function browserPath(): string | undefined {
  try {
    return findChromium();
  } catch (e) {
    console.warn(String(e));
    return undefined;
  }
}

// Three projects: `unit` runs in Node; `gpu` runs in real headless Chromium with WebGPU, so the
// WebGPU backend is tested through the browser's own implementation, never a mock; `e2e` runs
// in Node and drives the whole app in headless Chromium through playwright-core (the global
// setup serves the app on a free localhost port).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        // The app's index.html sits at the root: without this the browser-mode server would
        // answer a missing file with it (SPA fallback) instead of a 404.
        appType: 'mpa',
        test: {
          name: 'gpu',
          include: ['tests/gpu/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: browserPath(), args: chromiumArgs() },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/e2e/**/*.solo.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Each file drives its own Chromium; two at a time keeps a small CI machine responsive.
          maxWorkers: 2,
        },
      },
      {
        // Specs that time the page (long tasks while training): run alone, after every other
        // file (Vitest runs one-worker projects in a group of their own at the end), so no
        // other browser competes for the CPU. Same app server as `e2e`.
        test: {
          name: 'e2e-solo',
          include: ['tests/e2e/**/*.solo.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
