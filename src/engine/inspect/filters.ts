// First-layer filters as images: the weights of the first convolution are the one place where a
// conv net's learned features can be looked at directly (edge and colour detectors appear as
// training goes on; noise that never changes means the layer is not learning).
import type { HostTensor } from '../io/safetensors';
import type { Model } from '../model/model';
import { grayTiles, range, rgbTiles, type Normalization } from './images';

export interface FilterImages {
  readonly layerId: string;
  /** Number of filters K. */
  readonly filters: number;
  /** Input channels C of each filter. */
  readonly channels: number;
  /** True when each filter is one colour tile (C = 3); otherwise C grayscale tiles per filter. */
  readonly rgb: boolean;
  readonly tilesPerFilter: number;
  /** Kernel size (tile size in pixels). */
  readonly height: number;
  readonly width: number;
  readonly normalization: Normalization;
  /**
   * K × tilesPerFilter tiles of height × width RGBA pixels, filter after filter: tile
   * `k * tilesPerFilter + c` is channel c of filter k.
   */
  readonly rgba: Uint8ClampedArray;
  /** Raw value range of each filter (for a legend). */
  readonly min: number[];
  readonly max: number[];
}

/** Images of a conv weight tensor [K, C, kh, kw]. */
export function filterImages(
  layerId: string,
  weight: HostTensor,
  normalization: Normalization = 'tile',
): FilterImages {
  const [k, c, kh, kw] = weight.shape;
  const rgb = c === 3;
  const size = c * kh * kw;
  const tiles = rgb
    ? rgbTiles(weight.data, k, kh, kw, normalization)
    : // One range per filter over all its channels, so channel tiles of one filter compare.
      grayPerFilter(weight.data, k, c, kh, kw, normalization);
  const min: number[] = [];
  const max: number[] = [];
  for (let f = 0; f < k; f++) {
    const r = range(weight.data, f * size, size);
    min.push(r.min);
    max.push(r.max);
  }
  return {
    layerId,
    filters: k,
    channels: c,
    rgb,
    tilesPerFilter: rgb ? 1 : c,
    height: kh,
    width: kw,
    normalization,
    rgba: tiles.rgba,
    min,
    max,
  };
}

function grayPerFilter(
  w: Float32Array,
  k: number,
  c: number,
  kh: number,
  kw: number,
  normalization: Normalization,
) {
  if (normalization === 'all' || c === 1) return grayTiles(w, k * c, kh, kw, normalization);
  // 'tile' for a multi-channel filter: one range per filter (its channel tiles stay comparable).
  const size = c * kh * kw;
  const rgba = new Uint8ClampedArray(k * size * 4);
  for (let f = 0; f < k; f++) {
    const tiles = grayTiles(w.subarray(f * size, (f + 1) * size), c, kh, kw, 'all');
    rgba.set(tiles.rgba, f * size * 4);
  }
  return { rgba };
}

/** The first conv2d layer in network order, or undefined when the network has none. */
export function firstConvLayer(model: Model): string | undefined {
  return model.analysis.layers.find((l) => l.type === 'conv2d')?.id;
}

/**
 * Filter images of a conv layer (default: the first). Returns null when the network has no
 * convolution (a plain MLP), which the filters panel should say in words.
 */
export async function readFilterImages(
  model: Model,
  opts: { layerId?: string; normalization?: Normalization } = {},
): Promise<FilterImages | null> {
  const layerId = opts.layerId ?? firstConvLayer(model);
  if (!layerId) return null;
  const layer = model.analysis.byId.get(layerId);
  if (!layer || layer.type !== 'conv2d') {
    throw new Error(`"${layerId}" is not a convolution layer of this network`);
  }
  const entry = model.entry(`${layerId}.weight`)!;
  const data = await model.backend.read(entry.value);
  return filterImages(layerId, { shape: entry.decl.shape, data }, opts.normalization);
}
