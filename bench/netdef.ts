// The nets every contestant trains, as plain data, and the one place the bench does shape math.
//
// Conventions shared by every contestant (so that all of them train literally the same net):
// - Activations are NHWC; flatten keeps (h, w, c) order, as tf.reshape of an NHWC tensor does.
// - conv2d weights are HWIO ([kh][kw][cin][cout]), dense weights are [in][out], biases [out].
// - Convolution is cross-correlation (no kernel flip), zero padding `pad` on every side.
// - Max pool uses no padding; output size floor((W - F) / S) + 1.
// - Loss is the mean over the batch of softmax cross-entropy with integer labels.
// - SGD with momentum: v = momentum * v - lr * g; w += v (equivalently tf.train.momentum).

export type Activation = 'relu' | 'linear';

export type LayerDef =
  | {
      type: 'conv2d';
      filters: number;
      kernel: number;
      stride: number;
      pad: number;
      activation: Activation;
    }
  | { type: 'maxpool'; size: number; stride: number }
  | { type: 'flatten' }
  | { type: 'dense'; units: number; activation: Activation };

export interface NetDef {
  /** Short id used on the command line ('A', 'B'). */
  id: string;
  title: string;
  /** [height, width, channels] of one example. */
  input: [number, number, number];
  classes: number;
  /** Default batch size (the harness may override it). */
  batch: number;
  layers: LayerDef[];
  loss: 'softmax-cross-entropy';
  optimizer: { type: 'sgd-momentum'; learningRate: number; momentum: number };
}

const SGD = { type: 'sgd-momentum', learningRate: 0.01, momentum: 0.9 } as const;

const conv = (filters: number, kernel: number, pad: number): LayerDef => ({
  type: 'conv2d',
  filters,
  kernel,
  stride: 1,
  pad,
  activation: 'relu',
});
const pool2: LayerDef = { type: 'maxpool', size: 2, stride: 2 };

export const NET_A: NetDef = {
  id: 'A',
  title: 'LeNet-ish, MNIST-shaped 28×28×1',
  input: [28, 28, 1],
  classes: 10,
  batch: 64,
  layers: [
    conv(8, 5, 2),
    pool2,
    conv(16, 5, 2),
    pool2,
    { type: 'flatten' },
    { type: 'dense', units: 10, activation: 'linear' },
  ],
  loss: 'softmax-cross-entropy',
  optimizer: { ...SGD },
};

export const NET_B: NetDef = {
  id: 'B',
  title: 'small VGG, CIFAR-shaped 32×32×3',
  input: [32, 32, 3],
  classes: 10,
  batch: 32,
  layers: [
    conv(16, 3, 1),
    conv(16, 3, 1),
    pool2,
    conv(32, 3, 1),
    conv(32, 3, 1),
    pool2,
    { type: 'flatten' },
    { type: 'dense', units: 64, activation: 'relu' },
    { type: 'dense', units: 10, activation: 'linear' },
  ],
  loss: 'softmax-cross-entropy',
  optimizer: { ...SGD },
};

export const NETS: readonly NetDef[] = [NET_A, NET_B];

export function findNet(id: string): NetDef {
  const net = NETS.find((n) => n.id.toLowerCase() === id.toLowerCase());
  if (!net) throw new Error(`Unknown net '${id}'. Known: ${NETS.map((n) => n.id).join(', ')}`);
  return net;
}

/** Activation shape of one example: [h, w, c] for images, [n] after flatten/dense. */
export type Shape = [number, number, number] | [number];

export interface ParamDef {
  /** e.g. 'conv0.w'; index of the layer in NetDef.layers is part of the name. */
  name: string;
  layer: number;
  role: 'weight' | 'bias';
  /** Canonical layout: HWIO for conv weights, [in, out] for dense weights, [out] for biases. */
  shape: number[];
  /** Inputs feeding one output unit, for initialisation. */
  fanIn: number;
}

export interface LayerShape {
  layer: LayerDef;
  index: number;
  in: Shape;
  out: Shape;
  params: ParamDef[];
  /** Multiply-accumulates of the forward pass for ONE example (0 for pool/flatten). */
  macs: number;
}

const size = (s: Shape): number => s.reduce((a, b) => a * b, 1);

export function convOut(w: number, f: number, pad: number, stride: number): number {
  return Math.floor((w - f + 2 * pad) / stride) + 1;
}

/** Shapes, parameters and MACs layer by layer; throws on a net that does not fit together. */
export function inferShapes(net: NetDef): LayerShape[] {
  let cur = [...net.input] as Shape;
  const out: LayerShape[] = [];
  net.layers.forEach((layer, index) => {
    const input = cur;
    let next: Shape;
    let params: ParamDef[] = [];
    let macs = 0;
    switch (layer.type) {
      case 'conv2d': {
        if (input.length !== 3) throw new Error(`layer ${index}: conv2d needs an image input`);
        const [h, w, c] = input;
        const oh = convOut(h, layer.kernel, layer.pad, layer.stride);
        const ow = convOut(w, layer.kernel, layer.pad, layer.stride);
        if (oh < 1 || ow < 1) throw new Error(`layer ${index}: conv2d output is empty`);
        next = [oh, ow, layer.filters];
        const fanIn = layer.kernel * layer.kernel * c;
        params = [
          {
            name: `conv${index}.w`,
            layer: index,
            role: 'weight',
            shape: [layer.kernel, layer.kernel, c, layer.filters],
            fanIn,
          },
          { name: `conv${index}.b`, layer: index, role: 'bias', shape: [layer.filters], fanIn },
        ];
        macs = oh * ow * layer.filters * fanIn;
        break;
      }
      case 'maxpool': {
        if (input.length !== 3) throw new Error(`layer ${index}: maxpool needs an image input`);
        const [h, w, c] = input;
        const oh = convOut(h, layer.size, 0, layer.stride);
        const ow = convOut(w, layer.size, 0, layer.stride);
        if (oh < 1 || ow < 1) throw new Error(`layer ${index}: maxpool output is empty`);
        next = [oh, ow, c];
        break;
      }
      case 'flatten':
        next = [size(input)];
        break;
      case 'dense': {
        if (input.length !== 1) throw new Error(`layer ${index}: dense needs a flat input`);
        const n = input[0];
        next = [layer.units];
        params = [
          {
            name: `dense${index}.w`,
            layer: index,
            role: 'weight',
            shape: [n, layer.units],
            fanIn: n,
          },
          { name: `dense${index}.b`, layer: index, role: 'bias', shape: [layer.units], fanIn: n },
        ];
        macs = n * layer.units;
        break;
      }
    }
    out.push({ layer, index, in: input, out: next, params, macs });
    cur = next;
  });
  if (cur.length !== 1 || cur[0] !== net.classes) {
    throw new Error(`net ${net.id}: last layer gives [${cur.join(', ')}], not [${net.classes}]`);
  }
  return out;
}

export function paramDefs(net: NetDef): ParamDef[] {
  return inferShapes(net).flatMap((l) => l.params);
}

export function paramCount(net: NetDef): number {
  return paramDefs(net).reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
}
