// A trained model as files: safetensors weights (PyTorch names and layouts) with the network
// spec in the metadata, so one file is enough to rebuild and reload the model.
import type { Model } from '../model/model';
import { parseNetworkSpec, type NetworkSpec } from '../spec';
import {
  readSafetensors,
  SafetensorsError,
  writeSafetensors,
  type HostTensor,
} from './safetensors';

export const SPEC_METADATA_KEY = 'convplay.spec';
/** The input preprocessing the weights were trained with (inputs must be prepared the same way). */
export const PREPROCESS_METADATA_KEY = 'convplay.preprocess';

export async function exportWeights(
  model: Model,
  extraMetadata: Record<string, string> = {},
): Promise<Uint8Array> {
  const tensors = await model.readTensors();
  return writeSafetensors(tensors, {
    format: 'pt',
    [SPEC_METADATA_KEY]: JSON.stringify(model.spec),
    ...extraMetadata,
  });
}

/** The spec stored in a weights file, if any. */
export function specFromWeights(bytes: Uint8Array): NetworkSpec | null {
  const { metadata } = readSafetensors(bytes);
  const raw = metadata[SPEC_METADATA_KEY];
  return raw ? parseNetworkSpec(JSON.parse(raw)) : null;
}

/**
 * Checks a file's tensors against a model: every tensor present with the right shape and no
 * unexpected extras. Returns the problems (empty when it fits).
 */
export function weightMismatches(model: Model, tensors: ReadonlyMap<string, HostTensor>): string[] {
  const problems: string[] = [];
  for (const e of model.entries) {
    const t = tensors.get(e.name);
    if (!t) {
      problems.push(`missing tensor "${e.name}" (expected shape [${e.decl.shape.join(', ')}])`);
    } else if (
      t.shape.length !== e.decl.shape.length ||
      t.shape.some((d, i) => d !== e.decl.shape[i])
    ) {
      problems.push(
        `tensor "${e.name}" has shape [${t.shape.join(', ')}], the network needs [${e.decl.shape.join(', ')}]`,
      );
    }
  }
  const known = new Set(model.entries.map((e) => e.name));
  for (const name of tensors.keys()) {
    if (!known.has(name))
      problems.push(`unexpected tensor "${name}" (no such parameter in this network)`);
  }
  return problems;
}

/** Loads weights into a model; throws (leaving the model untouched) if the file does not fit. */
export function importWeights(model: Model, bytes: Uint8Array): void {
  const { tensors } = readSafetensors(bytes);
  const problems = weightMismatches(model, tensors);
  if (problems.length) throw new SafetensorsError(problems.join('; '));
  model.writeTensors(tensors);
}
