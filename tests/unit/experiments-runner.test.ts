// The experiments runner through the real path in Node: the app's run control and training
// controller over an in-process training worker on the CPU backend, the bundled MNIST. Quick
// runs; the qualitative outcomes checked are the deterministic ones (divergence to NaN at a too
// high learning rate, identical filters under zero initialisation, memorising 20 examples).
import { describe, expect, it } from 'vitest';
import { TrainingController } from '../../src/store/controller';
import { createDatasetStore, type DatasetLoaders } from '../../src/store/dataset';
import { EXPERIMENTS } from '../../src/store/experiments/catalog';
import { conclusions } from '../../src/store/experiments/conclusions';
import { createExperimentsStore, filterSpread } from '../../src/store/experiments/runner';
import { createNetworkStore } from '../../src/store/network';
import { memoryStorage, type KeyValueStorage } from '../../src/store/persist';
import {
  EXPERIMENTS_STORAGE_KEY,
  parseStoredExperiments,
  toStored,
} from '../../src/store/experiments/persisted';
import { createRunControl } from '../../src/store/run-control';
import { memoryRunRepository } from '../../src/store/run-repository';
import { createRunsStore } from '../../src/store/runs';
import { createTrainingStore } from '../../src/store/training';
import { followDatasetShape } from '../../src/store/wire';
import { chooseBackend, cpuBackend } from '../../src/worker/backend-choice';
import { TrainingClient } from '../../src/worker/client';
import { createInProcessWorker } from '../../src/worker/in-process';
import { loadMnistBundle } from '../../src/platform/node-data';

const noLoaders: DatasetLoaders = {
  mnist: () => Promise.reject(new Error('the page does not load MNIST in this test')),
  images: () => Promise.reject(new Error('no images in this test')),
};

async function app(storage: KeyValueStorage | null = null) {
  const worker = createInProcessWorker({
    chooseBackend,
    cpuBackend,
    loadMnist: () => loadMnistBundle(),
    sessionOptions: { metricsIntervalMs: 0 },
  });
  const training = createTrainingStore({ storage: null });
  const runs = createRunsStore({ repository: memoryRunRepository(), persistEveryMs: 1 });
  const ctl = new TrainingController({ client: new TrainingClient(worker), training, runs });
  await ctl.init('cpu');
  const dataset = createDatasetStore({ storage: null, loaders: noLoaders, debounceMs: 0 });
  dataset.getState().setShapes({ classes: 3, count: 120, size: 12, channels: 1, seed: 5 });
  dataset.getState().choose('shapes');
  const network = createNetworkStore({ storage: null });
  followDatasetShape(dataset, network);
  network.getState().loadTemplate('blank', 3);
  network.getState().addLayer('flatten');
  network.getState().addLayer('dense', undefined, { units: 3 });
  const runControl = createRunControl({ controller: () => ctl, network, dataset });
  const experiments = createExperimentsStore({ network, dataset, controller: () => ctl, runControl, storage }); // prettier-ignore
  experiments.getState().setLength('quick');
  return { ctl, training, runs, dataset, network, experiments };
}

