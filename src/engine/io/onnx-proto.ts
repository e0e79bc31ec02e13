// The few ONNX protobuf messages the exporter writes, as functions from plain objects to bytes.
// Field numbers follow onnx.proto (ONNX IR); each is noted where it is written, because a wrong
// number is not an error anywhere — the field just silently vanishes on the reader's side.
import { ProtoWriter } from './protobuf';

/** TensorProto.DataType values used here. */
export const ONNX_FLOAT = 1;

/** AttributeProto.AttributeType values used here. */
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

export type OnnxAttribute =
  | { readonly name: string; readonly float: number }
  | { readonly name: string; readonly int: number }
  | { readonly name: string; readonly ints: readonly number[] };

export interface OnnxNode {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly OnnxAttribute[];
}

export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** A graph input or output: a float tensor whose dimensions are sizes or symbolic names. */
export interface OnnxValueInfo {
  readonly name: string;
  readonly dims: readonly (number | string)[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly docString?: string;
}

export interface OnnxModel {
  readonly irVersion: number;
  readonly opsetVersion: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString?: string;
  /** Free-form key/value pairs (ModelProto.metadata_props). */
  readonly metadata?: Readonly<Record<string, string>>;
  readonly graph: OnnxGraph;
}

function attribute(a: OnnxAttribute): ProtoWriter {
  // AttributeProto: name = 1, f = 2, i = 3, ints = 8, type = 20.
  const w = new ProtoWriter().string(1, a.name);
  if ('float' in a) w.float(2, a.float).int(20, ATTR_FLOAT);
  else if ('int' in a) w.int(3, a.int).int(20, ATTR_INT);
  else w.ints(8, a.ints).int(20, ATTR_INTS);
  return w;
}

function node(n: OnnxNode): ProtoWriter {
  // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5.
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.opType);
  for (const a of n.attributes ?? []) w.message(5, attribute(a));
  return w;
}

/** Float32 values as little-endian bytes, whatever the host's byte order. */
function littleEndianFloats(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return out;
}

function tensor(t: OnnxTensor): ProtoWriter {
  // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian, row-major).
  return new ProtoWriter()
    .ints(1, t.dims)
    .int(2, ONNX_FLOAT)
    .string(8, t.name)
    .bytes(9, littleEndianFloats(t.data));
}

function valueInfo(v: OnnxValueInfo): ProtoWriter {
  // TensorShapeProto.Dimension: dim_value = 1, dim_param = 2 (a symbolic size such as "N").
  const shape = new ProtoWriter();
  for (const d of v.dims) {
    const dim =
      typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d);
    shape.message(1, dim); // TensorShapeProto: dim = 1
  }
  // TypeProto.Tensor: elem_type = 1, shape = 2; TypeProto: tensor_type = 1.
  const tensorType = new ProtoWriter().int(1, ONNX_FLOAT).message(2, shape);
  const type = new ProtoWriter().message(1, tensorType);
  // ValueInfoProto: name = 1, type = 2.
  return new ProtoWriter().string(1, v.name).message(2, type);
}

function graph(g: OnnxGraph): ProtoWriter {
  // GraphProto: node = 1, name = 2, initializer = 5, doc_string = 10, input = 11, output = 12.
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, node(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, tensor(t));
  if (g.docString) w.string(10, g.docString);
  for (const i of g.inputs) w.message(11, valueInfo(i));
  for (const o of g.outputs) w.message(12, valueInfo(o));
  return w;
}

/** Encodes a whole ModelProto. */
export function encodeOnnxModel(m: OnnxModel): Uint8Array {
  // ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6,
  // graph = 7, opset_import = 8, metadata_props = 14.
  const w = new ProtoWriter()
    .int(1, m.irVersion)
    .string(2, m.producerName)
    .string(3, m.producerVersion);
  if (m.docString) w.string(6, m.docString);
  w.message(7, graph(m.graph));
  // OperatorSetIdProto: domain = 1 (empty string = the default "ai.onnx" domain), version = 2.
  w.message(8, new ProtoWriter().string(1, '').int(2, m.opsetVersion));
  for (const [k, v] of Object.entries(m.metadata ?? {})) {
    // StringStringEntryProto: key = 1, value = 2.
    w.message(14, new ProtoWriter().string(1, k).string(2, v));
  }
  return w.finish();
}
