// ONNX export checked by a real ONNX runtime: onnxruntime-node loads the exported bytes (so the
// protobuf encoding, the opset and every operator's attributes must be right) and its outputs
// must match the engine's own CPU forward on image-like inputs.
//
// Tolerance: max |onnx − engine| ≤ 1e-5 · max(1, max |engine|). Both sides compute in float32
// with different summation orders; measured: 1.2e-7 to 3.6e-7 at output scales 0.9 to 2.9.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { ExportError } from '../../src/engine/io/export-checks';
import { exportOnnx, ONNX_IR_VERSION, ONNX_OPSET } from '../../src/engine/io/onnx';
import type { NetworkSpec } from '../../src/engine/spec';
import {
  convPoolDenseBn,
  cpuForward,
  imageBatch,
  readTensorsSync,
  residualDag,
  trainedLooking,
  unevenSamePadding,
} from '../helpers/io-nets';
import { lenet } from '../helpers/specs';

const RELATIVE_TOLERANCE = 1e-5;

async function compare(spec: NetworkSpec, batch: number) {
  const model = trainedLooking(spec);
  const tensors = readTensorsSync(model);
  const bytes = exportOnnx(spec, tensors, { probabilities: true });
  const session = await ort.InferenceSession.create(bytes);
  expect(session.inputNames).toEqual(['input']);
  expect(session.outputNames).toEqual(['logits', 'probabilities']);

  const x = imageBatch(spec, batch);
  const { channels: c, height: h, width: w } = spec.input;
  const result = await session.run({ input: new ort.Tensor('float32', x, [batch, c, h, w]) });
  const expected = cpuForward(model, x, batch);
  const logits = result.logits;
  const classes = model.analysis.outShape![0];
  expect(logits.dims).toEqual([batch, classes]);
  const got = logits.data as Float32Array;

  let maxDiff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  // The outputs must carry signal, or the comparison proves nothing.
  expect(scale).toBeGreaterThan(0.1);
  expect(maxDiff).toBeLessThanOrEqual(RELATIVE_TOLERANCE * Math.max(1, scale));

  // Softmax rows sum to one and follow the logits.
  const probs = result.probabilities.data as Float32Array;
  for (let n = 0; n < batch; n++) {
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += probs[n * classes + k];
    expect(sum).toBeCloseTo(1, 5);
  }
  await session.release();
  return { maxDiff, scale, bytes };
}

describe('ONNX export (checked with onnxruntime-node)', () => {
  it('(a) conv / padded pooling / dense / batch norm on maps and flat features', async () => {
    const r = await compare(convPoolDenseBn(), 4);
    console.info(
      `onnx (a): max abs diff ${r.maxDiff.toExponential(2)}, scale ${r.scale.toFixed(2)}`,
    );
  });

  it('(b) DAG: residual adds, concat, global average pooling, every activation', async () => {
    const r = await compare(residualDag(), 3);
    console.info(
      `onnx (b): max abs diff ${r.maxDiff.toExponential(2)}, scale ${r.scale.toFixed(2)}`,
    );
  });

  it('(c) uneven "same" padding, even kernel, dilation, stride 2', async () => {
    const r = await compare(unevenSamePadding(), 3);
    console.info(
      `onnx (c): max abs diff ${r.maxDiff.toExponential(2)}, scale ${r.scale.toFixed(2)}`,
    );
  });

  it('declares opset, IR version, symbolic batch and a batch size the graph accepts', async () => {
    const spec = lenet();
    const model = trainedLooking(spec);
    const bytes = exportOnnx(spec, readTensorsSync(model));
    // ModelProto starts with ir_version (field 1, varint).
    expect(bytes[0]).toBe(0x08);
    expect(bytes[1]).toBe(ONNX_IR_VERSION);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.outputNames).toEqual(['logits']);
    for (const batch of [1, 5]) {
      const x = imageBatch(spec, batch);
      const out = await session.run({ input: new ort.Tensor('float32', x, [batch, 1, 28, 28]) });
      expect(out.logits.dims).toEqual([batch, 10]);
      const ref = cpuForward(model, x, batch);
      const got = out.logits.data as Float32Array;
      for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-4);
    }
    await session.release();
    expect(ONNX_OPSET).toBeGreaterThanOrEqual(13);
  });

  it('refuses missing or misshapen tensors and invalid networks, naming the problem', () => {
    const spec = lenet();
    const tensors = readTensorsSync(trainedLooking(spec));
    const missing = new Map(tensors);
    missing.delete('fc.bias');
    expect(() => exportOnnx(spec, missing)).toThrow(ExportError);
    expect(() => exportOnnx(spec, missing)).toThrow('missing tensor "fc.bias"');
    const wrong = new Map(tensors);
    wrong.set('conv1.weight', { shape: [8, 1, 3, 3], data: new Float32Array(72) });
    expect(() => exportOnnx(spec, wrong)).toThrow(
      'tensor "conv1.weight" has shape [8, 1, 3, 3], the network needs [8, 1, 5, 5]',
    );
    const broken = { ...spec, layers: spec.layers.filter((l) => l.id !== 'flat') };
    expect(() => exportOnnx(broken, tensors)).toThrow('cannot export an invalid network');
  });
});
