// Checks every exporter runs before writing anything: the network must analyse cleanly (the
// exporters read shapes and resolved settings from the analysis, never re-deriving them), and
// every parameter tensor must be present with the shape the network declares.
import { analyzeNetwork, type NetworkAnalysis } from '../analyze';
import type { NetworkSpec } from '../spec';
import type { HostTensor } from './safetensors';

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/** The analysis of a network that is valid, or an ExportError naming each problem. */
export function analyzeForExport(spec: NetworkSpec): NetworkAnalysis {
  const analysis = analyzeNetwork(spec);
  if (!analysis.ok) {
    const errors = analysis.issues.filter((i) => i.severity === 'error');
    throw new ExportError(
      `cannot export an invalid network: ${errors.map((i) => `${i.layerId}: ${i.message}`).join('; ') || 'no layers'}`,
    );
  }
  return analysis;
}

/** The tensor `<layerId>.<param>`, checked against the shape the network needs. */
export function requireTensor(
  tensors: ReadonlyMap<string, HostTensor>,
  name: string,
  shape: readonly number[],
): HostTensor {
  const t = tensors.get(name);
  if (!t) throw new ExportError(`missing tensor "${name}" (expected shape [${shape.join(', ')}])`);
  const sameShape = t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]);
  if (!sameShape) {
    throw new ExportError(
      `tensor "${name}" has shape [${t.shape.join(', ')}], the network needs [${shape.join(', ')}]`,
    );
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== count) {
    throw new ExportError(`tensor "${name}" has ${t.data.length} values, its shape needs ${count}`);
  }
  return t;
}

/** Every parameter and buffer of one analysed layer, by parameter name (`weight`, `bias`, ...). */
export function layerTensors(
  layer: NetworkAnalysis['layers'][number],
  tensors: ReadonlyMap<string, HostTensor>,
): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  for (const p of layer.params) {
    out[p.name] = requireTensor(tensors, `${layer.id}.${p.name}`, p.shape);
  }
  return out;
}
