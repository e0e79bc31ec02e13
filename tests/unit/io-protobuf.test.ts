// The protobuf writer against encodings worked out by hand from the wire-format rules (and the
// examples in the protobuf encoding guide), including the cases ONNX needs: negative int64, float
// fields, repeated scalars and nested messages.
import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../src/engine/io/protobuf';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('protobuf wire format', () => {
  it('varint fields', () => {
    expect(hex(new ProtoWriter().int(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().int(1, 0).finish())).toBe('0800');
    expect(hex(new ProtoWriter().int(1, 127).finish())).toBe('087f');
    expect(hex(new ProtoWriter().int(1, 128).finish())).toBe('088001');
    // Above 2^31 and 2^32: no 32-bit truncation.
    expect(hex(new ProtoWriter().int(1, 2 ** 32).finish())).toBe('088080808010');
    expect(hex(new ProtoWriter().int(1, 2 ** 53 - 1).finish())).toBe('08ffffffffffffff0f');
    // Negative int64: ten bytes of two's complement.
    expect(hex(new ProtoWriter().int(1, -1).finish())).toBe('08ffffffffffffffffff01');
    expect(hex(new ProtoWriter().int(1, -2n).finish())).toBe('08feffffffffffffffff01');
    // Field numbers ≥ 16 take a two-byte key: (20 << 3) | 0 = 160.
    expect(hex(new ProtoWriter().int(20, 2).finish())).toBe('a00102');
    expect(() => new ProtoWriter().int(1, 1.5)).toThrow('not an integer');
  });

  it('strings, bytes, floats and repeated integers', () => {
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    expect(hex(new ProtoWriter().string(2, 'é').finish())).toBe('1202c3a9');
    expect(hex(new ProtoWriter().bytes(9, new Uint8Array([1, 2])).finish())).toBe('4a020102');
    // float 1.0 = 0x3f800000, little-endian, wire type 5.
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('150000803f');
    expect(hex(new ProtoWriter().float(2, 0.1).finish())).toBe('15cdcccc3d');
    // Repeated, unpacked: one key per element (proto2, as onnx.proto declares them).
    expect(hex(new ProtoWriter().ints(8, [3, 270]).finish())).toBe('4003408e02');
  });

  it('nested messages are length-delimited, and long payloads get multi-byte lengths', () => {
    const inner = new ProtoWriter().int(1, 150);
    expect(hex(new ProtoWriter().message(3, inner).finish())).toBe('1a03089601');
    const big = new Uint8Array(300).fill(7);
    const out = new ProtoWriter().bytes(1, big).finish();
    expect(hex(out.subarray(0, 3))).toBe('0aac02'); // 300 = 0b10_0101100
    expect(out.length).toBe(3 + 300);
    expect(out.subarray(3)).toEqual(big);
  });

  it('grows its buffer across many writes', () => {
    const w = new ProtoWriter();
    for (let i = 0; i < 10000; i++) w.int(1, i);
    const b = w.finish();
    // Key byte + value: 0..127 take one value byte, 128..9999 two.
    expect(b.length).toBe(128 * 2 + (10000 - 128) * 3);
    expect(hex(b.subarray(b.length - 3))).toBe('088f4e'); // 9999
  });
});
