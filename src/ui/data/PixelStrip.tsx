// A row of small images drawn from uint8 example data, scaled up crisply (no smoothing).
import { useEffect, useMemo, useRef } from 'react';
import { stripToRgba } from './draw';

export function PixelStrip({
  examples,
  channels,
  height,
  width,
  thumb,
  label,
}: {
  examples: readonly Uint8Array[];
  channels: number;
  height: number;
  width: number;
  /** Displayed size of one image, CSS pixels. */
  thumb: number;
  label: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const strip = useMemo(
    () => stripToRgba(examples, channels, height, width, 1),
    [examples, channels, height, width],
  );
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    ctx.putImageData(new ImageData(strip.data, strip.width, strip.height), 0, 0);
  }, [strip]);
  const scale = thumb / width;
  return (
    <canvas
      ref={ref}
      className="pixel-strip"
      width={strip.width}
      height={strip.height}
      style={{ width: strip.width * scale, height: strip.height * scale }}
      role="img"
      aria-label={label}
    />
  );
}
