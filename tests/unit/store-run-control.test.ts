// The Train button's logic against a real training session (in-process worker, CPU backend):
// configure on first train, resume an unchanged paused session, start afresh after any change to
// the network, the data or the settings, refuse an invalid network with the reason.
import { describe, expect, it } from 'vitest';
import { TrainingController } from '../../src/store/controller';
import { createDatasetStore, type DatasetLoaders } from '../../src/store/dataset';
import { createNetworkStore } from '../../src/store/network';
import { memoryRunRepository } from '../../src/store/run-repository';
import { createRunControl } from '../../src/store/run-control';
import { createRunsStore } from '../../src/store/runs';
import { createTrainingStore } from '../../src/store/training';
import { followDatasetShape } from '../../src/store/wire';
import { chooseBackend, cpuBackend } from '../../src/worker/backend-choice';
import { TrainingClient } from '../../src/worker/client';
import { createInProcessWorker } from '../../src/worker/in-process';
import { settings } from '../helpers/session';

const noLoaders: DatasetLoaders = {
  mnist: () => Promise.reject(new Error('not in this test')),
  images: () => Promise.reject(new Error('not in this test')),
};

function setup() {
  const worker = createInProcessWorker({
    chooseBackend,
    cpuBackend,
    loadMnist: () => Promise.reject(new Error('not in this test')),
    sessionOptions: { metricsIntervalMs: 0 },
  });
  const training = createTrainingStore({ storage: null });
  training.getState().setSettings(settings({ batchSize: 8, epochs: 1, validateEvery: 1 }));
  const runs = createRunsStore({ repository: memoryRunRepository(), persistEveryMs: 1 });
  const ctl = new TrainingController({ client: new TrainingClient(worker), training, runs });
  const dataset = createDatasetStore({ storage: null, loaders: noLoaders, debounceMs: 0 });
  dataset.getState().setShapes({ classes: 3, count: 120, size: 12, channels: 1, seed: 5 });
  dataset.getState().choose('shapes');
  const network = createNetworkStore({ storage: null });
  followDatasetShape(dataset, network);
  network.getState().loadTemplate('blank', 3);
  network.getState().addLayer('flatten');
  network.getState().addLayer('dense', undefined, { units: 3 });
  const control = createRunControl({ controller: () => ctl, network, dataset });
  const state = () => training.getState().status.state;
  const until = (pred: () => boolean) =>
    new Promise<void>((resolve) => {
      if (pred()) return resolve();
      const stop = training.subscribe(() => {
        if (pred()) {
          stop();
          resolve();
        }
      });
    });
  return { ctl, training, runs, dataset, network, control, state, until };
}

describe('run control', () => {
  it('configures on the first Train and trains to the end on the dataset the panel shows', async () => {
    const { control, training, until, state } = setup();
    await control.getState().train();
    expect(control.getState().error).toBeNull();
    expect(control.getState().configuredKey).not.toBeNull();
    const summary = training.getState().summary!;
    // 120 shapes, 10% held out for validation: 108 train, 12 validation, as the Data panel says.
    expect([summary.trainExamples, summary.validationExamples]).toEqual([108, 12]);
    expect(summary.inputShape).toEqual([1, 12, 12]);
    await until(() => state() === 'finished');
    expect(training.getState().latest?.step).toBe(summary.totalSteps);
  });

  it('steps, resumes an unchanged session, and starts afresh after an edit', async () => {
    const { control, training, network, until, state } = setup();
    await control.getState().step(2);
    await until(() => state() === 'paused');
    expect(training.getState().latest?.step).toBe(2);
    const key = control.getState().configuredKey;

    await control.getState().step(1); // unchanged: continues the same session
    await until(() => training.getState().latest?.step === 3 && state() === 'paused');
    expect(control.getState().configuredKey).toBe(key);

    network.getState().updateSetting('dense1', 'bias', false);
    await control.getState().step(1); // changed: a new session from step 0
    await until(() => state() === 'paused' && training.getState().latest?.step === 1);
    expect(control.getState().configuredKey).not.toBe(key);
    expect(training.getState().summary!.paramCount).toBe(144 * 3);
  });

  it('refuses an invalid network and says why', async () => {
    const { control, network, ctl } = setup();
    network.getState().updateSetting('dense1', 'units', 5);
    await control.getState().train();
    expect(control.getState().error).toMatch(/network needs fixing first: .*3 classes/);
    expect(ctl.training.getState().summary).toBeNull();
    control.getState().dismissError();
    expect(control.getState().error).toBeNull();
  });

  it('changes the learning rate of a paused session in place', async () => {
    const { control, training, until, state } = setup();
    await control.getState().step(1);
    await until(() => state() === 'paused');
    const key = control.getState().configuredKey;
    await control.getState().setLearningRate(0.05);
    expect(training.getState().settings.optimizer.lr).toBe(0.05);
    expect(control.getState().configuredKey).not.toBe(key);
    await control.getState().train(); // resumes, no new session
    await until(() => state() === 'finished');
    expect(training.getState().latest?.lr).toBeCloseTo(0.05);
  });

  it('prepares a session without training, and keeps a configured one', async () => {
    const { control, training, ctl, network } = setup();
    expect(await control.getState().prepare()).toBe(true);
    const key = control.getState().configuredKey;
    expect(key).not.toBeNull();
    expect(training.getState().status.state).toBe('idle');
    expect(ctl.configuredSpec?.layers.map((l) => l.id)).toEqual(['flatten1', 'dense1']);
    // The learning-rate finder needs weights now; it inspects the configured session even when
    // the builder has moved on (Train would start afresh).
    network.getState().updateSetting('dense1', 'bias', false);
    expect(await control.getState().prepare()).toBe(true);
    expect(control.getState().configuredKey).toBe(key);
  });

  it('says why it cannot prepare an invalid network', async () => {
    const { control, network } = setup();
    network.getState().updateSetting('dense1', 'units', 5);
    expect(await control.getState().prepare()).toBe(false);
    expect(control.getState().error).toMatch(/network needs fixing first/);
  });
});
