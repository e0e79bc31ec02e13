// "Take the model away": the files a download offers, made from the worker's current weights.
// The worker's safetensors file is the snapshot (taken between two training chunks, so it is
// consistent even mid-run); every other format is derived from it on the page, so one request
// to the worker serves any format and the spec exported is exactly the one the weights belong
// to, even when the builder has been edited since the session was set up.
import { BUNDLE_FILES, bundleFiles, weightsFile, zipFiles } from '../../engine/io/bundle';
import { exportOnnx } from '../../engine/io/onnx';
import { exportPytorch } from '../../engine/io/pytorch';
import { readSafetensors, type HostTensor } from '../../engine/io/safetensors';
import { summarizeNetwork } from '../../engine/io/summary';
import { PREPROCESS_METADATA_KEY, SPEC_METADATA_KEY } from '../../engine/io/weights';
import type { Preprocess } from '../../engine/data/preprocess';
import { parseNetworkSpec, type NetworkSpec } from '../../engine/spec';

export type ExportFormat = 'weights' | 'spec' | 'onnx' | 'pytorch' | 'summary' | 'zip';

export const EXPORT_FORMATS: readonly {
  readonly format: ExportFormat;
  readonly label: string;
  readonly help: string;
}[] = [
  { format: 'weights', label: 'Weights (.safetensors)', help: 'Trained weights under PyTorch names, with the network and its preprocessing inside; import it here to continue.' }, // prettier-ignore
  { format: 'spec', label: 'Network (.json)', help: 'The architecture as convplay describes it.' },
  { format: 'onnx', label: 'ONNX (.onnx)', help: 'The inference graph with weights, for onnxruntime and most deployment tools.' }, // prettier-ignore
  { format: 'pytorch', label: 'PyTorch (.py)', help: 'A PyTorch module that loads the .safetensors file beside it.' }, // prettier-ignore
  { format: 'summary', label: 'Summary (.json)', help: 'Layer table: output shapes, parameters, FLOPs.' }, // prettier-ignore
  { format: 'zip', label: 'Everything (.zip)', help: `${Object.values(BUNDLE_FILES).join(', ')} in one archive; import it here as it is.` }, // prettier-ignore
];

export interface DownloadFile {
  readonly name: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

/** A snapshot of the weights, ready to write in any format. */
export interface ModelSnapshot {
  readonly spec: NetworkSpec;
  readonly tensors: ReadonlyMap<string, HostTensor>;
  /** Extra safetensors metadata to keep (the preprocessing). */
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * A file name from the network name: lower case letters, digits and "_" ("LeNet-5" → "lenet_5"),
 * which is also an importable Python module name for the .py file.
 */
export function fileBase(spec: NetworkSpec): string {
  const slug = (spec.name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  if (!slug) return 'network';
  return /^[0-9]/.test(slug) ? `net_${slug}` : slug;
}

/**
 * Reads the worker's weights file. Its preprocessing is kept; when it has none, `preprocess`
 * (what the session reported) is added, since the weights are useless without it.
 */
export function readSnapshot(bytes: Uint8Array, preprocess?: Preprocess | null): ModelSnapshot {
  const { tensors, metadata } = readSafetensors(bytes);
  const raw = metadata[SPEC_METADATA_KEY];
  if (!raw) throw new Error('the weights from the training worker do not name their network');
  const spec = parseNetworkSpec(JSON.parse(raw));
  const keep: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata)) {
    if (k !== SPEC_METADATA_KEY && k !== 'format') keep[k] = v;
  }
  if (!keep[PREPROCESS_METADATA_KEY] && preprocess) {
    keep[PREPROCESS_METADATA_KEY] = JSON.stringify(preprocess);
  }
  return { spec, tensors, metadata: keep };
}

const utf8 = new TextEncoder();
const json = (v: unknown) => utf8.encode(JSON.stringify(v, null, 2) + '\n');

/** One download: the chosen format, named after the network. */
export function exportFile(format: ExportFormat, snap: ModelSnapshot, mtime?: Date): DownloadFile {
  const { spec, tensors, metadata } = snap;
  const base = fileBase(spec);
  switch (format) {
    case 'weights':
      return { name: `${base}.safetensors`, mimeType: 'application/octet-stream', bytes: weightsFile(spec, tensors, metadata) }; // prettier-ignore
    case 'spec':
      return { name: `${base}.network.json`, mimeType: 'application/json', bytes: json(spec) };
    case 'onnx':
      return { name: `${base}.onnx`, mimeType: 'application/octet-stream', bytes: exportOnnx(spec, tensors) }; // prettier-ignore
    case 'pytorch': {
      // The module loads the weights file under the name this download gives it.
      const code = exportPytorch(spec, { weightsFile: `${base}.safetensors`, onnxFile: `${base}.onnx` }); // prettier-ignore
      return { name: `${base}.py`, mimeType: 'text/x-python', bytes: utf8.encode(code) };
    }
    case 'summary':
      return { name: `${base}.summary.json`, mimeType: 'application/json', bytes: json(summarizeNetwork(spec)) }; // prettier-ignore
    case 'zip': {
      // Inside the archive the files keep their standard names, which import looks for.
      const files = bundleFiles(spec, tensors, { metadata });
      return { name: `${base}.zip`, mimeType: 'application/zip', bytes: zipFiles(files, mtime) };
    }
  }
}
