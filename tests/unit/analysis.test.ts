// Shape analysis: sizes, parameter counts, FLOPs, and that every misfit is an issue naming the
// layer, the numbers and a fix — never an exception.
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../src/engine/analyze';
import { parseNetworkSpec, SpecError } from '../../src/engine/spec';
import { dag, lenet, seq } from '../helpers/specs';

describe('network analysis', () => {
  it('LeNet-style: shapes, params, FLOPs', () => {
    const a = analyzeNetwork(lenet(), { numClasses: 10 });
    expect(a.ok).toBe(true);
    expect(a.layers.map((l) => l.outShape)).toEqual([
      [8, 28, 28], [8, 28, 28], [8, 14, 14], [16, 14, 14], [16, 14, 14], [16, 7, 7], [784], [10],
    ]); // prettier-ignore
    expect(a.totals.params).toBe(5 * 5 * 1 * 8 + 8 + 5 * 5 * 8 * 16 + 16 + 784 * 10 + 10);
    expect(a.layers[0].flops).toBe(2 * 8 * 28 * 28 * 25 + 8 * 28 * 28);
    expect(a.layers[7].flops).toBe(2 * 784 * 10 + 10);
  });

  it('same padding keeps the size, also with an even kernel and stride 2', () => {
    const a = analyzeNetwork(seq([3, 9, 8], [
      ['a', 'conv2d', { filters: 4, kernel: 4, padding: 'same' }],
      ['b', 'conv2d', { filters: 4, kernel: 3, padding: 'same', stride: 2 }],
    ])); // prettier-ignore
    expect(a.layers[0].outShape).toEqual([4, 9, 8]);
    expect(a.layers[1].outShape).toEqual([4, 5, 4]);
  });

  it('dilation enlarges the kernel extent', () => {
    const a = analyzeNetwork(
      seq([1, 9, 9], [['a', 'conv2d', { filters: 1, kernel: 3, dilation: 2 }]]),
    );
    expect(a.outShape).toEqual([1, 5, 5]);
  });

  it('non-integer output size: names the numbers and offers a padding that fits', () => {
    const a = analyzeNetwork(
      seq([1, 8, 8], [['c1', 'conv2d', { filters: 2, kernel: 3, stride: 3 }]]),
    );
    expect(a.ok).toBe(false);
    const issue = a.issues[0];
    expect(issue.layerId).toBe('c1');
    expect(issue.message).toContain('(8 − 3 + 2×0)/3 + 1 = 2.667');
    expect(issue.fix?.action).toEqual({ kind: 'set', layerId: 'c1', key: 'padding', value: 2 });
  });

  it('non-integer output size that no padding fixes: offers stride 1', () => {
    // 8 − 3 + 2P is odd for every P, so at stride 2 only a stride change helps.
    const a = analyzeNetwork(
      seq([1, 8, 8], [['c1', 'conv2d', { filters: 2, kernel: 3, stride: 2 }]]),
    );
    expect(a.issues[0].message).toContain('= 3.5 is not a whole number; set stride to 1');
    expect(a.issues[0].fix?.action).toEqual({
      kind: 'set',
      layerId: 'c1',
      key: 'stride',
      value: 1,
    });
  });

  it('kernel larger than the padded input: offers padding', () => {
    const a = analyzeNetwork(seq([1, 3, 3], [['c', 'conv2d', { filters: 2, kernel: 5 }]]));
    expect(a.issues[0].message).toContain('kernel 5 > input 3');
    expect(a.issues[0].fix?.label).toBe('Set padding to 1');
  });

  it('dense on a feature map: offers to insert Flatten', () => {
    const a = analyzeNetwork(seq([1, 4, 4], [['fc', 'dense', { units: 3 }]]));
    expect(a.issues[0].message).toContain('insert Flatten');
    expect(a.issues[0].fix?.action).toEqual({
      kind: 'insert-before',
      layerId: 'fc',
      type: 'flatten',
    });
  });

  it('conv after flatten is refused', () => {
    const a = analyzeNetwork(
      seq(
        [1, 4, 4],
        [
          ['f', 'flatten'],
          ['c', 'conv2d', {}],
        ],
      ),
    );
    expect(a.issues.find((i) => i.layerId === 'c')?.message).toContain('image-shaped input');
  });

  it('later layers are not analysed against a broken shape, and issues stay per layer', () => {
    const a = analyzeNetwork(seq([1, 8, 8], [
      ['c1', 'conv2d', { filters: 2, kernel: 3, stride: 2 }],
      ['r', 'relu'],
      ['f', 'flatten'],
    ])); // prettier-ignore
    expect(a.issues.filter((i) => i.severity === 'error').map((i) => i.layerId)).toEqual(['c1']);
    expect(a.byId.get('f')?.outShape).toBeNull();
  });

  it('bad settings: out of range, wrong type, unknown key', () => {
    const a = analyzeNetwork(seq([1, 8, 8], [['c', 'conv2d', { filters: 0 }]]));
    expect(a.issues[0].message).toBe('Filters must be between 1 and 1024, got 0');
    expect(a.issues[0].fix?.action).toMatchObject({ key: 'filters', value: 1 });
    const b = analyzeNetwork(seq([1, 8, 8], [['c', 'conv2d', { kernel: 'big' }]]));
    expect(b.issues[0].message).toContain('Kernel must be a number');
    const c = analyzeNetwork(seq([1, 8, 8], [['c', 'conv2d', { size: 3 }]]));
    expect(c.issues[0].message).toContain('unknown setting "size"');
  });

  it('classifier output must match the class count', () => {
    const a = analyzeNetwork(
      seq(
        [1, 4, 4],
        [
          ['f', 'flatten'],
          ['fc', 'dense', { units: 8 }],
        ],
      ),
      { numClasses: 10 },
    );
    expect(a.issues[0].message).toContain('outputs 8 scores but the dataset has 10 classes');
    expect(a.issues[0].fix?.action).toEqual({
      kind: 'set',
      layerId: 'fc',
      key: 'units',
      value: 10,
    });
    const b = analyzeNetwork(seq([1, 4, 4], [['c', 'conv2d', { filters: 2, padding: 1 }]]), {
      numClasses: 10,
    });
    expect(b.issues[0].fix?.action).toEqual({
      kind: 'append',
      type: 'dense',
      config: { units: 10 },
    });
  });

  it('residual add and concat: shapes must agree', () => {
    const ok = analyzeNetwork(dag([4, 6, 6], [
      { id: 'a', type: 'conv2d', config: { filters: 4, padding: 1 } },
      { id: 'b', type: 'conv2d', config: { filters: 4, padding: 1 } },
      { id: 's', type: 'add', inputs: ['input', 'b'], config: {} },
      { id: 'c', type: 'concat', inputs: ['a', 's'], config: {} },
    ])); // prettier-ignore
    expect(ok.ok).toBe(true);
    expect(ok.outShape).toEqual([8, 6, 6]);
    expect(ok.consumers.get('input')).toEqual([
      { layerId: 'a', slot: 0 },
      { layerId: 's', slot: 0 },
    ]);
    const bad = analyzeNetwork(dag([4, 6, 6], [
      { id: 'a', type: 'conv2d', config: { filters: 3, padding: 1 } },
      { id: 's', type: 'add', inputs: ['input', 'a'], config: {} },
    ])); // prettier-ignore
    expect(bad.issues[0].message).toBe(
      'inputs have different shapes: 6×6×4 vs 6×6×3; Add needs equal shapes',
    );
  });

  it('inputs must name earlier layers', () => {
    const a = analyzeNetwork(dag([1, 4, 4], [
      { id: 'x', type: 'relu', inputs: ['y'], config: {} },
      { id: 'y', type: 'relu', config: {} },
    ])); // prettier-ignore
    expect(a.issues[0].message).toContain('comes later');
  });

  it('unknown layer types are issues, not crashes', () => {
    const a = analyzeNetwork(seq([1, 4, 4], [['q', 'quantum', {}]]));
    expect(a.issues[0].message).toBe('unknown layer type "quantum"');
  });

  it('parseNetworkSpec rejects malformed JSON structures with clear messages', () => {
    expect(() => parseNetworkSpec(null)).toThrow(SpecError);
    expect(() => parseNetworkSpec({ format: 'other' })).toThrow('not a convplay network');
    const good = lenet();
    expect(parseNetworkSpec(JSON.parse(JSON.stringify(good)))).toEqual(good);
    const dup = { ...good, layers: [...good.layers, good.layers[0]] };
    expect(() => parseNetworkSpec(dup)).toThrow('layer id "conv1" is used twice');
    expect(() =>
      parseNetworkSpec({ ...good, input: { channels: 0, height: 1, width: 1 } }),
    ).toThrow('input.channels must be a positive integer');
  });
});
