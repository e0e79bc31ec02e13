#!/usr/bin/env node
// Package bin: runs the TypeScript CLI through tsx's loader (and the WGSL text loader).
import { register } from 'tsx/esm/api';

register();
// shaders/*.wgsl?raw imports (the WebGPU backend), as Vite resolves them in the browser.
await import('../scripts/wgsl-loader.mjs');
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
