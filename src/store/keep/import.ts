// Bringing a model back in: a .safetensors file (with or without its network.json) or a .zip
// exported from convplay. Three stages, so that nothing changes until everything is known good:
//   readModelFiles  which file is which; the engine's importers check every byte and tensor
//   planImport      can it train here? the dataset must give its input and class count
//                   (switching to MNIST or matching synthetic shapes when that is what it needs)
//   applyImport     the builder gets the network, the worker a session with the weights
// A failure in the first two throws ImportError (with one problem per tensor where that is the
// trouble) and leaves the network, the dataset and the worker's weights exactly as they were.
import { analyzeNetwork } from '../../engine/analyze';
import { BUNDLE_FILES, ImportError, importBundleZip, importModelFiles, weightsFile, type ImportedModel } from '../../engine/io/bundle'; // prettier-ignore
import { PREPROCESS_METADATA_KEY } from '../../engine/io/weights';
import { PREPROCESS_MODES, type PreprocessMode } from '../../engine/data/preprocess';
import type { StoreApi } from 'zustand/vanilla';
import type { DatasetStore } from '../dataset';
import { datasetTarget, MNIST_CLASSES, MNIST_SHAPE, SHAPES_LIMITS, type ShapesSettings } from '../dataset-settings'; // prettier-ignore
import type { NetworkStore } from '../network';
import type { RunControlState } from '../run-control';
import type { TrainingState } from '../training';

export interface PickedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ImportDeps {
  readonly network: NetworkStore;
  readonly dataset: DatasetStore;
  readonly training: StoreApi<TrainingState>;
  readonly runControl: StoreApi<RunControlState>;
}

const kindOf = (name: string) => {
  const n = name.toLowerCase();
  if (n.endsWith('.zip')) return 'zip';
  if (n.endsWith('.safetensors')) return 'weights';
  if (n.endsWith('.json')) return 'spec';
  return null;
};

/** The engine names the standard files in its messages; say the user's own names instead. */
function renamed(e: unknown, names: Partial<Record<string, string>>): unknown {
  if (!(e instanceof ImportError)) return e;
  const fix = (s: string) => Object.entries(names).reduce((t, [from, to]) => (to ? t.split(from).join(to) : t), s); // prettier-ignore
  return new ImportError(fix(e.message), e.problems.map(fix));
}

/** Reads and checks the chosen files; throws ImportError saying what is wrong. */
export function readModelFiles(files: readonly PickedFile[]): ImportedModel {
  if (files.length === 0) {
    throw new ImportError('choose a .safetensors weights file (optionally with its .json network) or a .zip exported from convplay'); // prettier-ignore
  }
  const other = files.find((f) => kindOf(f.name) === null);
  if (other) throw new ImportError(`“${other.name}” is not a model file: choose .safetensors, .json or .zip`); // prettier-ignore
  const of = (k: string) => files.filter((f) => kindOf(f.name) === k);
  const [zips, weights, specs] = [of('zip'), of('weights'), of('spec')];
  if (zips.length > 0) {
    if (files.length > 1) throw new ImportError('choose either one .zip or the .safetensors (and .json) files, not both'); // prettier-ignore
    try {
      return importBundleZip(zips[0].bytes);
    } catch (e) {
      if (e instanceof ImportError) throw new ImportError(`${zips[0].name}: ${e.message}`, e.problems); // prettier-ignore
      throw e;
    }
  }
  if (weights.length !== 1) {
    throw new ImportError(weights.length === 0 ? `“${specs[0].name}” describes a network but holds no weights: choose its .safetensors file too` : `choose one .safetensors file (${weights.length} were chosen)`); // prettier-ignore
  }
  if (specs.length > 1) throw new ImportError(`choose at most one .json network file (${specs.length} were chosen)`); // prettier-ignore
  let specJson: string | undefined;
  if (specs.length === 1) {
    try {
      specJson = new TextDecoder('utf-8', { fatal: true }).decode(specs[0].bytes);
    } catch {
      throw new ImportError(`“${specs[0].name}” is not UTF-8 text`);
    }
  }
  try {
    return importModelFiles({ weights: weights[0].bytes, specJson });
  } catch (e) {
    throw renamed(e, { [BUNDLE_FILES.weights]: weights[0].name, [BUNDLE_FILES.spec]: specs[0]?.name }); // prettier-ignore
  }
}

export type DatasetSwitch =
  { readonly source: 'mnist' } | { readonly source: 'shapes'; readonly shapes: ShapesSettings };

export interface ImportPlan {
  readonly model: ImportedModel;
  /** The dataset to switch to so the model fits it; null when the chosen one does. */
  readonly dataset: DatasetSwitch | null;
  /** The preprocessing the weights were trained with, when the file says. */
  readonly preprocess: PreprocessMode | null;
}

