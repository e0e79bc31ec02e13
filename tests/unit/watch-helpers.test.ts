// The Watch panel's pure helpers: colour scales of the confusion matrix, histogram bars of the
// layer-health sparklines, the learning-rate finder's axes, compact numbers, run colours and
// which run-history changes must show at once, and the watch store (linked filter → map).
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/store/runs';
import { memoryStorage } from '../../src/store/persist';
import { createWatchStore, WATCH_STORAGE_KEY } from '../../src/store/watch';
import { logTicks, lossDomain, powerLabel } from '../../src/ui/watch/axes';
import { barHeights, rebin, zeroPosition } from '../../src/ui/watch/bars';
import {
  accuracyStyle,
  BAD,
  confusionCellStyle,
  GOOD,
  mix,
  textOn,
} from '../../src/ui/watch/heatmap';
import { compactNumber, scientific, shortPercent } from '../../src/ui/watch/numbers';
import { RUN_COLORS, runColor, runsChangedByUser } from '../../src/ui/watch/run-colors';

describe('heat map colours', () => {
  it('runs from white to the target colour and clamps', () => {
    expect(mix(0)).toBe('rgb(255, 255, 255)');
    expect(mix(1, GOOD)).toBe(`rgb(${GOOD.join(', ')})`);
    expect(mix(2, BAD)).toBe(`rgb(${BAD.join(', ')})`);
    expect(mix(-1)).toBe('rgb(255, 255, 255)');
    expect(mix(NaN)).toBe('rgb(255, 255, 255)');
    expect(mix(0.5, [55, 255, 255])).toBe('rgb(155, 255, 255)');
  });

  it('switches to white text on dark cells', () => {
    expect(textOn(0.2)).not.toBe('#ffffff');
    expect(textOn(0.9)).toBe('#ffffff');
  });

  it('shades confusion cells by their share of the row: correct indigo, mistakes red', () => {
    const right = confusionCellStyle(90, 100, true);
    expect(right.background).toBe(mix(0.9, GOOD));
    expect(right.color).toBe('#ffffff');
    // 1 mistake in 100 still shows (square-root scale: 0.1 of the way to red).
    const wrong = confusionCellStyle(1, 100, false);
    expect(wrong.background).toBe(mix(0.1, BAD));
    expect(confusionCellStyle(0, 100, false).background).toBe('rgb(255, 255, 255)');
    // An empty class (no examples) must not divide by zero.
    expect(confusionCellStyle(0, 0, true).background).toBe('rgb(255, 255, 255)');
  });

  it('colours per-class accuracy red below a half, indigo above', () => {
    expect(accuracyStyle(1).background).toBe(mix(0.6, GOOD));
    expect(accuracyStyle(0).background).toBe(mix(0.6, BAD));
    expect(accuracyStyle(0.5).background).toBe('rgb(255, 255, 255)');
    expect(accuracyStyle(NaN).background).toBe('rgb(255, 255, 255)');
  });
});

describe('histogram bars', () => {
  it('merges bins into fewer bars, keeping the total', () => {
    const counts = Array.from({ length: 30 }, (_, i) => i);
    const bars = rebin(counts, 16);
    expect(bars).toHaveLength(16);
    expect(bars.reduce((a, b) => a + b)).toBe(counts.reduce((a, b) => a + b));
    expect(rebin([1, 2, 3], 16)).toEqual([1, 2, 3]);
    expect(rebin([1, 2, 3, 4], 2)).toEqual([3, 7]);
    expect(rebin([1, 2], 0)).toEqual([]);
  });

  it('scales heights by square root, keeps small non-empty bins visible', () => {
    const h = barHeights([0, 1, 100, 10000]);
    expect(h[0]).toBe(0);
    expect(h[3]).toBe(1);
    expect(h[2]).toBeCloseTo(0.1);
    expect(h[1]).toBe(0.06); // 0.01 raised to the floor
    expect(barHeights([0, 0])).toEqual([0, 0]);
  });

  it('places 0 along the range, or nowhere when the range excludes it', () => {
    expect(zeroPosition({ min: -1, max: 3 })).toBe(0.25);
    expect(zeroPosition({ min: 0, max: 5 })).toBe(0);
    expect(zeroPosition({ min: 1, max: 5 })).toBeNull();
    expect(zeroPosition({ min: 0, max: 0 })).toBeNull();
  });
});

