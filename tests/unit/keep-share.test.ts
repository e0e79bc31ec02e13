// Share links in the app: the setup on screen becomes a URL, and opening that URL on another
// "page" (fresh stores) rebuilds the same network, training settings, dataset choice and seed.
// Every broken link is refused with its own message and leaves the receiver's setup untouched.
import { describe, expect, it } from 'vitest';
import { encodeShareLink } from '../../src/engine/io/share';
import { specHash } from '../../src/engine/spec-hash';
import { DEFAULT_TRAINING_SETTINGS } from '../../src/engine/train/settings';
import { createDatasetStore, type DatasetLoaders } from '../../src/store/dataset';
import { applyShareLink, datasetId, parseDatasetId, shareLinkFor } from '../../src/store/keep/share'; // prettier-ignore
import { takeShareLink } from '../../src/store/keep/share-address';
import { createNetworkStore } from '../../src/store/network';
import { createTrainingStore } from '../../src/store/training';
import { followDatasetShape } from '../../src/store/wire';

const noLoaders: DatasetLoaders = {
  mnist: () => new Promise(() => {}),
  images: () => Promise.reject(new Error('not in this test')),
};

function page() {
  const dataset = createDatasetStore({ storage: null, loaders: noLoaders, debounceMs: 0 });
  const network = createNetworkStore({ storage: null });
  followDatasetShape(dataset, network);
  const training = createTrainingStore({ storage: null });
  return { dataset, network, training };
}

/** Everything a link may change, to check that a refused one changed nothing. */
function setupOf(p: ReturnType<typeof page>) {
  const d = p.dataset.getState();
  return { spec: p.network.getState().spec, settings: p.training.getState().settings, source: d.source, shapes: d.shapes }; // prettier-ignore
}

