import { describe, expect, it } from 'vitest';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { encodeIdxImages, encodeIdxLabels } from '../../src/engine/data/idx';
import { createDatasetStore, type DatasetLoaders, type LoadedData } from '../../src/store/dataset';
import { createNetworkStore } from '../../src/store/network';
import { followDatasetShape } from '../../src/store/wire';
import type { ImportOptions } from '../../src/platform/image-import';

function tinyDataset(classes: string[], perClass: number, size = 4, channels = 1): ImageDataset {
  const count = classes.length * perClass;
  return {
    name: 'tiny',
    channels,
    height: size,
    width: size,
    classNames: classes,
    count,
    images: new Uint8Array(count * channels * size * size),
    labels: Uint16Array.from({ length: count }, (_, i) => i % classes.length),
  };
}

function mnistLike(): LoadedData {
  const dataset = tinyDataset(['0', '1'], 5, 28);
  const idx = (a: number, b: number) => Uint32Array.from({ length: b - a }, (_, i) => a + i);
  return { dataset, splits: { train: idx(0, 8), validation: idx(8, 9), test: idx(9, 10) } };
}

function fakeLoaders() {
  const calls: ImportOptions[] = [];
  const loaders: DatasetLoaders = {
    mnist: async () => mnistLike(),
    images: async (entries, opts) => {
      calls.push(opts);
      const size = typeof opts.size === 'number' ? opts.size : opts.size.width;
      opts.onProgress?.(entries.length, entries.length);
      return {
        dataset: tinyDataset(['cat', 'dog'], 3, size, opts.channels),
        counts: [3, 3],
        skipped: [{ path: 'pets/readme.txt', reason: 'not an image' }],
        ignored: ['pets/.DS_Store'],
        emptyClasses: [],
      };
    },
  };
  return { loaders, calls };
}

const entries = [{ path: 'pets/cat/1.png', data: new Uint8Array(1) }];

