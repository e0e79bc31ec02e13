// Builds one layer in isolation on a given backend: random inputs and parameters, the layer's
// forward and backward kernels, and a scalar loss L = Σ y·r with a fixed random r (so dL/dy = r).
// Gradient checks and the cross-backend op suite both use it.
import { resolveSettings } from '../../src/engine/analyze';
import {
  SCALAR,
  SCALAR_COUNT,
  type Backend,
  type Kernel,
  type Tensor,
} from '../../src/engine/backend/backend';
import { getLayerDef } from '../../src/engine/layers/registry';
import type { InferResult, Shape } from '../../src/engine/layers/types';
import { Rng } from '../../src/engine/rng';
import type { LayerConfig } from '../../src/engine/spec';

export interface LayerCase {
  type: string;
  cfg: LayerConfig;
  inShapes: Shape[];
  batch: number;
}

export interface BuiltLayer {
  info: InferResult;
  cfg: LayerConfig;
  x: Tensor[];
  y: Tensor;
  dy: Tensor;
  dx: Tensor[];
  p: Record<string, Tensor>;
  g: Record<string, Tensor>;
  scalars: Tensor;
  forward: Kernel[];
  backward: Kernel[];
}

export function inferLayer(c: LayerCase): { info: InferResult; cfg: LayerConfig } {
  const def = getLayerDef(c.type);
  if (!def) throw new Error(`no layer ${c.type}`);
  const fail = (m: string): never => {
    throw new Error(m);
  };
  const cfg = resolveSettings('layer', def.settings, c.cfg, fail);
  return { info: def.infer({ id: 'layer', cfg, inputs: c.inShapes, fail }), cfg };
}

/** Random data for a case, identical whichever backend it is loaded into. */
export function caseData(c: LayerCase, seed: number) {
  const { info } = inferLayer(c);
  const rng = new Rng(seed);
  const rand = (n: number, scale = 1) =>
    Float64Array.from({ length: n }, () => rng.normal() * scale);
  const size = (s: Shape) => s.reduce((a, b) => a * b, 1);
  return {
    x: c.inShapes.map((s) => rand(c.batch * size(s))),
    p: Object.fromEntries(
      info.params.map((pd) => {
        const n = size(pd.shape);
        // Keep running variances positive; other parameters random around their usual scale.
        if (pd.name === 'running_var')
          return [pd.name, Float64Array.from({ length: n }, () => 0.5 + rng.next())];
        if (pd.name === 'weight' && pd.role === 'norm')
          return [pd.name, Float64Array.from({ length: n }, () => 0.5 + rng.next())];
        return [pd.name, rand(n, 0.5)];
      }),
    ) as Record<string, Float64Array>,
    r: rand(c.batch * size(info.outShape)),
  };
}

export function buildLayer(
  b: Backend,
  c: LayerCase,
  data: ReturnType<typeof caseData>,
  training = true,
  seed = 1234,
): BuiltLayer {
  const def = getLayerDef(c.type)!;
  const { info, cfg } = inferLayer(c);
  const x = c.inShapes.map((s, i) => b.tensor([c.batch, ...s], `x${i}`));
  x.forEach((t, i) => b.write(t, data.x[i]));
  const y = def.aliasesInput
    ? b.view(x[0], 0, [c.batch, ...info.outShape], 'y')
    : b.tensor([c.batch, ...info.outShape], 'y');
  const dy = b.tensor([c.batch, ...info.outShape], 'dy');
  b.write(dy, data.r);
  const dx = c.inShapes.map((s, i) =>
    def.aliasesInput
      ? b.view(dy, 0, [c.batch, ...s], `dx${i}`)
      : b.tensor([c.batch, ...s], `dx${i}`),
  );
  const p: Record<string, Tensor> = {};
  const g: Record<string, Tensor> = {};
  for (const pd of info.params) {
    p[pd.name] = b.tensor(pd.shape, pd.name);
    b.write(p[pd.name], data.p[pd.name]);
    if (pd.role !== 'buffer') g[pd.name] = b.tensor(pd.shape, `${pd.name}.grad`);
  }
  const scalars = b.tensor([SCALAR_COUNT], 'scalars');
  const s = new Float32Array(SCALAR_COUNT);
  s[SCALAR.seed] = seed;
  b.write(scalars, s);
  const prog = def.build({
    backend: b, id: 'layer', cfg, batch: c.batch, salt: 7, inShapes: c.inShapes, outShape: info.outShape,
    x, y, dy: training ? dy : null, dx: training ? dx : dx.map(() => null), p, g, training, scalars,
    scratch: (shape, label) => b.tensor(shape, label),
  }); // prettier-ignore
  return { info, cfg, x, y, dy, dx, p, g, scalars, forward: prog.forward, backward: prog.backward };
}
