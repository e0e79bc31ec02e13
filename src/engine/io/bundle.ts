// "Take the model away": every file a download offers for a trained network, a zip of them all,
// and the way back in (weights file, optionally with its network.json, or the whole zip).
//
//   model.safetensors  weights under PyTorch names, the network spec in the metadata
//   network.json       the network spec
//   model.onnx         the inference graph with weights (see onnx.ts)
//   model.py           a PyTorch module that loads model.safetensors (see pytorch.ts)
//   summary.json       layer table and totals (see summary.ts)
//
// Import checks everything before returning anything, and each way a file can be wrong has its
// own message naming the file and, for tensors, the tensor and the mismatch.
import { unzipSync, zipSync } from 'fflate';
import { CpuBackend } from '../backend/cpu/cpu-backend';
import { Model, ModelError } from '../model/model';
import { parseNetworkSpec, SpecError, type NetworkSpec } from '../spec';
import { analyzeForExport, requireTensor } from './export-checks';
import { exportOnnx, type OnnxExportOptions } from './onnx';
import { exportPytorch } from './pytorch';
import {
  readSafetensors,
  SafetensorsError,
  writeSafetensors,
  type HostTensor,
} from './safetensors';
import { summarizeNetwork, type NetworkSummary } from './summary';
import { SPEC_METADATA_KEY, weightMismatches } from './weights';

export const BUNDLE_FILES = {
  weights: 'model.safetensors',
  spec: 'network.json',
  onnx: 'model.onnx',
  pytorch: 'model.py',
  summary: 'summary.json',
} as const;

