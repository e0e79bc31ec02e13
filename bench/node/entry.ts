// Entry of the Node-side bundle. The runner builds this with Vite (SSR, everything inlined) so
// that Node contestants load their dependencies the way a bundler does, as the page does:
// tfjs-core's gradients exist only as extensionless ESM modules, which plain Node cannot load,
// and the engine imports shaders with `?raw`.
import { makeTask, runContestant, type RunOptions, type RunResult } from '../harness';
import type { NetDef } from '../netdef';
import { findContestant } from '../contestants/registry';

export async function runNode(
  name: string,
  net: NetDef,
  batch: number,
  seed: number,
  opts: RunOptions,
  log: (msg: string) => void,
): Promise<RunResult> {
  const entry = findContestant(name);
  if (entry.env !== 'node') throw new Error(`${name} runs in the ${entry.env}, not in Node`);
  const mod = await entry.load();
  return runContestant(name, mod.default, makeTask(net, batch, seed), opts, log);
}
