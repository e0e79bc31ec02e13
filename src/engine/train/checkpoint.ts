// Host-side copies of a model's tensors: the periodic checkpoint a run falls back to (a lost GPU
// device, a NaN loss), and the packed form in which weights cross between worker and page as one
// transferable buffer instead of a structured clone of many small arrays.
import type { HostTensor } from '../io/safetensors';

export interface Checkpoint {
  readonly step: number;
  readonly epoch: number;
  readonly savedAt: number;
  readonly tensors: ReadonlyMap<string, HostTensor>;
}

/** True when every value of every tensor is finite (a diverged model is no checkpoint). */
export function tensorsFinite(tensors: ReadonlyMap<string, HostTensor>): boolean {
  for (const t of tensors.values()) {
    const d = t.data;
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
  }
  return true;
}

/** Named tensors in one Float32Array: `data` holds them back to back in `names` order. */
export interface PackedTensors {
  readonly names: string[];
  readonly shapes: number[][];
  readonly data: Float32Array;
}

export function packTensors(tensors: ReadonlyMap<string, HostTensor>): PackedTensors {
  let total = 0;
  for (const t of tensors.values()) total += t.data.length;
  const data = new Float32Array(total);
  const names: string[] = [];
  const shapes: number[][] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    names.push(name);
    shapes.push([...t.shape]);
    data.set(t.data, offset);
    offset += t.data.length;
  }
  return { names, shapes, data };
}

/** The tensors of a PackedTensors, as views into its buffer (no copy). */
export function unpackTensors(p: PackedTensors): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  let offset = 0;
  p.names.forEach((name, i) => {
    const size = p.shapes[i].reduce((a, b) => a * b, 1);
    if (offset + size > p.data.length) {
      throw new RangeError(`packed tensors: "${name}" runs past the end of the data`);
    }
    out.set(name, { shape: p.shapes[i], data: p.data.subarray(offset, offset + size) });
    offset += size;
  });
  if (offset !== p.data.length) {
    throw new RangeError(`packed tensors: ${p.data.length - offset} values left over`);
  }
  return out;
}
