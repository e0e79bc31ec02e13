// Small network specs shared by tests.
import type { LayerSpec, NetworkSpec } from '../../src/engine/spec';

export function seq(
  input: [number, number, number],
  layers: [string, string, Record<string, number | string | boolean>?][],
): NetworkSpec {
  return {
    format: 'convplay.network',
    version: 1,
    input: { channels: input[0], height: input[1], width: input[2] },
    layers: layers.map(([id, type, config]) => ({ id, type, config: config ?? {} })),
  };
}

export function dag(input: [number, number, number], layers: LayerSpec[]): NetworkSpec {
  return {
    format: 'convplay.network',
    version: 1,
    input: { channels: input[0], height: input[1], width: input[2] },
    layers,
  };
}

/** LeNet-style net for 28×28×1 (Net A of the benchmarks). */
export function lenet(): NetworkSpec {
  return seq(
    [1, 28, 28],
    [
      ['conv1', 'conv2d', { filters: 8, kernel: 5, padding: 2 }],
      ['relu1', 'relu'],
      ['pool1', 'maxpool', { size: 2, stride: 2 }],
      ['conv2', 'conv2d', { filters: 16, kernel: 5, padding: 2 }],
      ['relu2', 'relu'],
      ['pool2', 'maxpool', { size: 2, stride: 2 }],
      ['flat', 'flatten'],
      ['fc', 'dense', { units: 10 }],
    ],
  );
}
