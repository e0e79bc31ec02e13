// The two Vite builds the runner makes before measuring, and the static server for the page.
// Both builds use bundler resolution, so Node and the page run the same ESM sources of every
// library (see bench/node/entry.ts for why Node needs that).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { build, type InlineConfig } from 'vite';

const ROOT = resolve(import.meta.dirname, '..');
export const OUT_DIR = join(ROOT, 'bench', 'out');
export const NODE_BUNDLE = join(OUT_DIR, 'node', 'entry.cjs');
export const PAGE_DIR = join(OUT_DIR, 'browser');

const common: InlineConfig = {
  configFile: false,
  root: ROOT,
  logLevel: 'warn',
  // Workers (the engine's training worker) as ES modules, as in the app's vite.config.ts.
  worker: { format: 'es' },
};

/** Node contestants: one CommonJS bundle (tfjs-core needs `require` for Node's util). */
export async function buildNodeBundle(): Promise<void> {
  await build({
    ...common,
    build: {
      ssr: join(ROOT, 'bench', 'node', 'entry.ts'),
      outDir: join(OUT_DIR, 'node'),
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: {
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          chunkFileNames: '[name]-[hash].cjs',
        },
      },
    },
    ssr: { noExternal: true, target: 'node' },
  });
}

/** The bench page and its browser contestants. */
export async function buildPage(): Promise<void> {
  await build({
    ...common,
    root: join(ROOT, 'bench', 'browser'),
    base: './',
    build: {
      outDir: PAGE_DIR,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      chunkSizeWarningLimit: 4000,
    },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.wgsl': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/**
 * Serves PAGE_DIR on 127.0.0.1 (a secure context, as WebGPU needs) on a free port. Cross-origin
 * isolated, so that performance.now() has its finest resolution and SharedArrayBuffer exists.
 */
export async function servePage(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(PAGE_DIR, path));
    if (!file.startsWith(PAGE_DIR + sep) && file !== PAGE_DIR) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('static server has no port');
  return {
    url: `http://127.0.0.1:${addr.port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
