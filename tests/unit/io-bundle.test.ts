// Export bundles and the way back in: the files a download offers, a zip of them, and an import
// that names the file, the tensor and the mismatch for every way an upload can be wrong.
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_FILES,
  bundleFiles,
  importBundleZip,
  ImportError,
  importModelFiles,
  weightsFile,
  zipFiles,
} from '../../src/engine/io/bundle';
import { exportOnnx } from '../../src/engine/io/onnx';
import { exportPytorch } from '../../src/engine/io/pytorch';
import type { HostTensor } from '../../src/engine/io/safetensors';
import { writeSafetensors } from '../../src/engine/io/safetensors';
import { summarizeNetwork } from '../../src/engine/io/summary';
import { exportWeights } from '../../src/engine/io/weights';
import { Model } from '../../src/engine/model/model';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import {
  convPoolDenseBn,
  cpuForward,
  imageBatch,
  readTensorsSync,
  trainedLooking,
} from '../helpers/io-nets';
import { lenet } from '../helpers/specs';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function setup() {
  const spec = { ...convPoolDenseBn(), name: 'bundle test' };
  const model = trainedLooking(spec);
  return { spec, model, tensors: readTensorsSync(model) };
}

/** Replaces the 8-byte header length and JSON header of a weights file (data kept). */
function withHeader(header: unknown, data: Uint8Array): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

function headerOf(file: Uint8Array): { json: Record<string, unknown>; data: Uint8Array } {
  const len = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  return {
    json: JSON.parse(text(file.subarray(8, 8 + len))),
    data: file.subarray(8 + len),
  };
}

function importError(run: () => unknown): ImportError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('expected an ImportError');
}

describe('export bundle', () => {
  it('offers weights, spec, ONNX, PyTorch and summary files, each what its exporter writes', () => {
    const { spec, tensors } = setup();
    const files = bundleFiles(spec, tensors);
    expect(files.map((f) => f.name)).toEqual([
      'model.safetensors',
      'network.json',
      'model.onnx',
      'model.py',
      'summary.json',
    ]);
    const byName = new Map(files.map((f) => [f.name, f]));
    expect(JSON.parse(text(byName.get(BUNDLE_FILES.spec)!.bytes))).toEqual(spec);
    expect(byName.get(BUNDLE_FILES.onnx)!.bytes).toEqual(exportOnnx(spec, tensors));
    expect(text(byName.get(BUNDLE_FILES.pytorch)!.bytes)).toBe(exportPytorch(spec));
    expect(JSON.parse(text(byName.get(BUNDLE_FILES.summary)!.bytes))).toEqual(
      summarizeNetwork(spec),
    );
    expect(byName.get(BUNDLE_FILES.pytorch)!.mimeType).toBe('text/x-python');
  });

  it('the weights file matches what exportWeights writes from the live model', async () => {
    const { spec, model, tensors } = setup();
    expect(weightsFile(spec, tensors)).toEqual(await exportWeights(model));
  });

  it('zips every file; the zip imports back to the same spec and predictions', () => {
    const { spec, model, tensors } = setup();
    const files = bundleFiles(spec, tensors, { onnx: { probabilities: true } });
    const zip = zipFiles(files, new Date('2026-01-01T00:00:00Z'));
    const unzipped = unzipSync(zip);
    expect(Object.keys(unzipped).sort()).toEqual(files.map((f) => f.name).sort());
    for (const f of files) expect(unzipped[f.name]).toEqual(f.bytes);
    // Same inputs, same timestamps: the same archive.
    expect(zipFiles(files, new Date('2026-01-01T00:00:00Z'))).toEqual(zip);

    const back = importBundleZip(zip);
    expect(back.spec).toEqual(spec);
    expect(back.specFrom).toBe('json');
    const reloaded = Model.create(back.spec, new CpuBackend());
    reloaded.writeTensors(back.tensors);
    const x = imageBatch(spec, 2);
    expect(cpuForward(reloaded, x, 2)).toEqual(cpuForward(model, x, 2));
  });
});

