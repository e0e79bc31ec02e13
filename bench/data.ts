// Seeded inputs, labels and initial parameters shared by every contestant. Each contestant copies
// these into its own layout, so that all of them start from the same weights on the same batch:
// the losses of the first steps must then agree across contestants (see harness.ts).
import { paramDefs, type NetDef, type ParamDef } from './netdef';

/** mulberry32: small, fast, good enough for benchmark data; deterministic across engines. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export interface Batch {
  batch: number;
  /** NHWC, values in [0, 1), length batch × h × w × c. */
  x: Float32Array;
  /** Class index per example. */
  labels: Int32Array;
  /** One-hot labels, [batch][classes]. */
  oneHot: Float32Array;
}

export function makeBatch(net: NetDef, batch: number, seed: number): Batch {
  const next = rng(seed ^ 0x5eed);
  const [h, w, c] = net.input;
  const x = new Float32Array(batch * h * w * c);
  for (let i = 0; i < x.length; i++) x[i] = next();
  const labels = new Int32Array(batch);
  const oneHot = new Float32Array(batch * net.classes);
  for (let i = 0; i < batch; i++) {
    labels[i] = Math.floor(next() * net.classes);
    oneHot[i * net.classes + labels[i]] = 1;
  }
  return { batch, x, labels, oneHot };
}

export interface Param {
  def: ParamDef;
  /** Canonical layout, see netdef.ts. */
  values: Float32Array;
}

/**
 * He-normal weights (std sqrt(2 / fanIn)) before a ReLU, LeCun-normal (std sqrt(1 / fanIn))
 * before the loss; zero biases.
 */
export function initParams(net: NetDef, seed: number): Param[] {
  const normal = gaussian(rng(seed));
  return paramDefs(net).map((def) => {
    const n = def.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    if (def.role === 'weight') {
      const layer = net.layers[def.layer];
      const relu = 'activation' in layer && layer.activation === 'relu';
      const std = Math.sqrt((relu ? 2 : 1) / def.fanIn);
      for (let i = 0; i < n; i++) values[i] = normal() * std;
    }
    return { def, values };
  });
}
