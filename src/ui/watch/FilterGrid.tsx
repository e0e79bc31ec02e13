// The first convolution's filters as images, refreshed while training: edge and colour detectors
// form as the network learns; filters that stay noise are not learning. Asked of the worker
// (the weights live there) about once a second while a run is going, and once when it stops.
import { useEffect, useRef, useState } from 'react';
import type { FilterImages } from '../../engine/inspect/filters';
import { tile } from '../../engine/inspect/images';
import { trainingController, useRunControl } from '../../store/run-control';
import { useTraining } from '../../store/training';

const REFRESH_MS = 1200;
const TILE_PX = 30;

function FilterTile({ images, index }: { images: FilterImages; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const tiles = { ...images, count: images.filters * images.tilesPerFilter };
    const rgba = new Uint8ClampedArray(tile(tiles, index));
    ctx.putImageData(new ImageData(rgba, images.width, images.height), 0, 0);
  }, [images, index]);
  return (
    <canvas
      ref={ref}
      width={images.width}
      height={images.height}
      className="filter-tile"
      style={{ width: TILE_PX, height: (TILE_PX * images.height) / images.width }}
    />
  );
}

export function FilterGrid() {
  const configured = useRunControl((s) => s.configuredKey !== null);
  const state = useTraining((s) => s.status.state);
  const step = useTraining((s) => s.latest?.step ?? 0);
  const summary = useTraining((s) => s.summary);
  const [images, setImages] = useState<FilterImages | null>(null);
  const [error, setError] = useState<string | null>(null);
  // While running, the timer refreshes; when stopped, a new step (a Step click) refetches once.
  const stoppedAt = state === 'running' ? -1 : step;

  useEffect(() => {
    if (!configured || !summary) return;
    let live = true;
    const fetchOnce = () =>
      trainingController()
        .client.filters()
        .then((f) => live && (setImages(f), setError(null)))
        .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    void fetchOnce();
    const timer = state === 'running' ? setInterval(() => void fetchOnce(), REFRESH_MS) : null;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [configured, summary, state, stoppedAt]);

  if (!configured) return null;
  return (
    <section className="filters" aria-label="First-layer filters">
      <h3>
        First-layer filters
        {images && (
          <span className="hint">
            {' '}
            · {images.layerId}, {images.filters} filters
          </span>
        )}
      </h3>
      {error && <p className="hint">{error}</p>}
      {!images && !error && <p className="hint">This network has no convolution to show.</p>}
      {images && (
        <div
          className="filter-grid"
          role="img"
          aria-label={`${images.filters} filters of ${images.layerId}, ${images.width}×${images.height}`}
        >
          {Array.from({ length: images.filters * images.tilesPerFilter }, (_, i) => (
            <FilterTile key={i} images={images} index={i} />
          ))}
        </div>
      )}
    </section>
  );
}
