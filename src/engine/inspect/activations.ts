// Activation maps: what every layer outputs for one chosen image, from an inference pass of
// batch 1. The values stay raw floats (the page decides how to colour them, e.g. with
// grayTiles from ./images); only the layers asked for are copied off the device.
import { exampleSize } from '../data/dataset';
import type { Model } from '../model/model';
import { INPUT_ID } from '../spec';
import { argmax, fillInput, forwardRead, softmax, type ExampleSource } from './forward';
import { range } from './images';

export interface ActivationMap {
  readonly layerId: string;
  readonly type: string;
  /** Per-example shape: [C, H, W] for feature maps, [F] for vectors. */
  readonly shape: number[];
  readonly values: Float32Array;
  readonly min: number;
  readonly max: number;
}

export interface ActivationsResult {
  readonly datasetIndex: number;
  readonly label: number;
  /** The raw example (C × H × W bytes) for display beside the maps. */
  readonly image: Uint8Array;
  readonly imageShape: [number, number, number];
  /** Softmax of the network's scores for this image. */
  readonly probabilities: Float32Array;
  readonly predicted: number;
  readonly maps: ActivationMap[];
}

/**
 * Forwards dataset example `datasetIndex` and returns the outputs of `layerIds` (default: every
 * layer; `input` names the preprocessed input).
 */
export async function readActivations(
  model: Model,
  src: ExampleSource,
  datasetIndex: number,
  layerIds?: readonly string[],
): Promise<ActivationsResult> {
  const d = src.dataset;
  if (!Number.isInteger(datasetIndex) || datasetIndex < 0 || datasetIndex >= d.count) {
    throw new RangeError(`example ${datasetIndex} is outside the dataset (0–${d.count - 1})`);
  }
  const ids = layerIds ?? model.analysis.layers.map((l) => l.id);
  const plan = model.plan(1, 'eval');
  for (const id of ids) {
    if (!plan.activations.has(id)) throw new Error(`no layer "${id}" in this network`);
  }
  const x = new Float32Array(plan.input.size);
  fillInput(src, [datasetIndex], x);
  const tensors = ids.map((id) => plan.activations.get(id)!);
  const [logits, ...values] = await forwardRead(model, plan, x, [plan.logits, ...tensors]);
  const probabilities = softmax(logits);
  const maps = ids.map((id, i) => {
    const shape = tensors[i].shape.slice(1);
    const r = range(values[i]);
    const type = id === INPUT_ID ? 'input' : model.analysis.byId.get(id)!.type;
    return { layerId: id, type, shape, values: values[i], min: r.min, max: r.max };
  });
  const size = exampleSize(d);
  return {
    datasetIndex,
    label: d.labels[datasetIndex],
    // A copy (not .slice: on a Node Buffer that is a view), so it can be transferred away.
    image: new Uint8Array(d.images.subarray(datasetIndex * size, (datasetIndex + 1) * size)),
    imageShape: [d.channels, d.height, d.width],
    probabilities,
    predicted: argmax(probabilities),
    maps,
  };
}
