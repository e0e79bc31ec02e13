// Share links: the setup on screen (network, training settings, dataset choice, seed; never
// weights) as a URL, and the way back: a link opened in the app rebuilds that setup in the
// stores. Everything in a link is checked before anything is changed, so a broken or foreign
// link leaves the user's saved setup exactly as it was.
//
// The dataset travels as a short id: "mnist", "shapes?classes=…&count=…&seed=…&size=…&channels=…",
// or "custom?…" describing the sender's own images (which a link cannot carry).
import type { StoreApi } from 'zustand/vanilla';
import { decodeShareLink, encodeShareLink, ShareLinkError } from '../../engine/io/share';
import type { NetworkSpec } from '../../engine/spec';
import { parseTrainingSettings, type TrainingSettings } from '../../engine/train/settings';
import type { DatasetStore } from '../dataset';
import {
  datasetTarget,
  MNIST_CLASSES,
  MNIST_SHAPE,
  parseDatasetSettings,
  type DatasetSettings,
  type ShapesSettings,
} from '../dataset-settings';
import type { NetworkStore } from '../network';
import type { TrainingState } from '../training';

export interface ShareDeps {
  readonly network: NetworkStore;
  readonly dataset: DatasetStore;
  readonly training: StoreApi<TrainingState>;
}

export type SharedDataset =
  | { readonly source: 'mnist' }
  | { readonly source: 'shapes'; readonly shapes: ShapesSettings }
  /** The sender's own images: only described, so the receiver knows what to import. */
  | {
      readonly source: 'custom';
      readonly name?: string;
      readonly shape?: string;
      readonly classes?: number;
    };

/** The dataset choice as a link carries it. */
export function datasetId(s: DatasetSettings): string {
  if (s.source === 'mnist') return 'mnist';
  if (s.source === 'shapes') {
    const { classes, count, seed, size, channels } = s.shapes;
    const q = { classes, count, seed, size, channels };
    return `shapes?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`;
  }
  const c = s.custom;
  if (!c) return 'custom';
  const q = { name: c.name, shape: `${c.channels}x${c.height}x${c.width}`, classes: String(c.classNames.length) }; // prettier-ignore
  return `custom?${new URLSearchParams(q)}`;
}

/** Reads a dataset id; throws ShareLinkError for one this build does not know. */
export function parseDatasetId(id: string): SharedDataset {
  const q = id.indexOf('?');
  const kind = q < 0 ? id : id.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : id.slice(q + 1));
  if (kind === 'mnist') return { source: 'mnist' };
  if (kind === 'shapes') {
    const shapes: Record<string, number> = {};
    for (const key of ['classes', 'count', 'seed', 'size', 'channels']) {
      const v = params.get(key);
      if (v === null || !/^\d+$/.test(v)) {
        throw new ShareLinkError(`the link's shapes dataset has no valid "${key}"`);
      }
      shapes[key] = Number(v);
    }
    try {
      return { source: 'shapes', shapes: parseDatasetSettings({ source: 'shapes', shapes }).shapes }; // prettier-ignore
    } catch (e) {
      throw new ShareLinkError(`the link's shapes dataset is invalid: ${(e as Error).message}`);
    }
  }
  if (kind === 'custom') {
    const classes = Number(params.get('classes'));
    return {
      source: 'custom',
      ...(params.get('name') ? { name: params.get('name')! } : {}),
      ...(params.get('shape') ? { shape: params.get('shape')!.replace(/x/g, '×') } : {}),
      ...(Number.isInteger(classes) && classes > 0 ? { classes } : {}),
    };
  }
  throw new ShareLinkError(`the link's dataset ${JSON.stringify(id)} is not one this version knows`); // prettier-ignore
}

/** The share URL for what is on screen: `base` (the page address) + "#" + the encoded setup. */
export function shareLinkFor(deps: ShareDeps, base: string): string {
  const settings = deps.training.getState().settings;
  const code = encodeShareLink({
    spec: deps.network.getState().spec,
    training: settings as unknown as Record<string, unknown>,
    dataset: datasetId(deps.dataset.getState()),
    seed: settings.seed,
  });
  return `${base.replace(/#.*$/, '')}#${code}`;
}

export interface ShareResult {
  readonly ok: boolean;
  /** What happened, ready to show. */
  readonly message: string;
}

function inputText(spec: NetworkSpec): string {
  const { channels, height, width } = spec.input;
  return `${height}×${width}×${channels}`;
}

function describe(d: SharedDataset): string {
  if (d.source === 'mnist') return 'MNIST';
  if (d.source === 'shapes') return `synthetic shapes (${d.shapes.classes} classes, ${d.shapes.count} images, ${d.shapes.size}×${d.shapes.size})`; // prettier-ignore
  return 'the sender’s own images';
}

/** Opens a share link (a whole URL, "#code" or the bare code) into the stores. */
export function applyShareLink(link: string, deps: ShareDeps): ShareResult {
  let spec: NetworkSpec;
  let settings: TrainingSettings;
  let dataset: SharedDataset;
  try {
    const shared = decodeShareLink(link);
    spec = shared.spec;
    try {
      settings = parseTrainingSettings({ ...shared.training, seed: shared.seed });
    } catch (e) {
      throw new ShareLinkError(`its training settings are invalid: ${(e as Error).message}`);
    }
    dataset = parseDatasetId(shared.dataset);
    const target =
      dataset.source === 'mnist'
        ? { input: MNIST_SHAPE, classes: MNIST_CLASSES }
        : dataset.source === 'shapes'
          ? datasetTarget({ ...deps.dataset.getState(), source: 'shapes', shapes: dataset.shapes })
          : null;
    const i = target?.input;
    if (i && (i.channels !== spec.input.channels || i.height !== spec.input.height || i.width !== spec.input.width)) {
      throw new ShareLinkError(
        `its network takes ${inputText(spec)} images but its dataset gives ${i.height}×${i.width}×${i.channels}`,
      );
    } // prettier-ignore
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, message: `This share link could not be opened: ${why}. Your own setup is unchanged.` }; // prettier-ignore
  }

  // Everything checked: now change the stores. The dataset first, so the network input follows
  // it before the shared network is put in (loadSpec keeps the current input shape).
  deps.training.getState().setSettings(settings);
  const ds = deps.dataset.getState();
  if (dataset.source === 'shapes') ds.setShapes(dataset.shapes);
  deps.dataset.getState().choose(dataset.source);
  deps.network.getState().loadSpec(spec);
  // The sender's images are not here: keep the shared network's own input shape.
  if (dataset.source === 'custom') deps.network.getState().setInputShape(spec.input);

  const name = spec.name ? `“${spec.name}”` : 'a network';
  const own =
    dataset.source === 'custom'
      ? ` It was trained on the sender’s own images${dataset.name ? ` (“${dataset.name}”` : ' ('}${dataset.shape ? `, ${dataset.shape}` : ''}${dataset.classes ? `, ${dataset.classes} classes` : ''}): import yours in the Data tab.` // prettier-ignore
      : '';
  return {
    ok: true,
    message:
      `Opened a shared setup: ${name} (${spec.layers.length} layers) on ${describe(dataset)}, ` +
      `seed ${settings.seed}, with its training settings. Weights are not included in share ` +
      `links: press Train to train it from scratch.${own}`,
  };
}
