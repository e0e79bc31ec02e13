// Runs every experiment of the Experiments panel headless, on the CPU backend (the app's
// fallback), through the same TrainingSession the worker uses, and prints per variant: steps,
// first and last loss, final training and validation accuracy, whether it diverged, and the wall
// time; then each experiment's total. Numbers for the notes on how long experiments take.
//
//   npx tsx scripts/measure-experiments.ts [--length full|quick] [--only id,id]
import { parseArgs } from 'node:util';
import { createBackend } from '../src/engine/backend/create';
import type { SessionEvent } from '../src/engine/train/session-events';
import { TrainingSession } from '../src/engine/train/session';
import { loadMnistBundle } from '../src/platform/node-data';
import { EXPERIMENTS, type RunLength } from '../src/store/experiments/catalog';
import { DatasetResolver } from '../src/worker/datasets';
import type { DatasetChoice } from '../src/worker/protocol';

const { values } = parseArgs({
  options: { length: { type: 'string', default: 'full' }, only: { type: 'string' } },
});
const length = values.length as RunLength;
const only = values.only?.split(',');
const resolver = new DatasetResolver(() => loadMnistBundle());
const { backend } = await createBackend({ prefer: 'cpu' });

const fmt = (v: number | null | undefined, d = 3) =>
  v === null || v === undefined ? '—' : Number.isFinite(v) ? v.toFixed(d) : String(v);

for (const exp of EXPERIMENTS) {
  if (only && !only.includes(exp.id)) continue;
  const variants = exp.variants(length);
  if (variants.length === 0) continue;
  console.log(`\n${exp.number}. ${exp.title} (${length})`);
  let total = 0;
  for (const v of variants) {
    const choice: DatasetChoice = v.data.source === 'mnist' ? { kind: 'mnist' } : { kind: 'shapes', ...v.data.shapes }; // prettier-ignore
    const data = await resolver.resolve(choice, v.settings);
    const events: SessionEvent[] = [];
    const t0 = performance.now();
    const session = await TrainingSession.create({ spec: v.spec, data, settings: v.settings, backend }); // prettier-ignore
    session.on((e) => void events.push(e));
    session.start();
    await session.whenStopped();
    const ms = performance.now() - t0;
    total += ms;
    const metrics = events.flatMap((e) => (e.type === 'metrics' ? [e.metrics] : []));
    const losses = metrics.flatMap((m) => m.loss);
    const accs = metrics.flatMap((m) => m.accuracy);
    const evals = events.flatMap((e) => (e.type === 'evaluation' ? [e.evaluation] : []));
    const nan = events.find((e) => e.type === 'nanPaused');
    const tail = (a: number[]) => a.slice(-20).reduce((s, x) => s + x, 0) / Math.min(20, a.length);
    console.log(
      `  ${v.label.padEnd(24)} steps ${session.status.step}/${session.totalSteps}` +
        `  loss ${fmt(losses[0])} → ${fmt(tail(losses))}  train acc ${fmt(tail(accs))}` +
        `  val acc ${fmt(evals.at(-1)?.accuracy)}${nan ? `  NaN at step ${(nan as { nan: { step: number } }).nan.step}` : ''}` + // prettier-ignore
        `  ${(ms / 1000).toFixed(1)} s`,
    );
    session.dispose();
  }
  console.log(`  total ${(total / 1000).toFixed(1)} s`);
}
