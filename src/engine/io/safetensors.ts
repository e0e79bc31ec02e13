// safetensors: an 8-byte little-endian header length, a JSON header mapping each tensor name to
// {dtype, shape, data_offsets}, then the raw little-endian bytes. It is what PyTorch users load
// with `safetensors.torch.load_file`, and it cannot carry code, so importing one is safe.
//
// Writing always uses F32. Reading accepts F32, F64, F16 and BF16 (converted to float32) so that
// weights saved from PyTorch in other precisions still load. Every structural problem gets a
// message that says what is wrong and where; nothing is partially returned.

export interface HostTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

const DTYPE_BYTES: Record<string, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 };
/** Headers larger than this are refused rather than parsed (a corrupt length would be huge). */
const MAX_HEADER = 100 * 1024 * 1024;

export function writeSafetensors(
  tensors: Iterable<readonly [string, HostTensor]>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  const list = [...tensors];
  let offset = 0;
  for (const [name, t] of list) {
    const expected = t.shape.reduce((a, b) => a * b, 1);
    if (expected !== t.data.length) {
      throw new SafetensorsError(
        `tensor "${name}": shape [${t.shape}] needs ${expected} values, has ${t.data.length}`,
      );
    }
    const bytes = t.data.length * 4;
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned (readers may map it in place).
  while ((8 + new TextEncoder().encode(json).length) % 8 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const [, t] of list) {
    const dv = new DataView(out.buffer, pos, t.data.length * 4);
    for (let i = 0; i < t.data.length; i++) dv.setFloat32(i * 4, t.data[i], true);
    pos += t.data.length * 4;
  }
  return out;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * Math.pow(2, -14) * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * Math.pow(2, exp - 15) * (1 + frac / 1024);
}

export function readSafetensors(bytes: Uint8Array): {
  tensors: Map<string, HostTensor>;
  metadata: Record<string, string>;
} {
  if (bytes.length < 8) {
    throw new SafetensorsError(
      `file is ${bytes.length} bytes: too short for a safetensors header length`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > MAX_HEADER || 8 + headerLen > bytes.length) {
    throw new SafetensorsError(
      `header length ${headerLen} does not fit in a ${bytes.length}-byte file (truncated or not safetensors)`,
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)),
    );
  } catch (e) {
    throw new SafetensorsError(`header is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new SafetensorsError('header is not a JSON object');
  }
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, HostTensor>();
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw && typeof raw === 'object') {
        for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') metadata[k] = v;
      }
      continue;
    }
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = String(info?.dtype);
    const size = DTYPE_BYTES[dtype];
    if (!size) {
      throw new SafetensorsError(
        `tensor "${name}" has dtype ${dtype}; supported: F32, F64, F16, BF16`,
      );
    }
    const shape = info.shape;
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new SafetensorsError(`tensor "${name}" has an invalid shape ${JSON.stringify(shape)}`);
    }
    const offs = info.data_offsets;
    if (
      !Array.isArray(offs) ||
      offs.length !== 2 ||
      !offs.every((o) => Number.isInteger(o) && o >= 0)
    ) {
      throw new SafetensorsError(
        `tensor "${name}" has invalid data_offsets ${JSON.stringify(offs)}`,
      );
    }
    const [begin, end] = offs as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end < begin || end - begin !== count * size) {
      throw new SafetensorsError(
        `tensor "${name}": shape [${shape.join(', ')}] ${dtype} needs ${count * size} bytes, offsets give ${end - begin}`,
      );
    }
    if (end > dataLen) {
      throw new SafetensorsError(
        `tensor "${name}" ends at byte ${end} but the file has ${dataLen} data bytes (truncated file)`,
      );
    }
    const dv = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, end - begin);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      if (dtype === 'F32') data[i] = dv.getFloat32(i * 4, true);
      else if (dtype === 'F64') data[i] = dv.getFloat64(i * 8, true);
      else if (dtype === 'F16') data[i] = halfToFloat(dv.getUint16(i * 2, true));
      else data[i] = new Float32Array(new Uint32Array([dv.getUint16(i * 2, true) << 16]).buffer)[0];
    }
    tensors.set(name, { shape: shape as number[], data });
  }
  return { tensors, metadata };
}
