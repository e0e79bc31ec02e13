// Starts the app for the end-to-end tests on a free localhost port (WebGPU needs a secure
// context, which localhost is) and hands its URL to the specs via `inject('baseUrl')`.
//   default: a production build served by `vite preview` (what users get);
//   CONVPLAY_E2E_SERVER=dev: the Vite dev server (no build step; for quick iteration);
//   CONVPLAY_E2E_URL=http://...: an app already running elsewhere.
import { existsSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build, createServer, preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = resolve(ROOT, 'node_modules/.cache/convplay-e2e/dist');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createNetServer();
    s.once('error', fail);
    s.listen(0, 'localhost', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

function ensureMnist(): void {
  if (existsSync(resolve(ROOT, 'public/data/mnist-10k.bin'))) return;
  const r = spawnSync(process.execPath, ['scripts/build-mnist-data.mjs'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('could not build public/data/mnist-10k.bin');
}

interface Shared {
  url: Promise<string>;
  close: () => Promise<void>;
  users: number;
}

/**
 * The app is built and served once per Vitest run, however many e2e projects (`e2e`, and
 * `e2e-solo` for timing specs) ask for it: global setups run one after another in the same
 * process, so the first one starts the server here and the others reuse it; the last teardown
 * closes it.
 */
const SHARED = Symbol.for('convplay.e2e.server');
type WithShared = typeof globalThis & { [SHARED]?: Shared };

async function start(): Promise<{ url: string; close: () => Promise<void> }> {
  ensureMnist();
  const port = await freePort();
  const mode = process.env.CONVPLAY_E2E_SERVER === 'dev' ? 'dev' : 'preview';
  let close: () => Promise<void>;
  if (mode === 'dev') {
    const server = await createServer({
      root: ROOT,
      logLevel: 'warn',
      server: { port, strictPort: true, host: 'localhost', hmr: false },
    });
    await server.listen();
    close = () => server.close();
  } else {
    // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build
    // (several times slower): build what users get.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ root: ROOT, mode: 'production', logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true } }); // prettier-ignore
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    const server = await preview({
      root: ROOT,
      logLevel: 'warn',
      build: { outDir: OUT_DIR },
      preview: { port, strictPort: true, host: 'localhost' },
    });
    close = () => new Promise<void>((ok) => server.httpServer.close(() => ok()));
  }
  return { url: `http://localhost:${port}/`, close };
}

export default async function setup(project: TestProject) {
  const external = process.env.CONVPLAY_E2E_URL;
  if (external) {
    project.provide('baseUrl', external.replace(/\/?$/, '/'));
    return;
  }
  const g = globalThis as WithShared;
  if (!g[SHARED]) {
    const started = start();
    const shared: Shared = {
      url: started.then((s) => s.url),
      close: () => started.then((s) => s.close()),
      users: 0,
    };
    g[SHARED] = shared;
  }
  const shared = g[SHARED]!;
  shared.users++;
  project.provide('baseUrl', await shared.url);
  return async () => {
    if (--shared.users > 0) return;
    delete g[SHARED];
    await shared.close();
  };
}
