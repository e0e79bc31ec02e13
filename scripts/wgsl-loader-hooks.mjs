// Module hooks for scripts/wgsl-loader.mjs.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const RAW = /\.wgsl\?raw$/;

export async function resolve(specifier, context, next) {
  if (RAW.test(specifier) && context.parentURL) {
    return { url: new URL(specifier, context.parentURL).href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (RAW.test(url)) {
    const file = fileURLToPath(url.replace(/\?raw$/, ''));
    const text = await readFile(file, 'utf8');
    return {
      format: 'module',
      source: `export default ${JSON.stringify(text)};`,
      shortCircuit: true,
    };
  }
  return next(url, context);
}
