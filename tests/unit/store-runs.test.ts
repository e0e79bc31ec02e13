// Run history: runs are recorded, updated, finished and survive a reload through IndexedDB
// (fake-indexeddb in Node); a run left running by a closed page comes back 'interrupted';
// overlay legends name only the settings that differ.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../src/engine/train/session';
import { DEFAULT_TRAINING_SETTINGS, type TrainingSettings } from '../../src/engine/train/settings';
import { idbRunRepository, memoryRunRepository } from '../../src/store/run-repository';
import { createRunsStore, diffRuns, overlayLabels } from '../../src/store/runs';
import { appendPoints, emptySeries } from '../../src/store/series';
import { lenet, seq } from '../helpers/specs';

const summary = {
  datasetName: 'MNIST (bundled 10k subset)',
  totalSteps: 500,
  paramCount: 1234,
  backend: { name: 'cpu', description: 'CPU (JavaScript)', notice: null },
} as unknown as SessionSummary;

const withLr = (lr: number, kind: TrainingSettings['optimizer']['kind'] = 'adam'): TrainingSettings => ({ ...DEFAULT_TRAINING_SETTINGS, optimizer: { ...DEFAULT_TRAINING_SETTINGS.optimizer, kind, lr } }); // prettier-ignore

describe('run history', () => {
  it('persists runs to IndexedDB and reloads them', async () => {
    const repo = idbRunRepository('convplay-test-1');
    const a = createRunsStore({ repository: repo, persistEveryMs: 5 });
    await a.getState().load();
    expect(a.getState().loaded).toBe(true);
    expect(a.getState().runs).toEqual([]);

    const id1 = a.getState().beginRun({ spec: lenet(), settings: withLr(0.001), summary });
    const loss = appendPoints(emptySeries(1000), Array.from({ length: 3000 }, (_, i) => i + 1), Array.from({ length: 3000 }, (_, i) => 2 / (1 + i))); // prettier-ignore
    const run1 = a.getState().runs[0];
    a.getState().updateRun(id1, { series: { ...run1.series, loss }, results: { step: 3000, trainLoss: 0.1, trainAccuracy: 0.97, valLoss: 0.12, valAccuracy: 0.96, elapsedMs: 9000 } }); // prettier-ignore
    a.getState().addNote(id1, 'learning rate → 0.01 at step 20');
    await a.getState().finishRun(id1, 'finished');
    expect(a.getState().activeId).toBeNull();
    const id2 = a.getState().beginRun({ spec: lenet(), settings: withLr(0.01), summary });
    a.getState().updateRun(id2, { status: 'running' });
    await a.getState().flush();

    // A new page: a fresh store on the same database.
    const b = createRunsStore({ repository: idbRunRepository('convplay-test-1') });
    await b.getState().load();
    const runs = b.getState().runs;
    expect(runs.map((r) => r.id)).toEqual([id1, id2]);
    expect(runs[0]).toMatchObject({ status: 'finished', name: 'Run 1: adam, lr 0.001', datasetName: summary.datasetName, paramCount: 1234 }); // prettier-ignore
    expect(runs[0].results.valAccuracy).toBe(0.96);
    expect(runs[0].notes).toEqual(['learning rate → 0.01 at step 20']);
    // Stored series are compacted but keep their extremes.
    expect(runs[0].series.loss.x.length).toBeLessThanOrEqual(400);
    expect(Math.max(...runs[0].series.loss.max)).toBe(2);
    expect(runs[0].series.loss.total).toBe(3000);
    expect(runs[1].status).toBe('interrupted');
    expect(runs[0].specHash).toBe(runs[1].specHash);

    await b.getState().rename(id1, 'baseline');
    await b.getState().setVisible(id2, false);
    await b.getState().remove(id2);
    const c = createRunsStore({ repository: idbRunRepository('convplay-test-1') });
    await c.getState().load();
    expect(c.getState().runs.map((r) => [r.name, r.visible])).toEqual([['baseline', true]]);
    await c.getState().clear();
    const d = createRunsStore({ repository: idbRunRepository('convplay-test-1') });
    await d.getState().load();
    expect(d.getState().runs).toEqual([]);
  });

  it('labels overlaid runs by what differs and diffs two runs', async () => {
    const s = createRunsStore({ repository: memoryRunRepository() });
    const ids = [
      s.getState().beginRun({ spec: lenet(), settings: withLr(0.001), summary }),
      s.getState().beginRun({ spec: lenet(), settings: withLr(0.01), summary }),
      s.getState().beginRun({ spec: lenet(), settings: withLr(0.01, 'sgd'), summary }),
    ];
    const runs = s.getState().runs;
    const labels = overlayLabels(runs);
    expect(labels[ids[0]]).toBe('optimizer=adam lr=0.001');
    expect(labels[ids[1]]).toBe('optimizer=adam lr=0.01');
    expect(labels[ids[2]]).toBe('optimizer=sgd lr=0.01');
    // Identical settings: the run's name.
    expect(overlayLabels([runs[0]])[ids[0]]).toBe(runs[0].name);
    const other = s.getState().beginRun({ spec: seq([1, 28, 28], [['f', 'flatten'], ['fc', 'dense', { units: 10 }]]), settings: withLr(0.001), summary }); // prettier-ignore
    const diff = diffRuns(
      runs[0],
      s.getState().runs.find((r) => r.id === other)!,
    );
    expect(diff).toEqual({ settings: [], networkChanged: true, datasetChanged: false });
    expect(diffRuns(runs[0], runs[2]).settings).toEqual([
      { key: 'optimizer.kind', a: 'adam', b: 'sgd' },
      { key: 'optimizer.lr', a: 0.001, b: 0.01 },
    ]);
  });
});
