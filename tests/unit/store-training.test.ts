// The training store: worker events become status, latest numbers and chart series; settings
// are validated, persisted and survive a reload (and a corrupt stored entry does not break it).
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_SETTINGS } from '../../src/engine/train/settings';
import { createTrainingStore, SETTINGS_STORAGE_KEY } from '../../src/store/training';
import { PROTOCOL_VERSION as v, type WorkerEvent } from '../../src/worker/protocol';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, val: string) => void m.set(k, val), m }; // prettier-ignore
}

const metrics = (from: number, n: number, loss: (s: number) => number): WorkerEvent => {
  const steps = Array.from({ length: n }, (_, i) => from + i);
  return {
    v,
    type: 'metrics',
    metrics: {
      steps,
      loss: steps.map(loss),
      accuracy: steps.map(() => 0.5),
      lr: steps.map(() => 0.01),
      epoch: steps.map((s) => s / 100),
      regLoss: 0,
      step: steps.at(-1)!,
      totalSteps: 1000,
      stepsPerEpoch: 100,
      examplesPerSecond: 640,
      msPerStep: 50,
      etaSeconds: 12,
      elapsedMs: 3000,
    },
  };
};

describe('training store', () => {
  it('ingests worker events into status, latest numbers and series', () => {
    const store = createTrainingStore({ storage: null, capacity: 50 });
    const s = () => store.getState();
    s().ingest({ v, type: 'status', status: { state: 'running', step: 0 } });
    for (let i = 0; i < 30; i++) s().ingest(metrics(i * 10 + 1, 10, (t) => 2 - t / 300));
    expect(s().status.state).toBe('running');
    expect(s().latest).toMatchObject({ step: 300, loss: 1, lr: 0.01, epoch: 3, etaSeconds: 12, examplesPerSecond: 640 }); // prettier-ignore
    expect(s().series.loss.total).toBe(300);
    expect(s().series.loss.x.length).toBeLessThanOrEqual(50);
    expect(s().series.lossSmoothed.total).toBe(300);
    expect(s().series.lr.max.every((x) => x === 0.01)).toBe(true);
    s().ingest({ v, type: 'evaluation', evaluation: { split: 'validation', step: 300, epoch: 3, loss: 0.9, accuracy: 0.8, count: 100, durationMs: 5, final: false } }); // prettier-ignore
    expect(s().series.valAccuracy.mean).toEqual([0.8]);
    expect(s().evaluations).toHaveLength(1);
    s().ingest({ v, type: 'nanPaused', nan: { step: 301, loss: NaN, lr: 10, message: 'too high', rolledBackTo: 300 } }); // prettier-ignore
    expect(s().nan?.rolledBackTo).toBe(300);
    s().ingest({ v, type: 'status', status: { state: 'running', step: 300 } });
    expect(s().nan).toBeNull();
    s().ingest({ v, type: 'backendChanged', backend: { name: 'cpu', description: 'CPU', notice: 'GPU lost' } }); // prettier-ignore
    expect(s().backend?.notice).toBe('GPU lost');
    s().ingest({ v, type: 'error', message: 'boom' });
    expect(s().error).toBe('boom');
    s().setSmoothing(0);
    // No smoothing: the smoothed series equals the raw one.
    expect(s().series.lossSmoothed.mean).toEqual(s().series.loss.mean);
    s().clearRun();
    expect(s().series.loss.total).toBe(0);
    expect(s().latest).toBeNull();
  });

  it('validates, persists and reloads the settings', () => {
    const storage = memoryStorage();
    const a = createTrainingStore({ storage });
    expect(a.getState().settings).toEqual(DEFAULT_TRAINING_SETTINGS);
    a.getState().setSettings({ batchSize: 128, optimizer: { ...DEFAULT_TRAINING_SETTINGS.optimizer, lr: 0.05 } }); // prettier-ignore
    expect(() => a.getState().setSettings({ batchSize: -1 })).toThrow(/batchSize/);
    expect(a.getState().settings.batchSize).toBe(128);
    const b = createTrainingStore({ storage });
    expect(b.getState().settings.batchSize).toBe(128);
    expect(b.getState().settings.optimizer.lr).toBe(0.05);

    storage.setItem(SETTINGS_STORAGE_KEY, '{"batchSize": "lots"');
    expect(createTrainingStore({ storage }).getState().settings).toEqual(DEFAULT_TRAINING_SETTINGS);
    storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify({ batchSize: 'lots' }));
    expect(createTrainingStore({ storage }).getState().settings).toEqual(DEFAULT_TRAINING_SETTINGS);
    // Settings saved by an older version (fewer fields) load with defaults for the rest.
    storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify({ epochs: 7 }));
    expect(createTrainingStore({ storage }).getState().settings).toEqual({ ...DEFAULT_TRAINING_SETTINGS, epochs: 7 }); // prettier-ignore
  });
});
