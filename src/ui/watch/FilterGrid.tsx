// The first convolution's filters as images, refreshed while training: edge and colour detectors
// form as the network learns; filters that stay noise are not learning. Colour input gives
// colour filters (one RGB tile each); other inputs give one grey tile per input channel.
// Clicking a filter shows what it responds to: that channel of the layer's output for the image
// chosen in the activation view (the two views are linked through the watch store).
import { useMemo } from 'react';
import type { FilterImages } from '../../engine/inspect/filters';
import { tile } from '../../engine/inspect/images';
import { useWatch } from '../../store/watch';
import { PixelCanvas } from './PixelCanvas';
import { useInspection } from './use-inspection';

const REFRESH_MS = 1200;
const TILE_PX = 30;

function FilterButton({
  images,
  k,
  selected,
}: {
  images: FilterImages;
  k: number;
  selected: boolean;
}) {
  const highlight = useWatch((s) => s.highlightChannel);
  const tiles = useMemo(
    () => ({ ...images, count: images.filters * images.tilesPerFilter }),
    [images],
  );
  const range = `${images.min[k].toPrecision(2)} to ${images.max[k].toPrecision(2)}`;
  return (
    <button
      type="button"
      className="filter-button"
      aria-pressed={selected}
      aria-label={`Filter ${k + 1} of ${images.layerId}`}
      title={`Filter ${k + 1}: weights ${range}. Click to see its activation map.`}
      onClick={() => highlight(selected ? null : { layerId: images.layerId, channel: k })}
    >
      {Array.from({ length: images.tilesPerFilter }, (_, c) => (
        <PixelCanvas
          key={c}
          rgba={tile(tiles, k * images.tilesPerFilter + c)}
          width={images.width}
          height={images.height}
          displayWidth={TILE_PX}
          className="filter-tile"
        />
      ))}
    </button>
  );
}

export function FilterGrid() {
  const {
    data: images,
    answered,
    error,
  } = useInspection((c) => c.filters(), { pollMs: REFRESH_MS });
  const highlight = useWatch((s) => s.highlight);
  return (
    <div className="filters">
      <h4>
        First-layer filters
        {images && (
          <span className="hint">
            {' '}
            · {images.layerId}, {images.filters} filters
            {images.rgb
              ? ' (colour)'
              : images.channels > 1
                ? `, ${images.channels} channels each`
                : ''}
          </span>
        )}
      </h4>
      {error && <p className="hint">{error}</p>}
      {answered && images === null && (
        <p className="hint">This network has no convolution to show.</p>
      )}
      {images && (
        <div
          className="filter-grid"
          role="group"
          aria-label={`${images.filters} filters of ${images.layerId}, ${images.width}×${images.height}`}
        >
          {Array.from({ length: images.filters }, (_, k) => (
            <FilterButton
              key={k}
              images={images}
              k={k}
              selected={highlight?.layerId === images.layerId && highlight.channel === k}
            />
          ))}
        </div>
      )}
    </div>
  );
}
