// The networks the experiments train. Small on purpose: each experiment trains several of them
// one after another and must reach its conclusion in about a minute on a laptop GPU.
import type { LayerSpec, NetworkSpec } from '../../engine/spec';
import { MNIST_CLASSES, MNIST_SHAPE } from '../dataset-settings';
import { layer, makeSpec } from '../templates';

export type ActivationType = 'relu' | 'leakyrelu' | 'elu' | 'tanh' | 'sigmoid';

/**
 * The benchmark's Net A for 28×28 digits: conv 5×5×8, pool, conv 5×5×16, pool, dense 10 —
 * with any activation in place of ReLU, and optionally dropout before the classifier.
 */
export function smallConvNet(activation: ActivationType = 'relu', dropout = false): NetworkSpec {
  return makeSpec(`Small conv net (${activation}${dropout ? ', dropout' : ''})`, MNIST_SHAPE, [
    layer('conv1', 'conv2d', { filters: 8, kernel: 5, padding: 2 }),
    layer('act1', activation),
    layer('pool1', 'maxpool', { size: 2, stride: 2 }),
    layer('conv2', 'conv2d', { filters: 16, kernel: 5, padding: 2 }),
    layer('act2', activation),
    layer('pool2', 'maxpool', { size: 2, stride: 2 }),
    layer('flatten1', 'flatten'),
    ...(dropout ? [layer('dropout1', 'dropout', { rate: 0.5 })] : []),
    layer('dense1', 'dense', { units: MNIST_CLASSES }),
  ]);
}

/**
 * Six 3×3 convolutions with tanh between them, at full resolution: deep enough that the
 * initialisation's scale compounds layer after layer (shrinking or saturating activations).
 */
export function deepTanhNet(): NetworkSpec {
  const layers: LayerSpec[] = [];
  for (let i = 1; i <= 6; i++) {
    layers.push(layer(`conv${i}`, 'conv2d', { filters: 8, kernel: 3, padding: 1 }));
    layers.push(layer(`tanh${i}`, 'tanh'));
  }
  layers.push(layer('pool1', 'maxpool', { size: 2, stride: 2 }));
  layers.push(layer('flatten1', 'flatten'));
  layers.push(layer('dense1', 'dense', { units: MNIST_CLASSES }));
  return makeSpec('Deep tanh net', MNIST_SHAPE, layers);
}

/**
 * Five 3×3 convolutions, two pools and a global average, optionally with batch norm after each convolution
 * (before its ReLU, as Ioffe & Szegedy place it).
 */
export function plainOrNormNet(batchNorm: boolean): NetworkSpec {
  const layers: LayerSpec[] = [];
  const block = (i: number, filters: number) => {
    layers.push(layer(`conv${i}`, 'conv2d', { filters, kernel: 3, padding: 1 }));
    if (batchNorm) layers.push(layer(`bn${i}`, 'batchnorm'));
    layers.push(layer(`relu${i}`, 'relu'));
  };
  block(1, 8);
  block(2, 8);
  layers.push(layer('pool1', 'maxpool', { size: 2, stride: 2 }));
  block(3, 16);
  block(4, 16);
  layers.push(layer('pool2', 'maxpool', { size: 2, stride: 2 }));
  block(5, 32);
  // A global average keeps the classifier's input small whatever the features' scale, so the
  // comparison is about the convolutions.
  layers.push(layer('gap1', 'globalavgpool'));
  layers.push(layer('dense1', 'dense', { units: MNIST_CLASSES }));
  return makeSpec(batchNorm ? 'Conv net with batch norm' : 'Conv net without batch norm', MNIST_SHAPE, layers); // prettier-ignore
}
