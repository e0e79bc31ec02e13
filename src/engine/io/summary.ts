// A Keras-style summary of a network: one row per layer with its output shape, parameter count
// and FLOPs, plus totals. The JSON form goes into export bundles; the text table is what the
// command-line tools print. Every number comes from the network analysis.
import { getLayerDef } from '../layers/registry';
import { elementCount, shapeText } from '../shapes';
import type { NetworkSpec } from '../spec';
import { analyzeForExport } from './export-checks';

export interface LayerSummary {
  /** The layer id (also the prefix of its tensor names). */
  readonly name: string;
  readonly type: string;
  /** Ids of the layers (or "input") it reads. */
  readonly inputs: readonly string[];
  /** Per example: [C, H, W] for feature maps, [F] for flat vectors. */
  readonly outputShape: readonly number[];
  /** Every stored value, running statistics included (as Keras counts them). */
  readonly params: number;
  readonly trainableParams: number;
  /** Forward floating-point operations per example (a multiply-add counts 2). */
  readonly flops: number;
}

export interface NetworkSummary {
  readonly name?: string;
  /** [C, H, W]. */
  readonly input: readonly number[];
  readonly layers: readonly LayerSummary[];
  readonly outputShape: readonly number[];
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  readonly flopsPerExample: number;
}

/** Summarises a valid network (throws ExportError listing the problems otherwise). */
export function summarizeNetwork(spec: NetworkSpec): NetworkSummary {
  const analysis = analyzeForExport(spec);
  const layers = analysis.layers.map((l) => ({
    name: l.id,
    type: l.type,
    inputs: [...l.inputs],
    outputShape: [...l.outShape!],
    params: l.params.reduce((a, p) => a + elementCount(p.shape), 0),
    trainableParams: l.paramCount,
    flops: l.flops,
  }));
  const totalParams = layers.reduce((a, l) => a + l.params, 0);
  const trainableParams = analysis.totals.params;
  return {
    ...(spec.name ? { name: spec.name } : {}),
    input: [...analysis.inputShape],
    layers,
    outputShape: [...analysis.outShape!],
    totalParams,
    trainableParams,
    nonTrainableParams: totalParams - trainableParams,
    flopsPerExample: analysis.totals.flopsPerExample,
  };
}

/** 1234567 → "1,234,567" (fixed separators: the output must not depend on the locale). */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1.5e6 → "1.50M": three significant digits with an SI prefix. */
export function siNumber(n: number): string {
  const units = ['', 'K', 'M', 'G', 'T'];
  let i = 0;
  while (Math.abs(n) >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return i === 0 ? String(n) : `${n.toPrecision(3)}${units[i]}`;
}

function bytesText(values: number): string {
  const bytes = values * 4;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** A plain-text table of the summary, like Keras' model.summary(). */
export function renderSummaryTable(s: NetworkSummary): string {
  // Show where each layer reads from only for networks that are not a simple chain.
  const isChain = s.layers.every((l, i) => {
    const previous = i === 0 ? 'input' : s.layers[i - 1].name;
    return l.inputs.length === 1 && l.inputs[0] === previous;
  });
  const header = [
    'Layer (type)',
    'Output shape',
    'Params',
    'FLOPs',
    ...(isChain ? [] : ['Inputs']),
  ];
  const label = (type: string) => getLayerDef(type)?.label ?? type;
  const rows = [
    ['input (Input)', shapeText(s.input), '0', '0', ...(isChain ? [] : [''])],
    ...s.layers.map((l) => [
      `${l.name} (${label(l.type)})`,
      shapeText(l.outputShape),
      groupDigits(l.params),
      siNumber(l.flops),
      ...(isChain ? [] : [l.inputs.join(', ')]),
    ]),
  ];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  // Numbers right-aligned, text left-aligned.
  const numeric = (c: number) => c === 2 || c === 3;
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (numeric(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('   ')
      .trimEnd();
  const rule = (ch: string) =>
    ch.repeat(widths.reduce((a, w) => a + w, 0) + 3 * (widths.length - 1));
  return [
    `Model: ${s.name ?? 'network'}`,
    `(shapes are height×width×channels; flat vectors show their length)`,
    rule('='),
    line(header),
    rule('='),
    ...rows.map(line),
    rule('='),
    `Total params: ${groupDigits(s.totalParams)} (${bytesText(s.totalParams)})`,
    `Trainable params: ${groupDigits(s.trainableParams)}`,
    `Non-trainable params: ${groupDigits(s.nonTrainableParams)}`,
    `FLOPs per example (forward): ${siNumber(s.flopsPerExample)}`,
    '',
  ].join('\n');
}
