// `convplay summary` and `convplay export`: the layer table of a spec, and the files a trained
// model leaves with (safetensors, network.json, ONNX, model.py, summary.json, or one zip).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleFiles, zipFiles } from '../engine/io/bundle';
import { readSafetensors } from '../engine/io/safetensors';
import { renderSummaryTable, summarizeNetwork } from '../engine/io/summary';
import { PREPROCESS_METADATA_KEY, weightMismatches } from '../engine/io/weights';
import { CpuBackend } from '../engine/backend/cpu/cpu-backend';
import { Model } from '../engine/model/model';
import { CliError, parse, requireFile, requireString, type Options } from './args';
import { loadSpec, readBytes } from './load';

export const SUMMARY_HELP = `convplay summary — the layer table of a network

  --spec FILE   network spec JSON (or --weights FILE holding one)
  --json        print the summary as JSON instead of a table
`;

export const EXPORT_HELP = `convplay export — write a trained model in formats other tools read

  --weights FILE   .safetensors written by train (required)
  --spec FILE      network spec (default: the one stored in the weights)
  --out DIR        output folder (required): model.safetensors, network.json, model.onnx,
                   model.py (PyTorch), summary.json
  --zip            also write model.zip with all of them
`;

const OPTIONS: Options = {
  spec: { type: 'string' }, weights: { type: 'string' }, out: { type: 'string' },
  json: { type: 'boolean' }, zip: { type: 'boolean' }, help: { type: 'boolean' },
}; // prettier-ignore

export async function summary(argv: string[], out: (line: string) => void) {
  const v = parse(argv, OPTIONS, 'summary');
  if (v.help) return out(SUMMARY_HELP);
  const weights =
    v.weights !== undefined ? await readBytes(requireFile(v, 'weights', 'summary')) : undefined;
  const spec = await loadSpec(v, 'summary', weights);
  let s;
  try {
    s = summarizeNetwork(spec);
  } catch (e) {
    throw new CliError(`summary: ${(e as Error).message}`);
  }
  out(v.json ? JSON.stringify(s) : renderSummaryTable(s));
}

export async function exportModel(argv: string[], out: (line: string) => void) {
  const v = parse(argv, OPTIONS, 'export');
  if (v.help) return out(EXPORT_HELP);
  const weightsPath = requireFile(v, 'weights', 'export');
  const dir = requireString(v, 'out', 'export');
  const bytes = await readBytes(weightsPath);
  const spec = await loadSpec(v, 'export', bytes);
  const { tensors, metadata } = readSafetensors(bytes);
  const problems = weightMismatches(Model.create(spec, new CpuBackend()), tensors);
  if (problems.length)
    throw new CliError(`export: --weights ${weightsPath}: ${problems.join('; ')}`);
  const pre = metadata[PREPROCESS_METADATA_KEY];
  const files = bundleFiles(
    spec,
    tensors,
    pre ? { metadata: { [PREPROCESS_METADATA_KEY]: pre } } : {},
  );
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const f of files) {
    await writeFile(join(dir, f.name), f.bytes);
    written.push(join(dir, f.name));
  }
  if (v.zip) {
    await writeFile(join(dir, 'model.zip'), zipFiles(files));
    written.push(join(dir, 'model.zip'));
  }
  out(JSON.stringify({ files: written }));
}