describe('model import', () => {
  it('reads the spec from the weights file, or from a network.json given with it', () => {
    const { spec, tensors } = setup();
    const weights = weightsFile(spec, tensors);
    const fromMeta = importModelFiles({ weights });
    expect(fromMeta.spec).toEqual(spec);
    expect(fromMeta.specFrom).toBe('metadata');
    expect([...fromMeta.tensors.keys()]).toEqual([...tensors.keys()]);
    const renamed = { ...spec, name: 'renamed' };
    const fromJson = importModelFiles({ weights, specJson: JSON.stringify(renamed) });
    expect(fromJson.spec.name).toBe('renamed');
    expect(fromJson.specFrom).toBe('json');
  });

  it('each malformed input has its own message', () => {
    const spec = lenet();
    const tensors = readTensorsSync(trainedLooking(spec));
    const good = weightsFile(spec, tensors);
    const specJson = JSON.stringify(spec);
    const messages = new Set<string>();
    const expectError = (weights: Uint8Array, json: string | undefined, part: string) => {
      const e = importError(() => importModelFiles({ weights, specJson: json }));
      expect(e.message).toContain(part);
      messages.add(e.message);
      return e;
    };

    // Truncated file: the last tensor's data is cut off.
    expectError(good.subarray(0, good.length - 100), undefined, 'truncated file');
    expectError(good.subarray(0, 5), undefined, 'too short for a safetensors header length');
    // Header length pointing past the end of the file.
    const badLength = good.slice();
    new DataView(badLength.buffer).setBigUint64(0, BigInt(good.length), true);
    expectError(badLength, undefined, 'header length');
    // Wrong dtype.
    const { json, data } = headerOf(good);
    const ints = { ...json, 'fc.bias': { ...(json['fc.bias'] as object), dtype: 'I32' } };
    expectError(withHeader(ints, data), undefined, 'tensor "fc.bias" has dtype I32');
    // Missing tensor.
    const without = new Map(tensors);
    without.delete('fc.bias');
    const missing = writeSafetensors(without, { 'convplay.spec': specJson });
    const eMissing = expectError(
      missing,
      undefined,
      'missing tensor "fc.bias" (expected shape [10])',
    );
    expect(eMissing.problems).toEqual(['missing tensor "fc.bias" (expected shape [10])']);
    // Wrong shape (and an extra tensor): both named, each a separate problem.
    const reshaped = new Map<string, HostTensor>(tensors);
    reshaped.set('conv2.weight', { shape: [16, 8, 25], data: tensors.get('conv2.weight')!.data });
    reshaped.set('conv3.weight', { shape: [1], data: new Float32Array(1) });
    const eShape = expectError(
      writeSafetensors(reshaped, { 'convplay.spec': specJson }),
      undefined,
      'tensor "conv2.weight" has shape [16, 8, 25], the network needs [16, 8, 5, 5]',
    );
    expect(eShape.problems).toHaveLength(2);
    expect(eShape.problems[1]).toContain('unexpected tensor "conv3.weight"');
    // Spec JSON: not JSON, not a network, not a valid network.
    expectError(good, '{"format": "convplay.network",', 'network.json is not valid JSON');
    expectError(good, '{"format": "keras"}', 'network.json: not a convplay network');
    const invalid = { ...spec, layers: spec.layers.filter((l) => l.id !== 'flat') };
    expectError(
      good,
      JSON.stringify(invalid),
      'the network is invalid: fc: Dense needs a flat input',
    );
    // A weights file that does not say which network it is (e.g. saved from PyTorch).
    expectError(writeSafetensors(tensors), undefined, 'choose its network.json as well');
    // A spec in the metadata that is not valid.
    expectError(
      writeSafetensors(tensors, { 'convplay.spec': '{oops' }),
      undefined,
      'the network stored in model.safetensors is not valid JSON',
    );
    expect(messages.size).toBe(11); // every message different
  });

  it('zip archives without weights, or not zips at all, are named as such', () => {
    expect(() => importBundleZip(new Uint8Array([1, 2, 3]))).toThrow('not a readable zip archive');
    const { spec, tensors } = setup();
    const onlySpec = zipFiles(
      bundleFiles(spec, tensors).filter((f) => f.name !== 'model.safetensors'),
    );
    expect(() => importBundleZip(onlySpec)).toThrow('the zip archive holds no model.safetensors');
  });
});