describe('share links in the app', () => {
  it('rebuilds network, settings, dataset and seed from a link', () => {
    const a = page();
    a.dataset.getState().setShapes({ classes: 4, count: 600, seed: 9, size: 24, channels: 3 });
    a.dataset.getState().choose('shapes');
    a.network.getState().loadTemplate('vgg-small', 4);
    a.network.getState().updateSetting('dense1', 'units', 48);
    a.training.getState().setSettings({ seed: 77, batchSize: 16, epochs: 3, optimizer: { ...DEFAULT_TRAINING_SETTINGS.optimizer, lr: 0.003 } }); // prettier-ignore
    const url = shareLinkFor(a, 'http://localhost:5173/?lang=en#old-hash');
    expect(url).toMatch(/^http:\/\/localhost:5173\/\?lang=en#1\.[A-Za-z0-9_-]+$/);

    const b = page();
    const result = applyShareLink(url, b);
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/Opened a shared setup: .* on synthetic shapes \(4 classes, 600 images, 24×24\), seed 77/); // prettier-ignore
    expect(result.message).toContain('Weights are not included');
    expect(specHash(b.network.getState().spec)).toBe(specHash(a.network.getState().spec));
    expect(b.training.getState().settings).toEqual(a.training.getState().settings);
    expect(b.dataset.getState().source).toBe('shapes');
    expect(b.dataset.getState().shapes).toEqual(a.dataset.getState().shapes);
    // The shared network is one undo step: the receiver's own is one Undo away.
    expect(b.network.getState().past).toHaveLength(1);
  });

  it('names MNIST and the sender’s own images', () => {
    const a = page();
    expect(applyShareLink(shareLinkFor(a, 'http://x/'), page()).message).toMatch(/on MNIST, seed 1/); // prettier-ignore
    const id = datasetId({ ...a.dataset.getState(), source: 'custom', custom: { name: 'pets', origin: 'folder', channels: 3, height: 32, width: 32, classNames: ['cat', 'dog'], counts: [5, 5], count: 10, split: { train: 9, validation: 1, test: 0 }, skipped: [], ignoredCount: 0, emptyClasses: [] } }); // prettier-ignore
    expect(parseDatasetId(id)).toEqual({ source: 'custom', name: 'pets', shape: '3×32×32', classes: 2 }); // prettier-ignore
    const spec = { ...a.network.getState().spec, input: { channels: 3, height: 32, width: 32 } };
    const link = encodeShareLink({ spec, training: {}, dataset: id, seed: 4 });
    const b = page();
    const r = applyShareLink(link, b);
    expect(r.message).toMatch(/sender’s own images \(“pets”, 3×32×32, 2 classes\): import yours/);
    expect(b.dataset.getState().source).toBe('custom');
    expect(b.network.getState().spec.input).toEqual(spec.input);
  });

  it('refuses broken links with their own message and changes nothing', () => {
    const good = shareLinkFor(page(), 'http://x/');
    const code = good.slice(good.indexOf('#') + 1);
    const spec = page().network.getState().spec;
    const cases: [string, RegExp][] = [
      ['http://x/#hello', /not a convplay share link \(no version prefix\)/],
      ['#7.abcd', /share link version 7 is not supported/],
      [code.slice(0, 12), /cut off|damaged/],
      [code.slice(0, -3) + (code.endsWith('A') ? 'BBB' : 'AAA'), /damaged|edited|checksum/],
      [code.replace('.', '.!'), /contains "!"/],
      [encodeShareLink({ spec, training: { batchSize: -4 }, dataset: 'mnist', seed: 1 }), /training settings are invalid: .*batchSize/], // prettier-ignore
      [encodeShareLink({ spec, training: { wings: 2 }, dataset: 'mnist', seed: 1 }), /unknown setting "wings"/], // prettier-ignore
      [encodeShareLink({ spec, training: {}, dataset: 'cifar10', seed: 1 }), /dataset "cifar10" is not one this version knows/], // prettier-ignore
      [encodeShareLink({ spec, training: {}, dataset: 'shapes?classes=4&count=600&seed=1&size=24', seed: 1 }), /no valid "channels"/], // prettier-ignore
      [encodeShareLink({ spec, training: {}, dataset: 'shapes?classes=99&count=600&seed=1&size=24&channels=3', seed: 1 }), /shapes dataset is invalid: shapes.classes/], // prettier-ignore
      [encodeShareLink({ spec, training: {}, dataset: 'shapes?classes=4&count=600&seed=1&size=24&channels=3', seed: 1 }), /takes 28×28×1 images but its dataset gives 24×24×3/], // prettier-ignore
      [encodeShareLink({ spec: { ...spec, layers: [{ id: 'x y', type: 'relu', config: {} }] }, training: {}, dataset: 'mnist', seed: 1 }), /shared network is invalid/], // prettier-ignore
    ];
    for (const [link, why] of cases) {
      const b = page();
      b.network.getState().addLayer('relu');
      const before = setupOf(b);
      const r = applyShareLink(link, b);
      expect(r.ok, link).toBe(false);
      expect(r.message, link).toMatch(why);
      expect(r.message).toMatch(/^This share link could not be opened: .*Your own setup is unchanged\.$/); // prettier-ignore
      expect(setupOf(b)).toEqual(before);
      expect(setupOf(b).spec).toBe(before.spec);
    }
  });
});

describe('share link in the address', () => {
  it('is taken out of the address as it is read, then opened', () => {
    const a = page();
    a.network.getState().loadTemplate('blank', 10);
    const url = new URL(shareLinkFor(a, 'http://localhost:5173/app/?x=1'));
    const replaced: string[] = [];
    // Like window.location, the address changes under the reader when it is replaced.
    const link = takeShareLink(url, (u) => {
      replaced.push(u);
      url.hash = '';
    });
    expect(replaced).toEqual(['/app/?x=1']);
    const b = page();
    expect(applyShareLink(link!, b).ok).toBe(true);
    expect(b.network.getState().spec.layers).toEqual([]);
    // No hash (or a bare "#"): nothing to open, the address is left alone.
    expect(takeShareLink(new URL('http://localhost:5173/'), (u) => replaced.push(u))).toBeNull();
    expect(takeShareLink(new URL('http://localhost:5173/#'), (u) => replaced.push(u))).toBeNull();
    expect(replaced).toHaveLength(1);
  });
});
