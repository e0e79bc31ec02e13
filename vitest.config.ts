import { defineConfig } from 'vitest/config';
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

// Two projects: `unit` runs in Node; `gpu` runs in real headless Chromium with WebGPU, so the
// WebGPU backend is tested through the browser's own implementation, never a mock.
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
    ],
  },
});
