// A minimal Protocol Buffers wire-format writer: enough to emit ONNX models without pulling a
// protobuf runtime (and its code generator) into the app bundle. Only encoding is needed, and
// only four wire types: varint (0), 64-bit (1, unused), length-delimited (2) and 32-bit (5).
//
// Each field is a key `(fieldNumber << 3) | wireType` followed by its payload. A nested message
// is written as a length-delimited field holding the message's own encoding, so messages are
// built bottom-up: encode the child into its own writer, then embed the finished bytes.

const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextEncoder();

export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  /** Makes room for `n` more bytes, doubling so that large tensors append in amortised O(1). */
  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  /**
   * Base-128 varint, least significant group first. Negative int64 values are written as their
   * 64-bit two's complement (always 10 bytes), as protobuf does for int64 fields.
   */
  private varint(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new RangeError(`varint ${value} is not an integer`);
      if (value >= 0) {
        // Plain arithmetic (not 32-bit shifts) keeps values above 2^31 exact.
        while (value >= 0x80) {
          this.byte((value % 0x80) | 0x80);
          value = Math.floor(value / 0x80);
        }
        this.byte(value);
        return;
      }
      value = BigInt(value);
    }
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  private key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** int32/int64/uint64/bool/enum fields. */
  int(field: number, value: number | bigint): this {
    this.key(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** `float` fields: IEEE-754 single precision, little-endian. */
  float(field: number, value: number): this {
    this.key(field, WIRE_FIXED32);
    this.reserve(4);
    new DataView(this.buf.buffer, this.len, 4).setFloat32(0, value, true);
    this.len += 4;
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.key(field, WIRE_LEN);
    this.varint(data.length);
    this.reserve(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** An embedded message (its finished encoding). */
  message(field: number, encoded: Uint8Array | ProtoWriter): this {
    return this.bytes(field, encoded instanceof ProtoWriter ? encoded.finish() : encoded);
  }

  /**
   * A repeated integer field, one key per element. onnx.proto is a proto2 file whose repeated
   * numbers are not declared packed, so this is the encoding the reference implementation writes;
   * every parser also accepts it, whereas some hand-written ONNX readers mishandle packed runs.
   */
  ints(field: number, values: readonly (number | bigint)[]): this {
    for (const v of values) this.int(field, v);
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
