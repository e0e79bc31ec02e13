import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../src/engine/analyze';
import {
  COALESCE_MS,
  HISTORY_LIMIT,
  NETWORK_STORAGE_KEY,
  createNetworkStore,
  defaultNetwork,
} from '../../src/store/network';
import { memoryStorage } from '../../src/store/persist';
import { buildTemplate } from '../../src/store/templates';

function fakeClock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function blankStore(opts: { storage?: ReturnType<typeof memoryStorage> } = {}) {
  const clock = fakeClock();
  const store = createNetworkStore({
    storage: opts.storage ?? null,
    now: clock.now,
    initial: buildTemplate('blank', { channels: 1, height: 28, width: 28 }, 10),
  });
  return { store, clock, s: () => store.getState() };
}

const ids = (store: ReturnType<typeof blankStore>['store']) =>
  store.getState().spec.layers.map((l) => l.id);

describe('network store: edits', () => {
  it('starts with LeNet-5 on MNIST when nothing is saved', () => {
    const store = createNetworkStore({ storage: null });
    expect(store.getState().spec).toEqual(defaultNetwork());
    expect(analyzeNetwork(store.getState().spec, { numClasses: 10 }).ok).toBe(true);
  });

  it('adds layers with fresh readable ids, full default settings, and selects the new one', () => {
    const { store, s } = blankStore();
    expect(s().addLayer('conv2d')).toBe('conv1');
    expect(s().addLayer('relu')).toBe('relu1');
    expect(s().addLayer('conv2d', 0)).toBe('conv2');
    expect(ids(store)).toEqual(['conv2', 'conv1', 'relu1']);
    expect(s().selectedId).toBe('conv2');
    expect(s().spec.layers[0].config).toEqual({
      filters: 8, kernel: 3, stride: 1, padding: 0, dilation: 1, bias: true,
    }); // prettier-ignore
  });

  it('gives a new Add layer the two nearest earlier outputs as inputs', () => {
    const { s } = blankStore();
    s().addLayer('conv2d', undefined, { padding: 'same' });
    s().addLayer('relu');
    const id = s().addLayer('add');
    expect(s().spec.layers[2]).toMatchObject({ id, type: 'add', inputs: ['relu1', 'conv1'] });
    expect(analyzeNetwork(s().spec).byId.get(id)!.issues).toEqual([]);
  });

  it('moves, duplicates and deletes', () => {
    const { store, s } = blankStore();
    for (const t of ['conv2d', 'relu', 'maxpool']) s().addLayer(t);
    s().moveLayer(2, 0);
    expect(ids(store)).toEqual(['pool1', 'conv1', 'relu1']);
    const copy = s().duplicateLayer('conv1');
    expect(copy).toBe('conv2');
    expect(ids(store)).toEqual(['pool1', 'conv1', 'conv2', 'relu1']);
    s().select('conv2');
    s().removeLayer('conv2');
    expect(ids(store)).toEqual(['pool1', 'conv1', 'relu1']);
    expect(s().selectedId).toBeNull();
  });

  it('rewires explicit inputs when a layer they name is deleted', () => {
    const { s } = blankStore();
    s().loadTemplate('resnet-small', 10);
    s().removeLayer('conv3');
    const add1 = s().spec.layers.find((l) => l.id === 'add1')!;
    expect(add1.inputs).toEqual(['relu2', 'relu1']);
    expect(analyzeNetwork(s().spec, { numClasses: 10 }).ok).toBe(true);
  });

  it('edits settings and inputs', () => {
    const { s } = blankStore();
    s().addLayer('conv2d');
    s().updateSetting('conv1', 'kernel', 5);
    expect(s().spec.layers[0].config.kernel).toBe(5);
    s().setLayerInputs('conv1', ['input']);
    expect(s().spec.layers[0].inputs).toEqual(['input']);
    s().setLayerInputs('conv1', undefined);
    expect('inputs' in s().spec.layers[0]).toBe(false);
  });

  it('follows the dataset input shape without making an undo step', () => {
    const { s } = blankStore();
    s().addLayer('conv2d');
    const past = s().past.length;
    s().setInputShape({ channels: 3, height: 32, width: 32 });
    expect(s().spec.input).toEqual({ channels: 3, height: 32, width: 32 });
    expect(s().past.length).toBe(past);
    // Undo restores layers but keeps the dataset's input shape.
    s().undo();
    expect(s().spec.layers).toEqual([]);
    expect(s().spec.input).toEqual({ channels: 3, height: 32, width: 32 });
  });

  it('loads templates for the current input and class count', () => {
    const { s } = blankStore();
    s().setInputShape({ channels: 3, height: 32, width: 32 });
    s().loadTemplate('lenet5', 4);
    const a = analyzeNetwork(s().spec, { numClasses: 4 });
    expect(a.ok).toBe(true);
    expect(a.outShape).toEqual([4]);
    expect(s().spec.layers.map((l) => l.type)).toEqual([
      'conv2d', 'relu', 'maxpool', 'conv2d', 'relu', 'maxpool',
      'flatten', 'dense', 'relu', 'dense', 'relu', 'dense',
    ]); // prettier-ignore
  });
});

