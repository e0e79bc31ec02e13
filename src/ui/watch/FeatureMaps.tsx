// One layer's output for one image: a grey tile per channel of a feature map (bright = strong
// response), or a strip of cells for a vector (dense layers, flatten). Each tile is a button:
// clicking one singles that channel out (shown large beside the input image).
import { useMemo } from 'react';
import type { ActivationMap } from '../../engine/inspect/activations';
import { grayTiles, tile, type Normalization } from '../../engine/inspect/images';
import { PixelCanvas } from './PixelCanvas';

/** Tile width that keeps a layer's channels to a few rows of the side panel. */
export function tileSize(channels: number): number {
  if (channels <= 6) return 52;
  if (channels <= 16) return 40;
  if (channels <= 48) return 28;
  return 20;
}

export function FeatureMaps({
  map,
  normalization,
  selected,
  onSelect,
}: {
  map: ActivationMap;
  normalization: Normalization;
  selected: number | null;
  onSelect: (channel: number | null) => void;
}) {
  const isMap = map.shape.length === 3;
  const [c, h, w] = isMap ? map.shape : [1, 1, map.shape.reduce((a, b) => a * b, 1)];
  const tiles = useMemo(() => grayTiles(map.values, c, h, w, normalization), [map, c, h, w, normalization]); // prettier-ignore
  if (!isMap) {
    return (
      <div className="feature-vector">
        <PixelCanvas
          rgba={tiles.rgba}
          width={w}
          height={1}
          displayWidth={Math.min(340, Math.max(120, w * 3))}
          className="vector-strip"
          label={`${w} values of ${map.layerId}, from ${map.min.toPrecision(3)} to ${map.max.toPrecision(3)}`}
        />
      </div>
    );
  }
  const px = tileSize(c);
  return (
    <div
      className="feature-grid"
      role="group"
      aria-label={`${c} activation maps of ${map.layerId}`}
    >
      {Array.from({ length: c }, (_, k) => (
        <button
          key={k}
          type="button"
          className="map-button"
          aria-pressed={selected === k}
          aria-label={`Channel ${k + 1} of ${map.layerId}`}
          onClick={() => onSelect(selected === k ? null : k)}
        >
          <PixelCanvas rgba={tile(tiles, k)} width={w} height={h} displayWidth={px} />
        </button>
      ))}
    </div>
  );
}
