// ONNX export of the inference graph: one or two standard operators per layer, the weights as
// initializers under their safetensors names, input "input" [N, C, H, W] and output "logits"
// (optionally "probabilities" through a Softmax). Opset 13 (IR version 7): old enough that every
// maintained runtime reads it (onnxruntime, onnxruntime-web, TensorRT, OpenVINO, onnx2tf), new
// enough for Gemm without a bias and Softmax over a single axis.
//
// Layer → operators:
//   conv2d        Conv (pads [top, left, bottom, right]: "same" may be uneven, extra at the end)
//   maxpool       MaxPool          avgpool  AveragePool, count_include_pad = 1 (as the engine)
//   globalavgpool GlobalAveragePool + Flatten (the engine's output is a flat [C] vector)
//   flatten       Flatten(axis 1), or Identity when the input is already flat
//   dense         Gemm(transB = 1): weights are [out, in] as torch.nn.Linear stores them
//   relu, leakyrelu(alpha), elu(alpha), tanh, sigmoid: the ONNX operator of that name
//   dropout       Identity (inference graph)
//   batchnorm     BatchNormalization (running statistics; [N, C] inputs work as well)
//   add           Add, chained left to right for more than two inputs (the engine's order)
//   concat        Concat(axis 1)
import type { NetworkAnalysis } from '../analyze';
import { num, samePadding } from '../shapes';
import { INPUT_ID, type NetworkSpec } from '../spec';
import { analyzeForExport, ExportError, layerTensors } from './export-checks';
import { encodeOnnxModel, type OnnxNode, type OnnxTensor } from './onnx-proto';
import type { HostTensor } from './safetensors';
import { SPEC_METADATA_KEY } from './weights';

export const ONNX_OPSET = 13;
/** The IR version that introduced opset 13 (ONNX 1.8). */
export const ONNX_IR_VERSION = 7;
export const ONNX_INPUT = 'input';
export const ONNX_LOGITS = 'logits';
export const ONNX_PROBABILITIES = 'probabilities';

export interface OnnxExportOptions {
  /** Also output "probabilities" = Softmax(logits) over the class axis. */
  readonly probabilities?: boolean;
  /** Written as the model's producer_version. */
  readonly producerVersion?: string;
}

type LayerInfo = NetworkAnalysis['layers'][number];

/** Window attributes shared by Conv and the pooling operators. */
function windowAttrs(kernel: number, stride: number, pads: readonly number[]) {
  return [
    { name: 'kernel_shape', ints: [kernel, kernel] },
    { name: 'strides', ints: [stride, stride] },
    { name: 'pads', ints: pads },
  ];
}

/** ONNX pads for a conv layer: [top, left, bottom, right]. */
function convPads(layer: LayerInfo): number[] {
  const { config: cfg } = layer;
  if (cfg.padding !== 'same') {
    const p = cfg.padding as number;
    return [p, p, p, p];
  }
  const [, h, w] = layer.inShapes[0];
  const k = num(cfg, 'kernel');
  const s = num(cfg, 'stride');
  const d = num(cfg, 'dilation');
  const ph = samePadding(h, k, s, d);
  const pw = samePadding(w, k, s, d);
  return [ph.before, pw.before, ph.after, pw.after];
}