describe('network store: undo/redo', () => {
  it('undoes and redoes each edit in order, and a new edit clears redo', () => {
    const { store, s } = blankStore();
    s().addLayer('conv2d');
    s().addLayer('relu');
    s().addLayer('maxpool');
    s().undo();
    expect(ids(store)).toEqual(['conv1', 'relu1']);
    s().undo();
    expect(ids(store)).toEqual(['conv1']);
    s().redo();
    expect(ids(store)).toEqual(['conv1', 'relu1']);
    s().addLayer('flatten');
    expect(s().future).toEqual([]);
    s().redo(); // nothing to redo: no change
    expect(ids(store)).toEqual(['conv1', 'relu1', 'flatten1']);
    s().undo();
    s().undo();
    s().undo();
    s().undo(); // beyond the start: no change
    expect(ids(store)).toEqual([]);
  });

  it('merges quick edits of one setting into one step, but not edits of different settings', () => {
    const { s, clock } = blankStore();
    s().addLayer('dense');
    for (const v of [1, 12, 128]) {
      s().updateSetting('dense1', 'units', v);
      clock.advance(200);
    }
    s().updateSetting('dense1', 'bias', false);
    s().undo();
    expect(s().spec.layers[0].config).toMatchObject({ units: 128, bias: true });
    s().undo();
    expect(s().spec.layers[0].config.units).toBe(10);
    s().redo();
    clock.advance(COALESCE_MS + 1);
    s().updateSetting('dense1', 'units', 64);
    s().undo();
    expect(s().spec.layers[0].config.units).toBe(128);
  });

  it('keeps at most HISTORY_LIMIT steps', () => {
    const { s } = blankStore();
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) s().addLayer('relu');
    expect(s().past.length).toBe(HISTORY_LIMIT);
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) s().undo();
    expect(s().spec.layers.length).toBe(20);
  });

  it('drops the selection when undo removes the selected layer', () => {
    const { s } = blankStore();
    s().addLayer('relu');
    expect(s().selectedId).toBe('relu1');
    s().undo();
    expect(s().selectedId).toBeNull();
  });
});

describe('network store: one-click fixes', () => {
  it('applies a "set" fix from the analysis: kernel larger than the input', () => {
    const { s } = blankStore();
    s().setInputShape({ channels: 1, height: 3, width: 3 });
    s().addLayer('conv2d', undefined, { kernel: 5 });
    const issue = analyzeNetwork(s().spec).issues[0];
    expect(issue.message).toMatch(/kernel 5 > input 3/);
    expect(issue.fix!.action).toEqual({ kind: 'set', layerId: 'conv1', key: 'padding', value: 1 });
    s().applyFix(issue.fix!.action);
    expect(analyzeNetwork(s().spec).layers[0].outShape).toEqual([8, 1, 1]);
    s().undo();
    expect(s().spec.layers[0].config.padding).toBe(0);
  });

  it('applies an "insert-before" fix: Dense after a conv gets a Flatten', () => {
    const { store, s } = blankStore();
    s().addLayer('conv2d');
    s().addLayer('dense');
    const issue = analyzeNetwork(s().spec, { numClasses: 10 }).issues[0];
    expect(issue.fix!.action).toMatchObject({
      kind: 'insert-before',
      layerId: 'dense1',
      type: 'flatten',
    });
    s().applyFix(issue.fix!.action);
    expect(ids(store)).toEqual(['conv1', 'flatten1', 'dense1']);
    expect(s().selectedId).toBe('flatten1');
    expect(analyzeNetwork(s().spec, { numClasses: 10 }).ok).toBe(true);
  });

  it('routes an inserted layer between a layer with explicit inputs and its source', () => {
    const { s } = blankStore();
    s().addLayer('conv2d');
    s().addLayer('relu');
    s().addLayer('dense');
    s().setLayerInputs('dense1', ['conv1']);
    s().applyFix({ kind: 'insert-before', layerId: 'dense1', type: 'flatten' });
    const byId = new Map(s().spec.layers.map((l) => [l.id, l]));
    expect(byId.get('flatten1')!.inputs).toEqual(['conv1']);
    expect(byId.get('dense1')!.inputs).toEqual(['flatten1']);
  });

  it('applies "append" and "remove" fixes', () => {
    const { store, s } = blankStore();
    s().addLayer('conv2d');
    s().addLayer('flatten');
    const issue = analyzeNetwork(s().spec, { numClasses: 10 }).issues.find((i) => i.fix)!;
    expect(issue.fix!.action).toEqual({ kind: 'append', type: 'dense', config: { units: 10 } });
    s().applyFix(issue.fix!.action);
    expect(ids(store)).toEqual(['conv1', 'flatten1', 'dense1']);
    expect(s().spec.layers[2].config.units).toBe(10);
    s().applyFix({ kind: 'remove', layerId: 'flatten1' });
    expect(ids(store)).toEqual(['conv1', 'dense1']);
    expect(s().selectedId).toBe('dense1');
  });

  it('removes a layer of an unknown type via its fix', () => {
    const storage = memoryStorage();
    const spec = { ...defaultNetwork(), layers: [{ id: 'x1', type: 'warp', config: {} }] };
    storage.setItem(NETWORK_STORAGE_KEY, JSON.stringify({ spec }));
    const store = createNetworkStore({ storage });
    const issue = analyzeNetwork(store.getState().spec).issues[0];
    expect(issue.message).toMatch(/unknown layer type "warp"/);
    store.getState().applyFix(issue.fix!.action);
    expect(store.getState().spec.layers).toEqual([]);
  });
});
