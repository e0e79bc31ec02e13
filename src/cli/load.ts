// Loading what the commands share: the spec, IDX datasets, weights; each failure one clear line.
import { readFile } from 'node:fs/promises';
import type { Backend } from '../engine/backend/backend';
import type { ImageDataset } from '../engine/data/dataset';
import { parseIdxDataset, parseIdxImages } from '../engine/data/idx';
import { parsePreprocess, scalePreprocess, type Preprocess } from '../engine/data/preprocess';
import { readSafetensors } from '../engine/io/safetensors';
import { PREPROCESS_METADATA_KEY, SPEC_METADATA_KEY } from '../engine/io/weights';
import { Model, ModelError } from '../engine/model/model';
import { parseNetworkSpec, type NetworkSpec } from '../engine/spec';
import { CliError, requireFile, type Values } from './args';

export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** The spec from --spec, or else the one stored in the --weights file. */
export async function loadSpec(
  v: Values,
  command: string,
  weights?: Uint8Array,
): Promise<NetworkSpec> {
  if (v.spec === undefined && weights) {
    const raw = readSafetensors(weights).metadata[SPEC_METADATA_KEY];
    if (!raw)
      throw new CliError(`${command}: the weights file holds no network spec; give --spec`, 2);
    return parseNetworkSpec(JSON.parse(raw));
  }
  const path = requireFile(v, 'spec', command);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(await readBytes(path)));
  } catch (e) {
    throw new CliError(`${command}: --spec ${path} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return parseNetworkSpec(json);
  } catch (e) {
    throw new CliError(`${command}: --spec ${path}: ${(e as Error).message}`);
  }
}

export async function loadIdx(
  v: Values,
  imagesKey: string,
  labelsKey: string,
  command: string,
): Promise<ImageDataset> {
  const images = requireFile(v, imagesKey, command);
  const labels = requireFile(v, labelsKey, command);
  const [ib, lb] = await Promise.all([readBytes(images), readBytes(labels)]);
  try {
    return parseIdxDataset(ib, lb, { name: images });
  } catch (e) {
    throw new CliError(`${command}: ${(e as Error).message}`);
  }
}

/** Images without labels (for predict): labels are zero and not used. */
export async function loadIdxImagesOnly(v: Values, command: string): Promise<ImageDataset> {
  const path = requireFile(v, 'images', command);
  try {
    const img = parseIdxImages(await readBytes(path), path);
    return {
      name: path, channels: 1, height: img.height, width: img.width,
      classNames: [], count: img.count, images: img.pixels, labels: new Uint16Array(img.count),
    }; // prettier-ignore
  } catch (e) {
    throw new CliError(`${command}: ${(e as Error).message}`);
  }
}

/** Compiles the spec; a network that does not fit the data lists each problem on its own line. */
export function buildModel(
  spec: NetworkSpec,
  backend: Backend,
  data: ImageDataset,
  labelled: boolean,
  command: string,
): Model {
  const dataShape = [data.channels, data.height, data.width];
  try {
    return Model.create(
      spec,
      backend,
      labelled ? { numClasses: data.classNames.length, dataShape } : { dataShape },
    );
  } catch (e) {
    if (e instanceof ModelError) {
      throw new CliError(
        `${command}: the network does not fit the data:\n  ${e.message.split('\n').join('\n  ')}`,
      );
    }
    throw e;
  }
}

export function preprocessFromWeights(bytes: Uint8Array, channels: number): Preprocess {
  const raw = readSafetensors(bytes).metadata[PREPROCESS_METADATA_KEY];
  return raw ? parsePreprocess(JSON.parse(raw), channels) : scalePreprocess(channels);
}
