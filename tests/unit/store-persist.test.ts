import { describe, expect, it } from 'vitest';
import {
  DATASET_STORAGE_KEY,
  createDatasetStore,
  type DatasetLoaders,
} from '../../src/store/dataset';
import { NETWORK_STORAGE_KEY, createNetworkStore, defaultNetwork } from '../../src/store/network';
import { memoryStorage } from '../../src/store/persist';
import { UI_STORAGE_KEY, createUiStore } from '../../src/store/ui';

const noLoaders: DatasetLoaders = {
  mnist: () => Promise.reject(new Error('not in this test')),
  images: () => Promise.reject(new Error('not in this test')),
};

describe('persistence', () => {
  it('saves the network after each edit and reads it back', () => {
    const storage = memoryStorage();
    const a = createNetworkStore({ storage });
    a.getState().loadTemplate('resnet-small', 10);
    a.getState().updateSetting('conv1', 'filters', 24);
    const b = createNetworkStore({ storage });
    expect(b.getState().spec).toEqual(a.getState().spec);
    expect(b.getState().storageError).toBeNull();
    expect(b.getState().spec.layers.find((l) => l.id === 'add1')!.inputs).toEqual([
      'conv3',
      'relu1',
    ]);
  });

  it.each([
    ['not JSON', '{"spec": '],
    ['JSON without a spec', '[1, 2, 3]'],
    ['a spec of the wrong version', JSON.stringify({ spec: { ...defaultNetwork(), version: 99 } })],
    [
      'a spec with duplicate ids',
      JSON.stringify({
        spec: {
          ...defaultNetwork(),
          layers: [
            { id: 'a', type: 'relu', config: {} },
            { id: 'a', type: 'relu', config: {} },
          ],
        },
      }),
    ],
  ])(
    'falls back to the default network on %s, with a message, keeping the data aside',
    (_, raw) => {
      const storage = memoryStorage({ [NETWORK_STORAGE_KEY]: raw });
      const store = createNetworkStore({ storage });
      expect(store.getState().spec).toEqual(defaultNetwork());
      expect(store.getState().storageError).toMatch(/saved network could not be read/);
      expect(storage.getItem(`${NETWORK_STORAGE_KEY}.unreadable`)).toBe(raw);
      expect(storage.getItem(NETWORK_STORAGE_KEY)).toBeNull();
      store.getState().dismissStorageError();
      expect(store.getState().storageError).toBeNull();
    },
  );

  it('reports a storage that refuses writes instead of throwing', () => {
    const storage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const store = createNetworkStore({ storage });
    expect(() => store.getState().addLayer('relu')).not.toThrow();
    expect(store.getState().storageError).toMatch(/QuotaExceededError/);
  });

  it('saves and restores the dataset choice, not the pixels', () => {
    const storage = memoryStorage();
    const a = createDatasetStore({ storage, loaders: noLoaders, debounceMs: 0 });
    a.getState().setShapes({ classes: 4 });
    a.getState().setPreviewSeed(7);
    a.getState().setImportSettings({ size: 48, channels: 1 });
    const saved = JSON.parse(storage.getItem(DATASET_STORAGE_KEY)!);
    expect(saved).not.toHaveProperty('loaded');
    const b = createDatasetStore({ storage, loaders: noLoaders });
    expect(b.getState()).toMatchObject({
      shapes: { classes: 4, count: 2000 },
      previewSeed: 7,
      imports: { size: 48, channels: 1, fit: 'crop' },
    });
  });

  it('reads dataset choices saved by earlier builds (with augmentation, now a training setting)', () => {
    const old = { source: 'shapes', preprocess: 'center', augment: { cutout: 2 } };
    const storage = memoryStorage({ [DATASET_STORAGE_KEY]: JSON.stringify(old) });
    const store = createDatasetStore({ storage, loaders: noLoaders });
    expect(store.getState().source).toBe('shapes');
    expect(store.getState().storageError).toBeNull();
  });

  it('falls back to the default dataset choice when the stored one is invalid', () => {
    const storage = memoryStorage({
      [DATASET_STORAGE_KEY]: JSON.stringify({ source: 'imagenet' }),
    });
    const store = createDatasetStore({ storage, loaders: noLoaders });
    expect(store.getState().source).toBe('mnist');
    expect(store.getState().storageError).toMatch(/source must be one of mnist, shapes, custom/);
  });

  it('keeps UI preferences, quietly ignoring bad ones', () => {
    const storage = memoryStorage({
      [UI_STORAGE_KEY]: JSON.stringify({ sideTab: 'nope' }),
    });
    const ui = createUiStore({ storage });
    expect(ui.getState().sideTab).toBe('data');
    ui.getState().setSideTab('watch');
    expect(createUiStore({ storage }).getState().sideTab).toBe('watch');
  });
});
