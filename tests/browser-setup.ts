// Shared by vitest.config.ts and the Playwright end-to-end tests: which Chromium to drive and
// the flags that give headless WebGPU. On CI and developer machines without a GPU this is the
// SwiftShader (CPU) adapter; on a user's machine with a GPU the same flags use the real one.
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export function findChromium(): string {
  const fromEnv = process.env.CONVPLAY_CHROMIUM ?? process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CONVPLAY_CHROMIUM=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium or Chrome found for the browser tests. Install one (Debian/Ubuntu: ' +
        '`sudo apt-get install chromium`) or set CONVPLAY_CHROMIUM=/path/to/chrome.',
    );
  }
  return found;
}

/** Flags verified to give WebGPU in headless Chromium (see DESIGN.md). */
export function chromiumArgs(): string[] {
  const args = [
    '--enable-unsafe-webgpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
  // Root (as on CI containers) cannot use the sandbox.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  // Without a GPU, let Chromium fall back to SwiftShader; harmless where a GPU exists.
  if (process.env.CONVPLAY_HARDWARE_GPU !== '1') args.push('--enable-unsafe-swiftshader');
  else args.push('--enable-features=Vulkan', '--use-angle=vulkan');
  return args;
}