describe('dataset store', () => {
  it('loads MNIST and summarises it', async () => {
    const store = createDatasetStore({ storage: null, loaders: fakeLoaders().loaders });
    await store.getState().load();
    const s = store.getState();
    expect(s.status).toBe('ready');
    expect(s.loaded).toMatchObject({
      origin: 'mnist',
      counts: [5, 5],
      split: { train: 8, validation: 1, test: 1 },
    });
    expect(s.getData()!.dataset.count).toBe(10);
  });

  it('generates shapes with the chosen settings and split', async () => {
    const store = createDatasetStore({
      storage: null,
      loaders: fakeLoaders().loaders,
      debounceMs: 0,
    });
    store.getState().setShapes({ classes: 3, count: 300, size: 16, channels: 1 });
    store.getState().choose('shapes');
    await new Promise((r) => setTimeout(r, 20));
    const s = store.getState();
    expect(s.status).toBe('ready');
    expect(s.loaded).toMatchObject({
      origin: 'shapes',
      channels: 1,
      height: 16,
      counts: [100, 100, 100],
    });
    expect(s.loaded!.split).toEqual({ train: 270, validation: 30, test: 0 });
    expect(s.getData()!.dataset.classNames).toEqual(['circle', 'square', 'triangle']);
  });

  it('imports a folder, keeps the summary (with skipped files) and re-imports at a new size', async () => {
    const { loaders, calls } = fakeLoaders();
    const store = createDatasetStore({ storage: null, loaders, debounceMs: 0 });
    await store.getState().importImages(entries);
    let s = store.getState();
    expect(s.source).toBe('custom');
    expect(s.custom).toMatchObject({
      origin: 'folder',
      classNames: ['cat', 'dog'],
      counts: [3, 3],
      ignoredCount: 1,
    });
    expect(s.custom!.skipped).toEqual([{ path: 'pets/readme.txt', reason: 'not an image' }]);
    store.getState().setImportSettings({ size: 16, channels: 1 });
    await new Promise((r) => setTimeout(r, 20));
    s = store.getState();
    expect(calls.map((c) => [c.size, c.channels])).toEqual([
      [32, 3],
      [16, 1],
    ]);
    expect(s.custom).toMatchObject({ height: 16, channels: 1 });
  });

  it('refuses a single-class import with an explanation', async () => {
    const loaders: DatasetLoaders = {
      ...fakeLoaders().loaders,
      images: async () => ({
        dataset: tinyDataset(['cat'], 2),
        counts: [2],
        skipped: [],
        ignored: [],
        emptyClasses: [],
      }),
    };
    const store = createDatasetStore({ storage: null, loaders });
    await store.getState().importImages(entries);
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toMatch(/at least two sub-folders/);
  });

  it('reads an IDX pair picked as files', async () => {
    const store = createDatasetStore({ storage: null, loaders: fakeLoaders().loaders });
    const pixels = new Uint8Array(6 * 5 * 5).fill(7);
    await store.getState().importFiles([
      { name: 'x-labels-idx1-ubyte', bytes: encodeIdxLabels([0, 1, 2, 0, 1, 2]) },
      { name: 'x-images-idx3-ubyte', bytes: encodeIdxImages(pixels, 6, 5, 5) },
    ]);
    expect(store.getState().custom).toMatchObject({
      origin: 'idx',
      height: 5,
      width: 5,
      counts: [2, 2, 2],
    });
  });

  it('only lets the newest load land', async () => {
    let release: (d: LoadedData) => void = () => undefined;
    const loaders: DatasetLoaders = {
      ...fakeLoaders().loaders,
      mnist: () => new Promise<LoadedData>((r) => (release = r)),
    };
    const store = createDatasetStore({ storage: null, loaders, debounceMs: 0 });
    const slow = store.getState().load();
    await store.getState().importImages(entries);
    release(mnistLike());
    await slow;
    expect(store.getState().source).toBe('custom');
    expect(store.getState().loaded!.origin).toBe('folder');
  });

  it('hands the worker what it needs to train: descriptions, or a copy of imported pixels', async () => {
    const store = createDatasetStore({
      storage: null,
      loaders: fakeLoaders().loaders,
      debounceMs: 0,
    });
    expect(store.getState().trainingChoice()).toEqual({ kind: 'mnist' });
    store.getState().setShapes({ classes: 4, count: 400, size: 16, seed: 9 });
    store.getState().choose('shapes');
    expect(store.getState().trainingChoice()).toEqual({
      kind: 'shapes', count: 400, size: 16, channels: 3, classes: 4, seed: 9,
    }); // prettier-ignore
    const shapesKey = store.getState().dataKey();
    store.getState().setShapes({ seed: 10 });
    expect(store.getState().dataKey()).not.toBe(shapesKey);

    store.getState().choose('custom');
    expect(store.getState().trainingChoice()).toBeNull();
    await store.getState().importImages(entries);
    const choice = store.getState().trainingChoice();
    const data = store.getState().getData()!;
    expect(choice).toMatchObject({ kind: 'custom' });
    if (choice?.kind !== 'custom') throw new Error('unreachable');
    // A copy: the worker may take its buffers without breaking the previews.
    expect(choice.dataset.images).toEqual(data.dataset.images);
    expect(choice.dataset.images.buffer).not.toBe(data.dataset.images.buffer);
    expect(choice.splits!.train).toEqual(data.splits.train);
    const key = store.getState().dataKey();
    await store.getState().importImages(entries);
    expect(store.getState().dataKey()).not.toBe(key);
  });

  it('drives the network input shape through followDatasetShape', async () => {
    const dataset = createDatasetStore({
      storage: null,
      loaders: fakeLoaders().loaders,
      debounceMs: 0,
    });
    const network = createNetworkStore({ storage: null });
    const stop = followDatasetShape(dataset, network);
    expect(network.getState().spec.input).toEqual({ channels: 1, height: 28, width: 28 });
    dataset.getState().choose('shapes');
    expect(network.getState().spec.input).toEqual({ channels: 3, height: 32, width: 32 });
    dataset.getState().setShapes({ size: 24 });
    expect(network.getState().spec.input).toEqual({ channels: 3, height: 24, width: 24 });
    // Choosing "your own data" before importing anything keeps the current shape.
    dataset.getState().choose('custom');
    expect(network.getState().spec.input).toEqual({ channels: 3, height: 24, width: 24 });
    await dataset.getState().importImages(entries);
    expect(network.getState().spec.input).toEqual({ channels: 3, height: 32, width: 32 });
    stop();
  });
});
