// Export and import as the app does them, without a browser: file names from the network name,
// the preprocessing added to weights that lack it, every format from one snapshot; which chosen
// file is which, messages naming the user's own files, and the dataset a model needs.
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { ImportError, weightsFile } from '../../src/engine/io/bundle';
import { readSafetensors, writeSafetensors } from '../../src/engine/io/safetensors';
import { PREPROCESS_METADATA_KEY, SPEC_METADATA_KEY } from '../../src/engine/io/weights';
import { Model } from '../../src/engine/model/model';
import type { NetworkSpec } from '../../src/engine/spec';
import { createDatasetStore, type DatasetLoaders } from '../../src/store/dataset';
import { MNIST_SHAPE } from '../../src/store/dataset-settings';
import { exportFile, fileBase, readSnapshot } from '../../src/store/keep/export';
import { planImport, readModelFiles } from '../../src/store/keep/import';
import { buildTemplate } from '../../src/store/templates';

const noLoaders: DatasetLoaders = {
  mnist: () => new Promise(() => {}),
  images: () => Promise.reject(new Error('not in this test')),
};

async function weightsOf(spec: NetworkSpec, metadata: Record<string, string> = {}) {
  const model = Model.create(spec, new CpuBackend());
  model.initialize('he', 1);
  return weightsFile(spec, await model.readTensors(), metadata);
}

const lenet = buildTemplate('lenet5', MNIST_SHAPE, 10);
const scale = { mode: 'scale', mean: [0], std: [1] } as const;

describe('export files', () => {
  it('names files after the network, safely for file systems and Python', () => {
    const named = (name?: string) => fileBase({ ...lenet, ...(name === undefined ? { name: undefined } : { name }) }); // prettier-ignore
    expect(named('LeNet-5')).toBe('lenet_5');
    expect(named('Ma Résnet (v2)!')).toBe('ma_resnet_v2');
    expect(named('3 layers')).toBe('net_3_layers');
    expect(named('???')).toBe('network');
    expect(named(undefined)).toBe('network');
  });

  it('writes every format from one snapshot, adding the preprocessing when missing', async () => {
    const snap = readSnapshot(await weightsOf(lenet), scale);
    expect(JSON.parse(snap.metadata[PREPROCESS_METADATA_KEY])).toEqual(scale);
    const kept = readSnapshot(await weightsOf(lenet, { [PREPROCESS_METADATA_KEY]: '{"mode":"center","mean":[0.1],"std":[1]}' }), scale); // prettier-ignore
    expect(JSON.parse(kept.metadata[PREPROCESS_METADATA_KEY]).mode).toBe('center');

    const w = exportFile('weights', snap);
    expect(w.name).toBe('lenet_5.safetensors');
    const file = readSafetensors(w.bytes);
    expect(JSON.parse(file.metadata[SPEC_METADATA_KEY]).name).toBe('LeNet-5');
    expect(file.metadata[PREPROCESS_METADATA_KEY]).toBe(snap.metadata[PREPROCESS_METADATA_KEY]);
    expect(exportFile('spec', snap).name).toBe('lenet_5.network.json');
    expect(exportFile('onnx', snap).bytes.length).toBeGreaterThan(61_706 * 4);
    const py = new TextDecoder().decode(exportFile('pytorch', snap).bytes);
    expect(py).toContain('"lenet_5.safetensors"');
    expect(exportFile('summary', snap).name).toBe('lenet_5.summary.json');
    const zip = exportFile('zip', snap, new Date(2026, 0, 1));
    expect(zip.name).toBe('lenet_5.zip');
    expect(Object.keys(unzipSync(zip.bytes)).sort()).toEqual(['model.onnx', 'model.py', 'model.safetensors', 'network.json', 'summary.json']); // prettier-ignore
    expect(() => readSnapshot(writeSafetensors([]))).toThrow(/do not name their network/);
  });
});

