// Network summaries: numbers straight from the analysis, Keras-style parameter totals (running
// statistics count as non-trainable) and a readable text table.
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../src/engine/analyze';
import {
  groupDigits,
  renderSummaryTable,
  siNumber,
  summarizeNetwork,
} from '../../src/engine/io/summary';
import { convPoolDenseBn, residualDag } from '../helpers/io-nets';
import { lenet } from '../helpers/specs';

describe('network summary', () => {
  it('LeNet: per-layer shapes and parameter counts, totals from the analysis', () => {
    const s = summarizeNetwork({ ...lenet(), name: 'LeNet' });
    expect(s.name).toBe('LeNet');
    expect(s.input).toEqual([1, 28, 28]);
    expect(s.layers.map((l) => [l.name, l.type, l.outputShape, l.params])).toEqual([
      ['conv1', 'conv2d', [8, 28, 28], 8 * 25 + 8],
      ['relu1', 'relu', [8, 28, 28], 0],
      ['pool1', 'maxpool', [8, 14, 14], 0],
      ['conv2', 'conv2d', [16, 14, 14], 16 * 8 * 25 + 16],
      ['relu2', 'relu', [16, 14, 14], 0],
      ['pool2', 'maxpool', [16, 7, 7], 0],
      ['flat', 'flatten', [784], 0],
      ['fc', 'dense', [10], 7850],
    ]);
    expect(s.totalParams).toBe(208 + 3216 + 7850);
    expect(s.trainableParams).toBe(s.totalParams);
    expect(s.nonTrainableParams).toBe(0);
    expect(s.outputShape).toEqual([10]);
    expect(s.flopsPerExample).toBe(analyzeNetwork(lenet()).totals.flopsPerExample);
    expect(s.layers[0].flops).toBe(2 * 8 * 28 * 28 * 25 + 8 * 28 * 28);
  });

  it('batch-norm running statistics are counted, as non-trainable', () => {
    const s = summarizeNetwork(convPoolDenseBn());
    const bn1 = s.layers.find((l) => l.name === 'bn1')!;
    expect(bn1).toMatchObject({ params: 32, trainableParams: 16 });
    // bn1 (8 channels), bn2 (12), bn3 (32 features): two running statistics each.
    expect(s.nonTrainableParams).toBe(2 * (8 + 12 + 32));
    expect(s.trainableParams).toBe(analyzeNetwork(convPoolDenseBn()).totals.params);
  });

  it('renders a text table; DAGs get an inputs column', () => {
    const text = renderSummaryTable(summarizeNetwork({ ...lenet(), name: 'LeNet' }));
    expect(text).toContain('Model: LeNet');
    expect(text).toMatch(/conv2 \(Conv2D\)\s+14×14×16\s+3,216/);
    expect(text).toMatch(/fc \(Dense\)\s+10\s+7,850/);
    expect(text).toContain('Total params: 11,274 (44.0 KB)');
    expect(text).toContain('Non-trainable params: 0');
    expect(text).not.toContain('Inputs');
    const dagText = renderSummaryTable(summarizeNetwork(residualDag()));
    expect(dagText).toContain('Inputs');
    expect(dagText).toMatch(/add3 \(Add\)\s+10×10×8\s+0\s+\S+\s+logits, res-add, stem/);
  });

  it('formats numbers without depending on the locale', () => {
    expect(groupDigits(0)).toBe('0');
    expect(groupDigits(999)).toBe('999');
    expect(groupDigits(1234567)).toBe('1,234,567');
    expect(siNumber(950)).toBe('950');
    expect(siNumber(1500)).toBe('1.50K');
    expect(siNumber(2.345e9)).toBe('2.35G');
  });

  it('refuses an invalid network', () => {
    const broken = { ...lenet(), layers: lenet().layers.filter((l) => l.id !== 'flat') };
    expect(() => summarizeNetwork(broken)).toThrow('fc: Dense needs a flat input');
  });
});