export interface BundleFile {
  readonly name: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

export interface BundleOptions {
  /** A summary already computed (the UI may hold one); computed from the spec otherwise. */
  readonly summary?: NetworkSummary;
  readonly onnx?: OnnxExportOptions;
  /** Extra safetensors metadata, e.g. the input preprocessing the weights were trained with. */
  readonly metadata?: Record<string, string>;
}

const utf8 = new TextEncoder();

/**
 * The safetensors weights file for `spec`: exactly the network's tensors, in network order,
 * with the spec in the metadata (as exportWeights writes it from a live model).
 */
export function weightsFile(
  spec: NetworkSpec,
  tensors: ReadonlyMap<string, HostTensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const analysis = analyzeForExport(spec);
  const ordered: [string, HostTensor][] = [];
  for (const l of analysis.layers) {
    for (const p of l.params) {
      const name = `${l.id}.${p.name}`;
      ordered.push([name, requireTensor(tensors, name, p.shape)]);
    }
  }
  return writeSafetensors(ordered, {
    format: 'pt',
    [SPEC_METADATA_KEY]: JSON.stringify(spec),
    ...metadata,
  });
}

/** Every file of the download, in the order a file list shows them. */
export function bundleFiles(
  spec: NetworkSpec,
  tensors: ReadonlyMap<string, HostTensor>,
  opts: BundleOptions = {},
): BundleFile[] {
  const summary = opts.summary ?? summarizeNetwork(spec);
  return [
    {
      name: BUNDLE_FILES.weights,
      mimeType: 'application/octet-stream',
      bytes: weightsFile(spec, tensors, opts.metadata),
    },
    {
      name: BUNDLE_FILES.spec,
      mimeType: 'application/json',
      bytes: utf8.encode(JSON.stringify(spec, null, 2) + '\n'),
    },
    {
      name: BUNDLE_FILES.onnx,
      mimeType: 'application/octet-stream',
      bytes: exportOnnx(spec, tensors, opts.onnx),
    },
    {
      name: BUNDLE_FILES.pytorch,
      mimeType: 'text/x-python',
      bytes: utf8.encode(exportPytorch(spec)),
    },
    {
      name: BUNDLE_FILES.summary,
      mimeType: 'application/json',
      bytes: utf8.encode(JSON.stringify(summary, null, 2) + '\n'),
    },
  ];
}

/** A zip of the files (deflated; `mtime` fixes the timestamps for reproducible archives). */
export function zipFiles(files: readonly BundleFile[], mtime?: Date): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const f of files) entries[f.name] = f.bytes;
  return zipSync(entries, { level: 6, ...(mtime ? { mtime } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Import

export class ImportError extends Error {
  constructor(
    message: string,
    /** Each tensor problem separately (for a list in the UI); empty for file-level errors. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ImportedModel {
  readonly spec: NetworkSpec;
  readonly tensors: Map<string, HostTensor>;
  /** Where the spec came from: the separate network.json or the weights file's metadata. */
  readonly specFrom: 'json' | 'metadata';
}

function parseSpecText(text: string, where: string): NetworkSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`${where} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return parseNetworkSpec(json);
  } catch (e) {
    if (e instanceof SpecError) throw new ImportError(`${where}: ${e.message}`);
    throw e;
  }
}

/**
 * Reads a weights file (and optionally the network.json to use instead of the spec stored in
 * it) and checks that every tensor the network needs is there with the right shape.
 */
export function importModelFiles(input: {
  readonly weights: Uint8Array;
  readonly specJson?: string;
}): ImportedModel {
  let file: ReturnType<typeof readSafetensors>;
  try {
    file = readSafetensors(input.weights);
  } catch (e) {
    if (e instanceof SafetensorsError)
      throw new ImportError(`${BUNDLE_FILES.weights}: ${e.message}`);
    throw e;
  }

  let spec: NetworkSpec;
  let specFrom: ImportedModel['specFrom'];
  if (input.specJson !== undefined) {
    spec = parseSpecText(input.specJson, BUNDLE_FILES.spec);
    specFrom = 'json';
  } else {
    const stored = file.metadata[SPEC_METADATA_KEY];
    if (stored === undefined) {
      throw new ImportError(
        `${BUNDLE_FILES.weights} does not say which network it belongs to (no "${SPEC_METADATA_KEY}" ` +
          `metadata, e.g. a file saved from PyTorch): choose its ${BUNDLE_FILES.spec} as well`,
      );
    }
    spec = parseSpecText(stored, `the network stored in ${BUNDLE_FILES.weights}`);
    specFrom = 'metadata';
  }

  // Compiling the network (on the CPU backend, nothing is run) both validates it and gives the
  // exact tensor list that weightMismatches compares against, the same check importWeights uses.
  let model: Model;
  try {
    model = Model.create(spec, new CpuBackend());
  } catch (e) {
    if (e instanceof ModelError) {
      throw new ImportError(`the network is invalid: ${e.message.replace(/\n/g, '; ')}`);
    }
    throw e;
  }
  const problems = weightMismatches(model, file.tensors);
  if (problems.length) {
    throw new ImportError(
      `${BUNDLE_FILES.weights} does not fit the network: ${problems.join('; ')}`,
      problems,
    );
  }
  return { spec, tensors: file.tensors, specFrom };
}

/** Reads a zip made by zipFiles (or any zip holding model.safetensors, optionally network.json). */
export function importBundleZip(zip: Uint8Array): ImportedModel {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      // Only the two files import needs are inflated.
      filter: (f) => f.name.endsWith(BUNDLE_FILES.weights) || f.name.endsWith(BUNDLE_FILES.spec),
    });
  } catch (e) {
    throw new ImportError(`not a readable zip archive: ${(e as Error).message}`);
  }
  // Accept the files at the top level or inside one folder (archives re-zipped by hand).
  const find = (name: string) =>
    Object.entries(files).find(([path]) => path === name || path.endsWith(`/${name}`))?.[1];
  const weights = find(BUNDLE_FILES.weights);
  if (!weights) throw new ImportError(`the zip archive holds no ${BUNDLE_FILES.weights}`);
  const specBytes = find(BUNDLE_FILES.spec);
  let specJson: string | undefined;
  if (specBytes) {
    try {
      specJson = new TextDecoder('utf-8', { fatal: true }).decode(specBytes);
    } catch {
      throw new ImportError(`${BUNDLE_FILES.spec} is not UTF-8 text`);
    }
  }
  return importModelFiles({ weights, specJson });
}
