// A small RGBA image (a filter, a feature map, a digit) drawn at its own resolution and scaled
// up by CSS with crisp pixels: one putImageData per change, nothing per frame.
import { useEffect, useRef } from 'react';

export function PixelCanvas({
  rgba,
  width,
  height,
  displayWidth,
  className,
  label,
}: {
  /** width × height × 4 bytes. */
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** CSS width in pixels; the height follows the aspect ratio. */
  displayWidth: number;
  className?: string;
  /** Accessible name; without one the canvas is decorative (its parent names it). */
  label?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || rgba.length !== width * height * 4) return;
    // A copy: ImageData wants a buffer of its own (the tile may be a view into a bigger one).
    ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  }, [rgba, width, height]);
  return (
    <canvas
      ref={ref}
      width={width}
      height={height}
      className={`pixel-canvas ${className ?? ''}`}
      style={{ width: displayWidth, height: (displayWidth * height) / width }}
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
    />
  );
}
