// safetensors round trips and every malformed-file case, each with its own message and no
// change to the model.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { readSafetensors, writeSafetensors } from '../../src/engine/io/safetensors';
import { exportWeights, importWeights, specFromWeights } from '../../src/engine/io/weights';
import { Model } from '../../src/engine/model/model';
import { lenet, seq } from '../helpers/specs';

function header(bytes: Uint8Array) {
  const len = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  return { len, json: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) };
}

/** Builds a file with a hand-written header (for malformed cases). */
function rawFile(headerObj: unknown, dataBytes: number): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(headerObj));
  const out = new Uint8Array(8 + h.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  return out;
}

describe('safetensors format', () => {
  it('writes the documented layout: u64 LE header length, JSON header, aligned data', () => {
    const bytes = writeSafetensors(
      [['a', { shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) }]],
      { k: 'v' },
    );
    const { len, json } = header(bytes);
    expect((8 + len) % 8).toBe(0);
    expect(json.a).toEqual({ dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] });
    expect(json.__metadata__).toEqual({ k: 'v' });
    expect(new DataView(bytes.buffer).getFloat32(8 + len + 12, true)).toBe(4);
    const back = readSafetensors(bytes);
    expect(Array.from(back.tensors.get('a')!.data)).toEqual([1, 2, 3, 4]);
  });

  it('reads F16, BF16 and F64 into float32', () => {
    const f = rawFile({ h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] }, b: { dtype: 'BF16', shape: [1], data_offsets: [4, 6] }, d: { dtype: 'F64', shape: [1], data_offsets: [6, 14] } }, 14); // prettier-ignore
    const hl = Number(new DataView(f.buffer).getBigUint64(0, true));
    const dv = new DataView(f.buffer, 8 + hl);
    dv.setUint16(0, 0x3c00, true); // 1.0
    dv.setUint16(2, 0xc000, true); // -2.0
    dv.setUint16(4, 0x3fc0, true); // bf16 1.5
    dv.setFloat64(6, 0.25, true);
    const t = readSafetensors(f).tensors;
    expect(Array.from(t.get('h')!.data)).toEqual([1, -2]);
    expect(t.get('b')!.data[0]).toBe(1.5);
    expect(t.get('d')!.data[0]).toBe(0.25);
  });

  it('malformed files: each problem named', () => {
    expect(() => readSafetensors(new Uint8Array(4))).toThrow('too short');
    const good = writeSafetensors([['w', { shape: [3], data: new Float32Array(3) }]]);
    expect(() => readSafetensors(good.subarray(0, good.length - 4))).toThrow('truncated');
    const badLen = good.slice();
    new DataView(badLen.buffer).setBigUint64(0, 1n << 40n, true);
    expect(() => readSafetensors(badLen)).toThrow('header length');
    const notJson = rawFile({}, 0);
    notJson[9] = 0x7b; // '{' then garbage
    notJson.set(new TextEncoder().encode('{{'), 8);
    expect(() => readSafetensors(notJson)).toThrow('not valid JSON');
    expect(() =>
      readSafetensors(rawFile({ w: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 8)),
    ).toThrow('dtype I64');
    expect(() =>
      readSafetensors(rawFile({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8)),
    ).toThrow('needs 12 bytes');
  });
});

describe('model weights files', () => {
  it('round trip: export → import → identical predictions, spec carried in metadata', async () => {
    const spec = lenet();
    const a = Model.create(spec, new CpuBackend());
    a.initialize('he', 1);
    const bytes = await exportWeights(a);
    expect(specFromWeights(bytes)).toEqual(spec);
    const b = Model.create(specFromWeights(bytes)!, new CpuBackend());
    b.initialize('he', 2);
    importWeights(b, bytes);
    const input = Float32Array.from({ length: 28 * 28 * 2 }, (_, i) => Math.sin(i));
    const outs = [a, b].map((m) => {
      const plan = m.plan(2, 'eval');
      m.backend.write(plan.input, input);
      m.backend.run(plan.forward);
      return Array.from((m.backend as CpuBackend).readSync(plan.logits));
    });
    expect(outs[1]).toEqual(outs[0]);
    const names = header(bytes).json;
    expect(Object.keys(names).sort()).toEqual([
      '__metadata__',
      'conv1.bias',
      'conv1.weight',
      'conv2.bias',
      'conv2.weight',
      'fc.bias',
      'fc.weight',
    ]);
    expect(names['conv2.weight'].shape).toEqual([16, 8, 5, 5]);
    expect(names['fc.weight'].shape).toEqual([10, 784]);
  });

  it('batch norm running statistics are saved under PyTorch names', async () => {
    const m = Model.create(
      seq(
        [2, 4, 4],
        [
          ['c', 'conv2d', { filters: 3 }],
          ['bn', 'batchnorm'],
        ],
      ),
      new CpuBackend(),
    );
    m.initialize('he', 1);
    const names = Object.keys(header(await exportWeights(m)).json);
    expect(names).toEqual(
      expect.arrayContaining(['bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var']),
    );
  });

  it('mismatched files name the tensor and leave the model untouched', async () => {
    const m = Model.create(lenet(), new CpuBackend());
    m.initialize('he', 1);
    const before = await m.readTensors();
    const other = Model.create(
      seq([1, 28, 28], [['conv1', 'conv2d', { filters: 4, kernel: 5 }]]),
      new CpuBackend(),
    );
    other.initialize('he', 1);
    const wrong = await exportWeights(other);
    expect(() => importWeights(m, wrong)).toThrow(
      'tensor "conv1.weight" has shape [4, 1, 5, 5], the network needs [8, 1, 5, 5]',
    );
    expect(() => importWeights(m, wrong)).toThrow('missing tensor "fc.weight"');
    const after = await m.readTensors();
    for (const [k, v] of before) expect(after.get(k)!.data).toEqual(v.data);
  });
});
