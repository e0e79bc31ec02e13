// Starting networks. Each template is a function of the dataset's input shape and class count,
// so loading one always gives a network that fits the chosen data (the last Dense has one unit
// per class). Settings are spelled out in full so the saved spec says exactly what trains.
import {
  SPEC_FORMAT,
  SPEC_VERSION,
  type InputSpec,
  type LayerSpec,
  type NetworkSpec,
} from '../engine/spec';
import { defaultConfig } from './spec-edit';

export type TemplateId = 'lenet5' | 'vgg-small' | 'resnet-small' | 'blank';

export interface TemplateInfo {
  readonly id: TemplateId;
  readonly label: string;
  readonly description: string;
}

export const TEMPLATES: readonly TemplateInfo[] = [
  {
    id: 'lenet5',
    label: 'LeNet-5',
    description:
      'LeCun et al. 1998: two 5×5 conv + pool stages, then Dense 120 → 84 → classes. Made for 28×28 digits.',
  },
  {
    id: 'vgg-small',
    label: 'Small VGG',
    description:
      'Two stages of two 3×3 convolutions and a 2×2 max pool, then a small classifier with dropout.',
  },
  {
    id: 'resnet-small',
    label: 'Small ResNet',
    description:
      'Two residual blocks: each adds its input back to the output of two 3×3 convolutions (He et al. 2015).',
  },
  {
    id: 'blank',
    label: 'Blank',
    description: 'An empty network: drag layers in from the palette.',
  },
];

export function isTemplateId(v: unknown): v is TemplateId {
  return TEMPLATES.some((t) => t.id === v);
}

export type Cfg = Record<string, number | string | boolean>;

/** A layer with every setting spelled out (registry defaults for those not given). */
export function layer(id: string, type: string, config: Cfg = {}, inputs?: string[]): LayerSpec {
  const full = defaultConfig(type, config);
  return inputs ? { id, type, inputs, config: full } : { id, type, config: full };
}

export function makeSpec(name: string, input: InputSpec, layers: LayerSpec[]): NetworkSpec {
  return { format: SPEC_FORMAT, version: SPEC_VERSION, name, input: { ...input }, layers };
}

function lenet5(input: InputSpec, classes: number): NetworkSpec {
  return makeSpec('LeNet-5', input, [
    layer('conv1', 'conv2d', { filters: 6, kernel: 5, padding: 2 }),
    layer('relu1', 'relu'),
    layer('pool1', 'maxpool', { size: 2, stride: 2 }),
    layer('conv2', 'conv2d', { filters: 16, kernel: 5, padding: 0 }),
    layer('relu2', 'relu'),
    layer('pool2', 'maxpool', { size: 2, stride: 2 }),
    layer('flatten1', 'flatten'),
    layer('dense1', 'dense', { units: 120 }),
    layer('relu3', 'relu'),
    layer('dense2', 'dense', { units: 84 }),
    layer('relu4', 'relu'),
    layer('dense3', 'dense', { units: classes }),
  ]);
}

function vggSmall(input: InputSpec, classes: number): NetworkSpec {
  const conv = (id: string, filters: number) =>
    layer(id, 'conv2d', { filters, kernel: 3, padding: 1 });
  return makeSpec('Small VGG', input, [
    conv('conv1', 16),
    layer('relu1', 'relu'),
    conv('conv2', 16),
    layer('relu2', 'relu'),
    layer('pool1', 'maxpool', { size: 2, stride: 2 }),
    conv('conv3', 32),
    layer('relu3', 'relu'),
    conv('conv4', 32),
    layer('relu4', 'relu'),
    layer('pool2', 'maxpool', { size: 2, stride: 2 }),
    layer('flatten1', 'flatten'),
    layer('dense1', 'dense', { units: 64 }),
    layer('relu5', 'relu'),
    layer('dropout1', 'dropout', { rate: 0.5 }),
    layer('dense2', 'dense', { units: classes }),
  ]);
}

function resnetSmall(input: InputSpec, classes: number): NetworkSpec {
  const conv = (id: string) => layer(id, 'conv2d', { filters: 16, kernel: 3, padding: 'same' });
  return makeSpec('Small ResNet', input, [
    conv('conv1'),
    layer('relu1', 'relu'),
    // Block 1: relu1 → conv2 → relu2 → conv3, plus the shortcut from relu1.
    conv('conv2'),
    layer('relu2', 'relu'),
    conv('conv3'),
    layer('add1', 'add', {}, ['conv3', 'relu1']),
    layer('relu3', 'relu'),
    layer('pool1', 'maxpool', { size: 2, stride: 2 }),
    // Block 2 on the pooled map, shortcut from pool1.
    conv('conv4'),
    layer('relu4', 'relu'),
    conv('conv5'),
    layer('add2', 'add', {}, ['conv5', 'pool1']),
    layer('relu5', 'relu'),
    layer('gap1', 'globalavgpool'),
    layer('dense1', 'dense', { units: classes }),
  ]);
}

export function buildTemplate(id: TemplateId, input: InputSpec, classes: number): NetworkSpec {
  switch (id) {
    case 'lenet5':
      return lenet5(input, classes);
    case 'vgg-small':
      return vggSmall(input, classes);
    case 'resnet-small':
      return resnetSmall(input, classes);
    case 'blank':
      return makeSpec('Blank', input, []);
  }
}