function shapeText(i: { channels: number; height: number; width: number }): string {
  return `${i.height}×${i.width}×${i.channels}`;
}

/** Checks that the model can train and predict here; throws ImportError saying why not. */
export function planImport(model: ImportedModel, deps: Pick<ImportDeps, 'dataset'>): ImportPlan {
  const { spec } = model;
  const out = analyzeNetwork(spec).outShape;
  if (!out || out.length !== 1) {
    throw new ImportError(`the network's output has shape [${out?.join(', ')}], not one score per class`); // prettier-ignore
  }
  const classes = out[0];
  const { channels, height, width } = spec.input;
  const ds = deps.dataset.getState();
  const target = datasetTarget(ds);
  const same = (i: { channels: number; height: number; width: number }) => i.channels === channels && i.height === height && i.width === width; // prettier-ignore
  let dataset: DatasetSwitch | null = null;
  if (!(target && same(target.input) && target.classes === classes)) {
    const [lo, hi] = SHAPES_LIMITS.size;
    const [cLo, cHi] = SHAPES_LIMITS.classes;
    if (same(MNIST_SHAPE) && classes === MNIST_CLASSES) dataset = { source: 'mnist' };
    else if ((channels === 1 || channels === 3) && height === width && height >= lo && height <= hi && classes >= cLo && classes <= cHi) {
      dataset = { source: 'shapes', shapes: { ...ds.shapes, size: height, channels, classes } };
    } else {
      const has = target ? `${shapeText(target.input)} images in ${target.classes} classes` : 'no images yet';
      throw new ImportError(`the model takes ${shapeText(spec.input)} images and scores ${classes} classes, but the chosen dataset (${ds.loaded?.name ?? ds.source}) has ${has}: load a matching dataset in the Data tab, then import again`); // prettier-ignore
    } // prettier-ignore
  }
  let preprocess: PreprocessMode | null = null;
  const raw = model.metadata[PREPROCESS_METADATA_KEY];
  if (raw) {
    try {
      const mode = (JSON.parse(raw) as { mode?: unknown }).mode;
      if (PREPROCESS_MODES.includes(mode as PreprocessMode)) preprocess = mode as PreprocessMode;
    } catch {
      // Unreadable preprocessing metadata: the current setting stays (said in the message).
    }
  }
  return { model, dataset, preprocess };
}

/**
 * Puts the network in the builder and the weights in a new worker session. Resolves with what
 * happened, for the user; on a worker failure the stores are put back and it rejects.
 */
export async function applyImport(
  plan: ImportPlan,
  deps: ImportDeps,
  fileName: string,
): Promise<string> {
  const { spec, tensors } = plan.model;
  const before = { settings: deps.training.getState().settings, source: deps.dataset.getState().source, shapes: deps.dataset.getState().shapes }; // prettier-ignore
  const notes: string[] = [];
  if (plan.preprocess && plan.preprocess !== before.settings.preprocess) {
    deps.training.getState().setSettings({ preprocess: plan.preprocess });
    notes.push(`Preprocessing is now “${plan.preprocess}”, as the model was trained with.`);
  }
  if (plan.dataset) {
    if (plan.dataset.source === 'shapes') deps.dataset.getState().setShapes(plan.dataset.shapes);
    deps.dataset.getState().choose(plan.dataset.source);
    notes.push(plan.dataset.source === 'mnist' ? 'The dataset is now MNIST, which the model fits.' : `The dataset is now synthetic shapes (${shapeText(spec.input)}, ${plan.dataset.shapes.classes} classes) to fit the model.`); // prettier-ignore
  }
  deps.network.getState().loadSpec(spec);
  try {
    const bytes = weightsFile(spec, tensors);
    await deps.runControl.getState().configureWith((ctl) => ctl.client.importWeights(bytes), { name: `${spec.name ?? 'Network'} (imported)` }); // prettier-ignore
  } catch (e) {
    // The session could not take the weights (a failed dataset download...): undo the rest.
    deps.network.getState().undo();
    deps.training.getState().setSettings(before.settings);
    if (plan.dataset) {
      deps.dataset.getState().setShapes(before.shapes);
      deps.dataset.getState().choose(before.source);
    }
    throw e;
  }
  const params = [...tensors.values()].reduce((a, t) => a + t.data.length, 0);
  return [
    `Imported “${spec.name ?? 'network'}” (${spec.layers.length} layers, ${params.toLocaleString('en')} values) from ${fileName}.`,
    'The builder shows its network and the training session holds its weights: Train continues training them.',
    ...notes,
  ].join(' '); // prettier-ignore
}