/** The nodes computing one layer from `x` (its input value names) into `y`. */
function layerNodes(layer: LayerInfo, x: readonly string[], y: string): OnnxNode[] {
  const { id, config: cfg } = layer;
  const p = (name: string) => `${id}.${name}`;
  const one = (opType: string, attributes: OnnxNode['attributes'] = [], inputs = x): OnnxNode[] => [
    { opType, name: id, inputs, outputs: [y], attributes },
  ];
  switch (layer.type) {
    case 'conv2d':
      return one(
        'Conv',
        [
          ...windowAttrs(num(cfg, 'kernel'), num(cfg, 'stride'), convPads(layer)),
          { name: 'dilations', ints: [num(cfg, 'dilation'), num(cfg, 'dilation')] },
          { name: 'group', int: 1 },
        ],
        cfg.bias === true ? [x[0], p('weight'), p('bias')] : [x[0], p('weight')],
      );
    case 'maxpool':
    case 'avgpool': {
      const pad = num(cfg, 'padding');
      const attrs = windowAttrs(num(cfg, 'size'), num(cfg, 'stride'), [pad, pad, pad, pad]);
      return layer.type === 'maxpool'
        ? one('MaxPool', attrs)
        : one('AveragePool', [...attrs, { name: 'count_include_pad', int: 1 }]);
    }
    case 'globalavgpool': {
      const pooled = `${id}/pooled`;
      return [
        { opType: 'GlobalAveragePool', name: `${id}/pool`, inputs: x, outputs: [pooled] },
        {
          opType: 'Flatten',
          name: `${id}/flatten`,
          inputs: [pooled],
          outputs: [y],
          attributes: [{ name: 'axis', int: 1 }],
        },
      ];
    }
    case 'flatten':
      return layer.inShapes[0].length === 1
        ? one('Identity')
        : one('Flatten', [{ name: 'axis', int: 1 }]);
    case 'dense':
      return one(
        'Gemm',
        [{ name: 'transB', int: 1 }],
        cfg.bias === true ? [x[0], p('weight'), p('bias')] : [x[0], p('weight')],
      );
    case 'relu':
      return one('Relu');
    case 'leakyrelu':
      return one('LeakyRelu', [{ name: 'alpha', float: num(cfg, 'alpha') }]);
    case 'elu':
      return one('Elu', [{ name: 'alpha', float: num(cfg, 'alpha') }]);
    case 'tanh':
      return one('Tanh');
    case 'sigmoid':
      return one('Sigmoid');
    case 'dropout':
      return one('Identity');
    case 'batchnorm':
      return one(
        'BatchNormalization',
        [
          { name: 'epsilon', float: num(cfg, 'eps') },
          // ONNX weights the old running value by `momentum`; PyTorch (and our spec) weights the
          // new batch by it. Only training uses it, but keep the meaning right for re-training.
          { name: 'momentum', float: 1 - num(cfg, 'momentum') },
        ],
        [x[0], p('weight'), p('bias'), p('running_mean'), p('running_var')],
      );
    case 'add': {
      if (x.length === 2) return one('Add');
      const nodes: OnnxNode[] = [];
      let acc = x[0];
      for (let i = 1; i < x.length; i++) {
        const out = i === x.length - 1 ? y : `${id}/sum${i}`;
        nodes.push({ opType: 'Add', name: `${id}/add${i}`, inputs: [acc, x[i]], outputs: [out] });
        acc = out;
      }
      return nodes;
    }
    case 'concat':
      return one('Concat', [{ name: 'axis', int: 1 }]);
    default:
      throw new ExportError(`layer "${id}": no ONNX mapping for layer type "${layer.type}"`);
  }
}

/**
 * Encodes the inference graph of `spec` with weights from `tensors` (names `<layerId>.weight`
 * etc., as Model.readTensors returns them) as an ONNX ModelProto.
 */
export function exportOnnx(
  spec: NetworkSpec,
  tensors: ReadonlyMap<string, HostTensor>,
  opts: OnnxExportOptions = {},
): Uint8Array {
  const analysis = analyzeForExport(spec);
  const last = analysis.layers[analysis.layers.length - 1];

  // Value names: each layer's output is named by its id (ids are unique and never "input"),
  // except the last, which is "logits". An earlier layer whose id is a reserved output name gets
  // a suffix. Initializers contain a "." and node-internal values a "/", which ids never do.
  const taken = new Set<string>([ONNX_INPUT, ONNX_LOGITS, ONNX_PROBABILITIES]);
  for (const l of analysis.layers) taken.add(l.id);
  const valueName = new Map<string, string>([[INPUT_ID, ONNX_INPUT]]);
  for (const l of analysis.layers) {
    let name = l.id;
    if (l === last) name = ONNX_LOGITS;
    else if (name === ONNX_LOGITS || name === ONNX_PROBABILITIES) {
      let i = 1;
      while (taken.has(`${l.id}_${i}`)) i++;
      name = `${l.id}_${i}`;
      taken.add(name);
    }
    valueName.set(l.id, name);
  }

  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  for (const l of analysis.layers) {
    for (const [param, t] of Object.entries(layerTensors(l, tensors))) {
      initializers.push({ name: `${l.id}.${param}`, dims: t.shape, data: t.data });
    }
    const x = l.inputs.map((s) => valueName.get(s)!);
    nodes.push(...layerNodes(l, x, valueName.get(l.id)!));
  }

  const batched = (shape: readonly number[]) => ['N', ...shape];
  const outputs = [{ name: ONNX_LOGITS, dims: batched(last.outShape!) }];
  if (opts.probabilities) {
    nodes.push({
      opType: 'Softmax',
      name: 'logits/softmax',
      inputs: [ONNX_LOGITS],
      outputs: [ONNX_PROBABILITIES],
      attributes: [{ name: 'axis', int: 1 }],
    });
    outputs.push({ name: ONNX_PROBABILITIES, dims: batched(last.outShape!) });
  }

  return encodeOnnxModel({
    irVersion: ONNX_IR_VERSION,
    opsetVersion: ONNX_OPSET,
    producerName: 'convplay',
    producerVersion: opts.producerVersion ?? '0.1.0',
    docString: spec.name ?? '',
    metadata: { [SPEC_METADATA_KEY]: JSON.stringify(spec) },
    graph: {
      name: spec.name || 'convplay',
      nodes,
      initializers,
      inputs: [{ name: ONNX_INPUT, dims: batched(analysis.inputShape) }],
      outputs,
    },
  });
}
