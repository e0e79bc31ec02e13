// Every contestant the bench knows. Adding one = one file in this folder that default-exports a
// ContestantFactory (see harness.ts), plus one line here. `load` is lazy so that the Node runner
// never imports browser-only code and the bench page never runs Node-only code.
import type { ContestantFactory } from '../harness';

export type ContestantEnv = 'node' | 'browser';

export interface ContestantEntry {
  /** Id used on the command line and in the tables. */
  name: string;
  /** Where it runs: in the Node process of the runner, or in the bench page in Chromium. */
  env: ContestantEnv;
  /** 'peer' rows become ratio columns in the table; 'ours' rows are compared against them. */
  kind: 'peer' | 'ours';
  /** Human-readable description for the report. */
  label: string;
  load: () => Promise<{ default: ContestantFactory }>;
}

export const CONTESTANTS: readonly ContestantEntry[] = [
  {
    name: 'ours-cpu',
    env: 'node',
    kind: 'ours',
    label: 'convplay CPU backend (WebAssembly SIMD)',
    load: () => import('./ours-cpu'),
  },
  {
    name: 'ours-webgpu',
    env: 'browser',
    kind: 'ours',
    label: 'convplay WebGPU backend',
    load: () => import('./ours-webgpu'),
  },
  {
    name: 'convnetjs',
    env: 'node',
    kind: 'peer',
    label: 'ConvNetJS 0.3 (plain JS, one example at a time)',
    load: () => import('./convnetjs'),
  },
  {
    name: 'tfjs-cpu',
    env: 'node',
    kind: 'peer',
    label: 'TensorFlow.js 4 core + cpu backend (plain JS)',
    load: () => import('./tfjs-cpu'),
  },
  {
    name: 'tfjs-webgl',
    env: 'browser',
    kind: 'peer',
    label: 'TensorFlow.js 4 core + webgl backend',
    load: () => import('./tfjs-webgl'),
  },
  {
    name: 'tfjs-webgpu',
    env: 'browser',
    kind: 'peer',
    label: 'TensorFlow.js 4 core + webgpu backend',
    load: () => import('./tfjs-webgpu'),
  },
];

export function findContestant(name: string): ContestantEntry {
  const c = CONTESTANTS.find((e) => e.name === name);
  if (!c) {
    throw new Error(
      `Unknown contestant '${name}'. Known: ${CONTESTANTS.map((e) => e.name).join(', ')}`,
    );
  }
  return c;
}
