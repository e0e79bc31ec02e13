// Autosave and resume against a real training session (in-process worker, CPU backend) and
// IndexedDB (fake-indexeddb): checkpoints with their weights are stored as the run goes; a new
// "page" on the same database offers "Resume from step N" for the network it shows, restores
// the weights at that step and carries on counting; corrupt or foreign records give a message
// and are cleared (a newer build's record is left alone); a full disk is reported, not hidden.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readSafetensors } from '../../src/engine/io/safetensors';
import { TrainingController } from '../../src/store/controller';
import { createDatasetStore, type DatasetLoaders } from '../../src/store/dataset';
import { createAutosave } from '../../src/store/keep/autosave';
import {
  idbCheckpointRepository,
  memoryCheckpointRepository,
  type CheckpointRepository,
} from '../../src/store/keep/checkpoint-repository';
import { createNetworkStore } from '../../src/store/network';
import { createRunControl } from '../../src/store/run-control';
import { memoryRunRepository } from '../../src/store/run-repository';
import { createRunsStore } from '../../src/store/runs';
import { createTrainingStore, type TrainingState } from '../../src/store/training';
import { followDatasetShape } from '../../src/store/wire';
import { chooseBackend, cpuBackend } from '../../src/worker/backend-choice';
import { TrainingClient } from '../../src/worker/client';
import { createInProcessWorker } from '../../src/worker/in-process';
import { settings } from '../helpers/session';

const noLoaders: DatasetLoaders = {
  mnist: () => Promise.reject(new Error('not in this test')),
  images: () => Promise.reject(new Error('not in this test')),
};

/** One "page": its own worker, stores and autosave, on a shared checkpoint repository. */
async function page(repository: CheckpointRepository, opts: { units?: number } = {}) {
  const worker = createInProcessWorker({
    chooseBackend,
    cpuBackend,
    loadMnist: () => Promise.reject(new Error('not in this test')),
    // A checkpoint after every chunk (the app's are 15 s apart), so step(n) ends on one.
    sessionOptions: { metricsIntervalMs: 0, checkpointIntervalMs: 0 },
  });
  const training = createTrainingStore({ storage: null });
  training.getState().setSettings(settings({ batchSize: 8, epochs: 2, validateEvery: 1 }));
  const runs = createRunsStore({ repository: memoryRunRepository(), persistEveryMs: 1 });
  const ctl = new TrainingController({ client: new TrainingClient(worker), training, runs });
  await ctl.init('cpu', { sendCheckpoints: true });
  const dataset = createDatasetStore({ storage: null, loaders: noLoaders, debounceMs: 0 });
  dataset.getState().setShapes({ classes: 3, count: 120, size: 12, channels: 1, seed: 5 });
  dataset.getState().choose('shapes');
  const network = createNetworkStore({ storage: null });
  followDatasetShape(dataset, network);
  network.getState().loadTemplate('blank', 3);
  network.getState().addLayer('flatten');
  network.getState().addLayer('dense', undefined, { units: opts.units ?? 3 });
  const control = createRunControl({ controller: () => ctl, network, dataset });
  const autosave = createAutosave({
    repository,
    controller: () => ctl,
    network,
    dataset,
    runControl: control,
    runs: () => runs,
  });
  const until = <S>(
    store: { getState(): S; subscribe(l: () => void): () => void },
    pred: (s: S) => boolean,
  ) =>
    // prettier-ignore
    new Promise<void>((resolve) => {
      if (pred(store.getState())) return resolve();
      const stop = store.subscribe(() => {
        if (pred(store.getState())) {
          stop();
          resolve();
        }
      });
    });
  const trained = (pred: (s: TrainingState) => boolean) => until(training, pred);
  return { ctl, training, runs, dataset, network, control, autosave, until, trained };
}

