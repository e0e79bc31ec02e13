import { describe, expect, it } from 'vitest';
import {
  quantile,
  runContestant,
  timedSteps,
  makeTask,
  type Contestant,
  type RunResult,
} from '../../bench/harness';
import type { NetDef } from '../../bench/netdef';
import { stepFlops } from '../../bench/flops';
import { lossVerdicts, speedTable, type NetReport } from '../../bench/report';

const TINY: NetDef = {
  id: 'T',
  title: 'tiny',
  input: [6, 6, 2],
  classes: 3,
  batch: 4,
  layers: [
    { type: 'conv2d', filters: 3, kernel: 3, stride: 1, pad: 1, activation: 'relu' },
    { type: 'maxpool', size: 2, stride: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 5, activation: 'relu' },
    { type: 'dense', units: 3, activation: 'linear' },
  ],
  loss: 'softmax-cross-entropy',
  optimizer: { type: 'sgd-momentum', learningRate: 0.05, momentum: 0.9 },
};

describe('harness', () => {
  it('interpolates quantiles', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20], 0.1)).toBeCloseTo(11);
  });

  it('cuts timed steps to the budget, never below min-steps', () => {
    const o = { warmup: 3, steps: 20, maxSeconds: 10, minSteps: 5 };
    expect(timedSteps([5000, 100, 100], o)).toBe(20);
    expect(timedSteps([5000, 1000, 1000], o)).toBe(10);
    expect(timedSteps([5000, 9000, 9000], o)).toBe(5);
    expect(timedSteps([5000, 9000, 9000], { ...o, maxSeconds: 0 })).toBe(20);
  });

  it('runs warm-up and timed steps and records losses by step number', async () => {
    let steps = 0;
    const fake = (): Contestant => ({
      timing: 'test',
      async setup(task) {
        expect(task.data.x.length).toBe(4 * 6 * 6 * 2);
      },
      step() {
        steps++;
      },
      lastLoss: () => 3 - steps * 0.1,
    });
    const r = await runContestant('fake', fake, makeTask(TINY, 4, 1), {
      warmup: 3,
      steps: 7,
      maxSeconds: 0,
      minSteps: 1,
    });
    expect(r.ok).toBe(true);
    expect(steps).toBe(10);
    expect(r.timesMs).toHaveLength(7);
    expect(r.losses?.map((l) => l.step)).toEqual([1, 2, 3, 10]);
    expect(r.losses?.[3].loss).toBeCloseTo(2);
  });

  it('reports a failing contestant instead of throwing', async () => {
    const broken = (): Contestant => ({
      timing: 'test',
      setup: () => Promise.reject(new Error('no device')),
      step() {},
      lastLoss: () => 0,
    });
    const r = await runContestant('broken', broken, makeTask(TINY, 4, 1), {
      warmup: 1,
      steps: 1,
      maxSeconds: 0,
      minSteps: 1,
    });
    expect(r).toMatchObject({ ok: false, error: 'no device' });
  });

  it('flags NaN, a loss that does not fall, and a disagreeing contestant', () => {
    const res = (contestant: string, losses: number[]) => ({
      contestant,
      net: 'T',
      batch: 4,
      ok: true,
      warmupMs: [1, 1, 1],
      timesMs: [1],
      medianMs: 10,
      losses: losses.map((loss, i) => ({ step: i === 3 ? 4 : i + 1, loss })),
    });
    const report: NetReport = {
      net: TINY,
      batch: 4,
      warmup: 3,
      flops: stepFlops(TINY, 4),
      results: [
        res('ref', [2.3, 2.2, 2.1, 2.0]),
        res('good', [2.3, 2.2, 2.1000001, 1.9]),
        res('nan', [2.3, 2.2, 2.1, NaN]),
        res('flat', [2.3, 2.2, 2.1, 2.4]),
        res('wrong', [2.5, 2.2, 2.1, 2.0]),
      ],
    };
    expect(lossVerdicts(report).map((v) => v.note)).toEqual([
      'ok',
      'ok',
      'NaN/Inf loss',
      'loss did not fall',
      'differs from ref',
    ]);
    const table = speedTable(report, [
      { name: 'ref', env: 'node', kind: 'peer' },
      { name: 'good', env: 'node', kind: 'ours' },
    ]);
    expect(table.split('\n')[0]).toContain('× ref');
    expect(table).not.toContain('× good');
    report.results[1].host = { loadAverage1m: [0.1, 0.2], otherCores: 0.25, ourCores: 1 };
    const dead: RunResult = { contestant: 'dead', net: 'T', batch: 4, ok: false, error: 'boom' };
    report.results.push(dead);
    const lines = speedTable(report, [{ name: 'ref', env: 'node', kind: 'peer' }]).split('\n');
    expect(lines[0]).toContain('other CPU');
    expect(lines[3]).toContain('0.25');
    expect(lines[lines.length - 1]).toContain('failed: boom');
    const bars = (l: string) => l.split('|').length;
    expect(new Set(lines.map(bars)).size).toBe(1);
  });
});
