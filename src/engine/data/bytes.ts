// Byte-level helpers shared by the file-format parsers. Parsers accept any binary input the
// platforms hand out (an ArrayBuffer from fetch(), a Node Buffer from fs, a Uint8Array slice of
// a zip) and look at it as a Uint8Array view without copying.
import { gunzipSync } from 'fflate';
import { DatasetFormatError } from './format-error';

export type BinaryInput = ArrayBufferLike | ArrayBufferView;

export function asBytes(input: BinaryInput): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) {
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  }
  return new Uint8Array(input);
}

/** True when the bytes start with the gzip signature 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses gzip input and passes anything else through, so "train-images-idx3-ubyte" and
 * "train-images-idx3-ubyte.gz" load alike whatever their file name says. `what` names the file
 * in the error message.
 */
export function gunzipIfNeeded(input: BinaryInput, what = 'file'): Uint8Array {
  const bytes = asBytes(input);
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new DatasetFormatError(
      `${what}: gzip data is corrupt or truncated (${bytes.length} compressed bytes): ${String((e as Error).message ?? e)}`,
      { cause: e },
    );
  }
}

/** Joins byte arrays end to end (CIFAR's five training batches into one buffer). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
