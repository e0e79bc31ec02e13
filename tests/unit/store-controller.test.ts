// The controller end to end in Node: worker events reach the training store, and the run
// history records a run from its first start to its end (finished, or stopped by a reset).
import { describe, expect, it } from 'vitest';
import { chooseBackend, cpuBackend } from '../../src/worker/backend-choice';
import { TrainingClient } from '../../src/worker/client';
import { createInProcessWorker } from '../../src/worker/in-process';
import { TrainingController } from '../../src/store/controller';
import { memoryRunRepository } from '../../src/store/run-repository';
import { createRunsStore } from '../../src/store/runs';
import { createTrainingStore } from '../../src/store/training';
import { settings } from '../helpers/session';
import { seq } from '../helpers/specs';

const spec = seq([1, 16, 16], [
  ['c', 'conv2d', { filters: 4, kernel: 3 }],
  ['r', 'relu'],
  ['f', 'flatten'],
  ['fc', 'dense', { units: 3 }],
]); // prettier-ignore

function controller() {
  const worker = createInProcessWorker({
    chooseBackend,
    cpuBackend,
    loadMnist: () => Promise.reject(new Error('not in this test')),
    sessionOptions: { metricsIntervalMs: 0 },
  });
  const training = createTrainingStore({ storage: null });
  training.getState().setSettings(settings({ batchSize: 8, epochs: 2, validateEvery: 1, validationFraction: 0.25 })); // prettier-ignore
  const runs = createRunsStore({ repository: memoryRunRepository(), persistEveryMs: 1 });
  return new TrainingController({ client: new TrainingClient(worker), training, runs });
}

const shapes = { kind: 'shapes', count: 48, size: 16, channels: 1, classes: 3 } as const;

describe('TrainingController', () => {
  it('feeds the training store and records finished runs', async () => {
    const ctl = controller();
    const backend = await ctl.init('cpu');
    expect(ctl.training.getState().backend).toEqual(backend);
    const summary = await ctl.configure(spec, shapes, { name: 'first try' });
    expect(summary.totalSteps).toBe(10);
    expect(ctl.training.getState().summary).toEqual(summary);
    expect(ctl.runs.getState().runs).toHaveLength(0);

    const finished = new Promise<void>((resolve) =>
      ctl.training.subscribe((s) => s.status.state === 'finished' && resolve()),
    );
    await ctl.start();
    await finished;
    const t = ctl.training.getState();
    expect(t.latest?.step).toBe(10);
    expect(t.series.loss.total).toBe(10);
    expect(t.evaluations.map((e) => e.step)).toEqual([5, 10]);
    expect(t.checkpoint?.step).toBe(10);

    // The run record is finished just after the status event.
    await new Promise((r) => setTimeout(r, 5));
    const [run] = ctl.runs.getState().runs;
    expect(run).toMatchObject({ name: 'first try', status: 'finished', totalSteps: 10 });
    expect(run.results.step).toBe(10);
    expect(run.results.valAccuracy).toBe(t.evaluations[1].accuracy);
    expect(run.series.loss.total).toBe(10);
    expect(ctl.runs.getState().activeId).toBeNull();
    await ctl.dispose();
  });

  it('a reset ends the run as stopped; lr changes are noted; errors reach the store', async () => {
    const ctl = controller();
    await ctl.configure(spec, shapes);
    await ctl.step(3);
    await ctl.setLearningRate(0.05);
    await ctl.step(1);
    await ctl.reset();
    expect(ctl.training.getState().series.loss.total).toBe(0);
    const [run] = ctl.runs.getState().runs;
    expect(run.status).toBe('stopped');
    expect(run.results.step).toBe(4);
    expect(run.notes).toEqual(['learning rate → 0.05 at step 3']);
    await ctl.step(2);
    expect(ctl.runs.getState().runs).toHaveLength(2);

    const wrong = seq(
      [3, 16, 16],
      [
        ['f', 'flatten'],
        ['fc', 'dense', { units: 3 }],
      ],
    );
    await expect(ctl.configure(wrong, shapes)).rejects.toThrow(/expects 3×16×16/);
    expect(ctl.training.getState().error).toMatch(/expects 3×16×16/);
    // Configuring again ended the second run.
    expect(ctl.runs.getState().runs[1].status).toBe('stopped');
    await ctl.dispose();
  });
});