describe('autosave', () => {
  it('stores checkpoints during training and resumes from one after a reload', async () => {
    const repo = idbCheckpointRepository('autosave-test-resume');
    const a = await page(repo);
    await a.autosave.getState().start();
    expect(a.autosave.getState().offer).toBeNull();
    await a.control.getState().step(5); // the pause after step(n) is a checkpoint
    await a.until(a.autosave, (s) => s.lastSaved?.step === 5);
    const saved = readSafetensors(await a.ctl.client.exportWeights());
    const lossAt5 = a.training.getState().series.loss;
    expect(lossAt5.x.at(-1)).toBe(5);

    // The next page load: same database, same network on screen.
    const b = await page(idbCheckpointRepository('autosave-test-resume'));
    b.training.getState().setSettings({ batchSize: 4 }); // resuming puts the run's settings back
    await b.autosave.getState().start();
    const offer = b.autosave.getState().offer!;
    expect(offer).toMatchObject({ step: 5, finished: false, datasetLabel: 'synthetic shapes' });
    const total = offer.totalSteps;
    const steps: number[] = [];
    b.ctl.client.on('status', (e) => steps.push(e.status.step));
    await b.autosave.getState().resume();
    expect(b.autosave.getState().error).toBeNull();
    expect(b.autosave.getState().offer).toBeNull();
    expect(b.training.getState().settings.batchSize).toBe(8);
    // Paused at step 5 with the saved weights, then training on from there.
    expect(steps[0]).toBe(5);
    await b.trained((s) => s.status.state === 'finished');
    expect(b.training.getState().latest!.step).toBe(total);
    const loss = b.training.getState().series.loss;
    // The curve carries on: the saved points first, then steps 6, 7, ...
    expect(loss.x.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(loss.mean.slice(0, 5)).toEqual(lossAt5.mean);
    expect(loss.x[5]).toBe(6);
    expect(b.runs.getState().runs.at(-1)!.name).toMatch(/\(resumed at step 5\)$/);
    // The finished run's checkpoint replaced the step-5 one.
    await b.until(b.autosave, (s) => s.lastSaved?.step === total);

    // A third load offers the finished weights; restoring them does not train again.
    const c = await page(idbCheckpointRepository('autosave-test-resume'));
    await c.autosave.getState().start();
    expect(c.autosave.getState().offer).toMatchObject({ step: total, finished: true });
    const finalWeights = readSafetensors(await b.ctl.client.exportWeights()).tensors;
    await c.autosave.getState().resume();
    expect(c.training.getState().status).toMatchObject({ state: 'finished', step: total });
    expect(readSafetensors(await c.ctl.client.exportWeights()).tensors).toEqual(finalWeights);
    expect(saved.tensors.get('dense1.weight')!.data).not.toEqual(finalWeights.get('dense1.weight')!.data); // prettier-ignore

    await c.autosave.getState().discard();
    expect(await repo.load()).toBeUndefined();
    for (const p of [a, b, c]) await p.ctl.dispose();
  });

  it('offers nothing when the builder shows another network, and keeps the checkpoint', async () => {
    const repo = memoryCheckpointRepository();
    const a = await page(repo);
    await a.autosave.getState().start();
    await a.control.getState().step(2);
    await a.until(a.autosave, (s) => s.lastSaved?.step === 2);
    const b = await page(repo);
    b.network.getState().addLayer('relu', 1);
    await b.autosave.getState().start();
    expect(b.autosave.getState().offer).toBeNull();
    expect(b.autosave.getState().notice).toBeNull();
    expect(repo.value).toBeDefined();
    for (const p of [a, b]) await p.ctl.dispose();
  });

  it('withdraws the offer once another checkpoint replaces the stored one', async () => {
    const repo = memoryCheckpointRepository();
    const a = await page(repo);
    await a.autosave.getState().start();
    await a.control.getState().step(2);
    await a.until(a.autosave, (s) => s.lastSaved?.step === 2);
    const weights = await a.ctl.client.exportWeights();
    const b = await page(repo);
    await b.autosave.getState().start();
    expect(b.autosave.getState().offer?.step).toBe(2);
    // Weights loaded another way (an import) are checkpointed and autosaved at step 0.
    await b.control.getState().configureWith((ctl) => ctl.client.importWeights(weights));
    await b.until(b.autosave, (s) => s.lastSaved?.step === 0);
    expect(b.autosave.getState().offer).toBeNull();
    expect((repo.value as { step: number }).step).toBe(0);
    for (const p of [a, b]) await p.ctl.dispose();
  });

  it('reports a full storage visibly and recovers when writes work again', async () => {
    let full = true;
    const inner = memoryCheckpointRepository();
    const repo: CheckpointRepository = {
      ...inner,
      async save(r) {
        if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        await inner.save(r);
      },
    };
    const a = await page(repo);
    await a.autosave.getState().start();
    await a.control.getState().step(2);
    await a.until(a.autosave, (s) => s.error !== null);
    expect(a.autosave.getState().error).toMatch(/storage .* is full \(QuotaExceededError\)/);
    expect(a.autosave.getState().error).toContain('checkpoint at step 2');
    expect(a.autosave.getState().lastSaved).toBeNull();
    full = false;
    await a.control.getState().step(1);
    await a.until(a.autosave, (s) => s.lastSaved?.step === 3);
    expect(a.autosave.getState().error).toBeNull();
    await a.ctl.dispose();
  });

  it('clears corrupt checkpoints with a message, and leaves a newer build’s alone', async () => {
    // A good record to break in different ways.
    const good = memoryCheckpointRepository();
    const a = await page(good);
    await a.autosave.getState().start();
    await a.control.getState().step(1);
    await a.until(a.autosave, (s) => s.lastSaved?.step === 1);
    await a.ctl.dispose();
    const record = good.value as Record<string, unknown>;
    const weights = record.weights as { names: string[]; shapes: number[][]; data: Float32Array };
    const cases: [unknown, RegExp][] = [
      ['garbage', /the record is missing or not an object/],
      [{ ...record, format: 'other' }, /not a convplay checkpoint/],
      [{ ...record, version: 0 }, /checkpoint version 0 is unknown/],
      [{ ...record, spec: { format: 'convplay.network' } }, /its network/],
      [{ ...record, settings: { batchSize: -1 } }, /its training settings/],
      [{ ...record, step: 1.5 }, /step is 1.5/],
      [{ ...record, weights: { ...weights, data: weights.data.subarray(1) } }, /weights: packed/],
      [{ ...record, weights: { ...weights, names: ['a', 'b'], shapes: [[1], [weights.data.length - 1]] } }, /missing tensor "dense1.weight"/], // prettier-ignore
      [{ ...record, run: { ...(record.run as object), series: {} } }, /run.series.loss/],
      [{ ...record, dataset: { kind: 'shapes', count: 10, channels: 7 } }, /dataset.channels is 7/],
      [{ ...record, dataset: { kind: 'cifar' } }, /dataset kind "cifar" is unknown/],
    ];
    for (const [value, why] of cases) {
      const repo = memoryCheckpointRepository(value);
      const b = await page(repo);
      await b.autosave.getState().start();
      const notice = b.autosave.getState().notice;
      expect(notice, String(why)).toMatch(why);
      expect(notice).toMatch(/could not be read .* so it was removed/);
      expect(b.autosave.getState().offer).toBeNull();
      expect(repo.value).toBeUndefined();
      await b.ctl.dispose();
    }
    const newer = memoryCheckpointRepository({ ...record, version: 99 });
    const n = await page(newer);
    await n.autosave.getState().start();
    expect(n.autosave.getState()).toMatchObject({ notice: null, offer: null });
    expect(newer.value).toBeDefined();
    await n.ctl.dispose();
  });

  it('explains why it cannot resume on images that were not saved', async () => {
    const repo = memoryCheckpointRepository();
    const a = await page(repo);
    await a.autosave.getState().start();
    await a.control.getState().step(1);
    await a.until(a.autosave, (s) => s.lastSaved?.step === 1);
    await a.ctl.dispose();
    (repo.value as { dataset: unknown }).dataset = { kind: 'custom', name: 'pets' };
    const b = await page(repo);
    await b.autosave.getState().start();
    expect(b.autosave.getState().offer?.datasetLabel).toBe('your images (“pets”)');
    await b.autosave.getState().resume();
    expect(b.autosave.getState().error).toMatch(/trained on your own images \(“pets”\).*import them again/); // prettier-ignore
    expect(b.autosave.getState().offer).not.toBeNull();
    expect(b.training.getState().status.state).toBe('idle');
    await b.ctl.dispose();
  });
});