describe('experiments runner', () => {
  it('filterSpread is 0 exactly when every filter equals the first', () => {
    expect(filterSpread(new Float32Array([1, 2, 1, 2, 1, 2]), 3)).toBe(0);
    expect(filterSpread(new Float32Array([1, 2, 1, 2.5, 0, 2]), 3)).toBe(1);
  });

  it('learning rate: runs each variant as an ordinary run; the too-high one diverges and auto-pauses', async () => {
    const { experiments, runs, network, training, dataset } = await app();
    const mine = network.getState().spec;
    await experiments.getState().run('learning-rate');
    const r = experiments.getState().results['learning-rate']!;
    expect(experiments.getState().running).toBeNull();
    expect(r.incomplete).toBe(false);
    expect(r.variants.map((v) => v.status)).toEqual(['finished', 'finished', 'diverged']);
    const [low, good, high] = r.variants;
    expect(high.nanStep).toBeGreaterThan(0);
    expect(high.nanStep).toBeLessThanOrEqual(50);
    expect(good.finalLoss!).toBeLessThan(low.finalLoss!);
    expect(low.initialLoss).toBeCloseTo(Math.log(10), 0);
    // Every variant is a run in the history, named after the experiment.
    const ids = r.variants.map((v) => v.runId);
    expect(new Set(ids).size).toBe(3);
    for (const v of r.variants) {
      const run = runs.getState().runs.find((x) => x.id === v.runId)!;
      expect(run.name).toBe(`Learning rate: too low, good, too high: ${v.label}`);
      expect(run.series.loss.x.length).toBeGreaterThan(0);
    }
    const lines = conclusions('learning-rate', r);
    expect(lines.some((l) => l.startsWith('too high (lr 1): diverged'))).toBe(true);
    expect(lines.some((l) => l.includes('Lowest final loss: good'))).toBe(true);
    // The playground holds the last variant; the user's own setup comes back on request.
    expect(network.getState().spec.layers.some((l) => l.type === 'leakyrelu')).toBe(true);
    expect(training.getState().settings.optimizer.lr).toBe(1);
    expect(dataset.getState().source).toBe('mnist');
    experiments.getState().restore();
    expect(network.getState().spec).toEqual(mine);
    expect(dataset.getState().source).toBe('shapes');
    expect(experiments.getState().saved).toBeNull();
  }, 120_000);

  it('initialisation: zero init leaves every first-layer filter identical; random inits do not', async () => {
    const { experiments } = await app();
    await experiments.getState().run('initialization');
    const r = experiments.getState().results.initialization!;
    expect(r.variants.map((v) => v.status)).toEqual(['finished', 'finished', 'finished', 'finished']); // prettier-ignore
    const [zeros, small, xavier, he] = r.variants;
    expect(zeros.filterSpread).toBe(0);
    expect(zeros.filters).toMatchObject({ layerId: 'conv1', filters: 8 });
    for (const v of [small, xavier, he]) expect(v.filterSpread!).toBeGreaterThan(0);
    // Layer health of each run: six tanh layers; small random init shrinks the signal layer by
    // layer, Xavier keeps it.
    expect(xavier.health!.layers.filter((l) => l.type === 'tanh')).toHaveLength(6);
    const lastTanh = (v: typeof small) => v.health!.layers.filter((l) => l.type === 'tanh').at(-1)!; // prettier-ignore
    expect(lastTanh(small).activation.std).toBeLessThan(lastTanh(xavier).activation.std / 10);
    expect(conclusions('initialization', r)[0]).toMatch(/^zeros: .*all first-layer filters identical/); // prettier-ignore
  }, 180_000);

  it('sanity checks: starts near ln 10 and memorises 20 examples', async () => {
    const { experiments } = await app();
    await experiments.getState().run('sanity-checks');
    const [v] = experiments.getState().results['sanity-checks']!.variants;
    expect(v.status).toBe('finished');
    expect(Math.abs(v.initialLoss! - Math.log(10))).toBeLessThan(0.35);
    expect(v.trainAccuracy).toBe(1);
    const lines = conclusions('sanity-checks', experiments.getState().results['sanity-checks']!);
    expect(lines[1]).toMatch(/^Overfitting 20 examples: training accuracy 100.0%/);
  }, 120_000);

  it('stop ends the experiment after the variant in progress, keeping what ran', async () => {
    const { experiments, ctl } = await app();
    const running = experiments.getState().run('optimizers');
    await new Promise<void>((resolve) => {
      const stop = ctl.training.subscribe((s) => {
        if ((s.latest?.step ?? 0) >= 3) {
          stop();
          resolve();
        }
      });
    });
    await experiments.getState().stop();
    await running;
    const r = experiments.getState().results.optimizers!;
    expect(r.incomplete).toBe(true);
    expect(r.variants[0].status).toBe('stopped');
    expect(r.variants.slice(1).every((v) => v.status === 'pending')).toBe(true);
    expect(experiments.getState().running).toBeNull();
  }, 60_000);

  it('every experiment with runs can be opened in the playground as a valid setup', async () => {
    const { experiments, network, training } = await app();
    for (const exp of EXPERIMENTS.filter((e) => !e.tool)) {
      experiments.getState().open(exp.id, 0);
      expect(network.getState().spec.layers).toEqual(exp.variants('quick')[0].spec.layers);
      expect(training.getState().settings).toEqual(exp.variants('quick')[0].settings);
    }
  });
  it('keeps finished results across a reload; unreadable saved results are set aside', async () => {
    const storage = memoryStorage();
    const first = await app(storage);
    first.experiments.getState().select('sanity-checks');
    await first.experiments.getState().run('sanity-checks');
    const ran = first.experiments.getState().results['sanity-checks']!;
    const second = await app(storage);
    expect(second.experiments.getState().selected).toBe('sanity-checks');
    expect(second.experiments.getState().length).toBe('quick');
    expect(second.experiments.getState().results['sanity-checks']).toEqual(ran);
    expect(conclusions('sanity-checks', second.experiments.getState().results['sanity-checks']!)).toEqual(conclusions('sanity-checks', ran)); // prettier-ignore

    storage.setItem(EXPERIMENTS_STORAGE_KEY, '{"results": {"optimizers": {"variants": [{"label": 3}]}}}'); // prettier-ignore
    const third = await app(storage);
    expect(third.experiments.getState().results).toEqual({});
    expect(third.experiments.getState().error).toMatch(/could not be read \(results\.optimizers\.variants\[0\]\.status is not a string\)/); // prettier-ignore
    expect(storage.getItem(`${EXPERIMENTS_STORAGE_KEY}.unreadable`)).toContain('"label": 3');
  }, 60_000);

  it('stores filter images as plain arrays and reads them back as pixels', () => {
    const filters = { layerId: 'conv1', filters: 2, channels: 1, rgb: false, tilesPerFilter: 1, height: 1, width: 2, normalization: 'tile' as const, rgba: Uint8ClampedArray.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]), min: [0, 0], max: [1, 1] }; // prettier-ignore
    const variant = { label: 'zeros', status: 'running' as const, runId: 'r1', steps: 3, totalSteps: 9, initialLoss: 2.3, finalLoss: null, trainAccuracy: null, valAccuracy: null, nanStep: null, elapsedMs: 5, health: null, filterSpread: 0, filters, error: null }; // prettier-ignore
    const json = JSON.parse(JSON.stringify(toStored({ selected: 'initialization', length: 'full', results: { initialization: { id: 'initialization', length: 'full', variants: [variant], startedAt: 1, finishedAt: null, incomplete: false } } }))); // prettier-ignore
    const back = parseStoredExperiments(json).results.initialization!;
    expect(back.variants[0].filters!.rgba).toEqual(filters.rgba);
    expect(back.variants[0].status).toBe('stopped'); // nothing is still running after a reload
    expect(back.incomplete).toBe(true);
    json.results.initialization.variants[0].filters.rgba.pop();
    expect(() => parseStoredExperiments(json)).toThrow(/has 15 pixel bytes, not 16/);
  });
});