describe('learning-rate finder axes', () => {
  it('ticks at powers of ten covering the sweep', () => {
    expect(logTicks(1e-6, 1)).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
    expect(logTicks(3e-4, 0.02)).toEqual([1e-4, 1e-3, 1e-2, 1e-1]);
    expect(logTicks(1e-8, 10, 5)).toEqual([1e-8, 1e-6, 1e-4, 1e-2, 1, 100]);
    expect(logTicks(0, 1)).toEqual([]);
  });

  it('labels powers of ten compactly', () => {
    expect([1e-6, 0.1, 1, 10, 1000].map(powerLabel)).toEqual(['1e−6', '0.1', '1', '10', '1e3']);
  });

  it('keeps the loss axis near the useful part of the curve', () => {
    // Starts at 2.3, dips to 0.5, explodes to 50: the top stays near the start.
    const [lo, hi] = lossDomain([2.3, 2.2, 1.0, 0.5, 3, 50, NaN]);
    expect(lo).toBeLessThan(0.5);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeGreaterThan(2.3 * 1.3);
    expect(hi).toBeLessThan(4);
    expect(lossDomain([])).toEqual([0, 1]);
    const [a, b] = lossDomain([1, 1, 1]);
    expect(b).toBeGreaterThan(a);
  });
});

describe('compact numbers', () => {
  it('formats norms and ratios across magnitudes', () => {
    expect([0.0014, 3.6712, 15234, 0, null, NaN].map(compactNumber)).toEqual([
      '1.4e−3',
      '3.67',
      '1.5e+4',
      '0',
      '—',
      '—',
    ]);
    expect(scientific(-0.026631)).toBe('−2.663e−2');
    expect(scientific(0)).toBe('0');
  });

  it('fits probabilities in a few characters', () => {
    expect([1, 0.999, 0.737, 0.095, 0.012, 0.004, 0.0004].map(shortPercent)).toEqual([
      '100%',
      '>99%',
      '74%',
      '10%',
      '1%',
      '0.4%',
      '<0.1%',
    ]);
  });
});

function run(id: string, createdAt: number, patch: Partial<RunRecord> = {}): RunRecord {
  return { id, createdAt, name: id, visible: true, ...patch } as RunRecord;
}

describe('run colours and urgent changes', () => {
  it('gives each run a colour by its age, whatever the order or visibility', () => {
    const runs = [run('b', 2), run('a', 1), run('c', 3, { visible: false })];
    expect(runColor(runs, 'a')).toBe(RUN_COLORS[0]);
    expect(runColor(runs, 'b')).toBe(RUN_COLORS[1]);
    expect(runColor(runs, 'c')).toBe(RUN_COLORS[2]);
  });

  it('shows a tick, a rename or a new run at once; live progress can wait', () => {
    const a = [run('a', 1), run('b', 2)];
    const progress = [a[0], { ...a[1], results: { step: 5 } } as RunRecord];
    expect(runsChangedByUser(progress, a)).toBe(false);
    expect(runsChangedByUser([a[0], { ...a[1], visible: false }], a)).toBe(true);
    expect(runsChangedByUser([a[0], { ...a[1], name: 'x' }], a)).toBe(true);
    expect(runsChangedByUser([a[0]], a)).toBe(true);
  });
});

describe('watch store', () => {
  it('links a filter click to its channel in the activation view, opening it', () => {
    const store = createWatchStore({ storage: null });
    store.getState().setOpen('inside', false);
    store.getState().highlightChannel({ layerId: 'conv1', channel: 2 });
    const s = store.getState();
    expect(s.layerId).toBe('conv1');
    expect(s.highlight).toEqual({ layerId: 'conv1', channel: 2 });
    expect(s.open.inside).toBe(true);
    // Another layer: the highlight belonged to conv1.
    s.setLayer('relu1');
    expect(store.getState().highlight).toBeNull();
    store.getState().setImagePosition(-3.5);
    expect(store.getState().imagePosition).toBe(0);
  });

  it('remembers which sections are open, and ignores unreadable data', () => {
    const storage = memoryStorage();
    createWatchStore({ storage }).getState().setOpen('health', true);
    expect(createWatchStore({ storage }).getState().open.health).toBe(true);
    const bad = memoryStorage({ [WATCH_STORAGE_KEY]: '{"open": {"health": "yes", "nope": true}}' });
    const s = createWatchStore({ storage: bad }).getState();
    expect(s.open.health).toBe(false);
    expect(s.open.curves).toBe(true);
    const broken = memoryStorage({ [WATCH_STORAGE_KEY]: '{not json' });
    expect(createWatchStore({ storage: broken }).getState().open.curves).toBe(true);
  });
});