describe('import files', () => {
  it('tells the files apart and names the user’s own files in messages', async () => {
    const good = await weightsOf(lenet);
    const json = new TextEncoder().encode(JSON.stringify(lenet));
    expect(readModelFiles([{ name: 'a.safetensors', bytes: good }]).specFrom).toBe('metadata');
    expect(readModelFiles([{ name: 'a.safetensors', bytes: good }, { name: 'a.json', bytes: json }]).specFrom).toBe('json'); // prettier-ignore
    const zip = exportFile('zip', readSnapshot(good, scale)).bytes;
    expect(readModelFiles([{ name: 'x.ZIP', bytes: zip }]).spec.name).toBe('LeNet-5');

    const fails = (files: { name: string; bytes: Uint8Array }[], re: RegExp) => {
      let err: unknown;
      try {
        readModelFiles(files);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ImportError);
      expect((err as Error).message).toMatch(re);
    };
    fails([], /choose a \.safetensors weights file/);
    fails([{ name: 'a.txt', bytes: json }], /“a\.txt” is not a model file/);
    fails(
      [
        { name: 'x.zip', bytes: zip },
        { name: 'a.json', bytes: json },
      ],
      /either one \.zip or/,
    );
    fails([{ name: 'a.safetensors', bytes: good }, { name: 'b.safetensors', bytes: good }], /one \.safetensors file \(2 were chosen\)/); // prettier-ignore
    fails([{ name: 'a.safetensors', bytes: good }, { name: 'a.json', bytes: json }, { name: 'b.json', bytes: json }], /at most one \.json/); // prettier-ignore
    fails([{ name: 'a.json', bytes: json }], /“a\.json” describes a network but holds no weights/);
    fails([{ name: 'mine.safetensors', bytes: good.subarray(0, 100) }], /^mine\.safetensors: header length/); // prettier-ignore
    fails([{ name: 'mine.safetensors', bytes: good }, { name: 'net.json', bytes: new Uint8Array([0xff]) }], /“net\.json” is not UTF-8 text/); // prettier-ignore
    fails([{ name: 'mine.safetensors', bytes: good }, { name: 'net.json', bytes: new TextEncoder().encode('{') }], /^net\.json is not valid JSON/); // prettier-ignore
    fails(
      [{ name: 'b.zip', bytes: new Uint8Array([1, 2, 3]) }],
      /^b\.zip: not a readable zip archive/,
    );
  });

  it('keeps a dataset that fits, switches to one that does, refuses otherwise', async () => {
    const dataset = createDatasetStore({ storage: null, loaders: noLoaders, debounceMs: 0 });
    const imported = async (spec: NetworkSpec) => readModelFiles([{ name: 'm.safetensors', bytes: await weightsOf(spec, { [PREPROCESS_METADATA_KEY]: '{"mode":"standardize","mean":[0.1],"std":[0.3]}' }) }]); // prettier-ignore

    const onMnist = planImport(await imported(lenet), { dataset });
    expect(onMnist.dataset).toBeNull();
    expect(onMnist.preprocess).toBe('standardize');

    const shapesNet = buildTemplate('lenet5', { channels: 3, height: 24, width: 24 }, 4);
    const toShapes = planImport(await imported(shapesNet), { dataset });
    expect(toShapes.dataset).toEqual({ source: 'shapes', shapes: { ...dataset.getState().shapes, size: 24, channels: 3, classes: 4 } }); // prettier-ignore

    dataset.getState().choose('shapes');
    expect(planImport(await imported(lenet), { dataset }).dataset).toEqual({ source: 'mnist' });

    const odd = buildTemplate('lenet5', { channels: 3, height: 100, width: 100 }, 10);
    expect(() => planImport({ ...onMnist.model, spec: odd }, { dataset })).toThrow(/the model takes 100×100×3 images and scores 10 classes, but the chosen dataset \(shapes\) has 32×32×3 images in 10 classes/); // prettier-ignore
  });
});
