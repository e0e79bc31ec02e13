// A synthetic image-classification dataset: one coloured shape per image (circle, square,
// triangle, ...), with colour, size, position, rotation, background and noise all varying.
// It needs no download, any number of examples can be made instantly, and it is hard enough that
// a linear model does poorly while a small conv net does well, which is what a playground needs
// to show why convolutions help.
//
// Rendering is pure TypeScript, straight into the uint8 CHW buffer (no canvas, so it runs in Node
// and workers alike): each shape is an "is this point inside?" test in the shape's own
// coordinates, evaluated on a 3×3 grid of sub-pixel samples for anti-aliased edges.
//
// Example i is drawn from its own Rng seeded by (seed, i): the whole dataset is reproducible from
// the seed, and generating more examples never changes the earlier ones.
import type { ImageDataset } from './dataset';
import { checkDataset } from './dataset';
import { Rng, hashSeed } from '../rng';

export const SHAPE_KINDS = [
  'circle',
  'square',
  'triangle',
  'cross',
  'stripes',
  'ring',
  'diamond',
  'star',
  'crescent',
  'arrow',
] as const;
export type ShapeKind = (typeof SHAPE_KINDS)[number];

/**
 * Inside tests in shape coordinates: the shape is centred at the origin and fits in the unit
 * disk, y pointing down. Shapes that look alike under rotation are kept apart on purpose: the
 * diamond is a tall rhombus (a square turned 45° would just be a square), the stripes are a
 * striped square.
 */
const INSIDE: Record<ShapeKind, (u: number, v: number) => boolean> = {
  circle: (u, v) => u * u + v * v <= 0.81,
  square: (u, v) => Math.abs(u) <= 0.68 && Math.abs(v) <= 0.68,
  // Equilateral, circumradius 1, inradius 0.5: inside all three edges' half-planes.
  triangle: (u, v) => v <= 0.5 && -0.866 * u - 0.5 * v <= 0.5 && 0.866 * u - 0.5 * v <= 0.5,
  cross: (u, v) => {
    const au = Math.abs(u);
    const av = Math.abs(v);
    return (au <= 0.26 && av <= 0.95) || (av <= 0.26 && au <= 0.95);
  },
  // Five bands across a square: on, off, on, off, on.
  stripes: (u, v) =>
    Math.abs(u) <= 0.75 && Math.abs(v) <= 0.75 && Math.floor((u + 0.75) / 0.3) % 2 === 0,
  ring: (u, v) => {
    const r2 = u * u + v * v;
    return r2 >= 0.3 && r2 <= 0.85;
  },
  diamond: (u, v) => Math.abs(u) / 0.55 + Math.abs(v) <= 1,
  star: insideStar,
  crescent: (u, v) => u * u + v * v <= 0.81 && (u - 0.42) * (u - 0.42) + v * v > 0.5,
  arrow: (u, v) =>
    (Math.abs(v) <= 0.17 && u >= -0.92 && u <= 0.15) ||
    (u >= 0.1 && u <= 0.92 && Math.abs(v) <= (0.92 - u) * 0.75),
};

// A five-pointed star: outer radius 1, inner radius 0.42. Every point is folded into the
// half-sector between an outer tip (angle 0) and the next inner corner (angle 36°), where the
// edge is one straight line.
const STAR_SECTOR = (2 * Math.PI) / 5;
const STAR_INNER = 0.42;
const STAR_EX = STAR_INNER * Math.cos(STAR_SECTOR / 2) - 1;
const STAR_EY = STAR_INNER * Math.sin(STAR_SECTOR / 2);

function insideStar(u: number, v: number): boolean {
  const r = Math.sqrt(u * u + v * v);
  if (r > 1) return false;
  if (r < STAR_INNER * 0.8) return true;
  let a = Math.atan2(v, u) % STAR_SECTOR;
  if (a < 0) a += STAR_SECTOR;
  if (a > STAR_SECTOR / 2) a = STAR_SECTOR - a;
  // Distance along direction a to the edge from tip (1, 0) to the inner corner.
  const edge = -STAR_EY / (STAR_EX * Math.sin(a) - STAR_EY * Math.cos(a));
  return r <= edge;
}

export interface ShapesOptions {
  /** Number of examples; labels cycle through the classes so every class is equally common. */
  count: number;
  seed: number;
  /** Image side in pixels (default 32). */
  size?: number;
  /** 3 = RGB (default), 1 = grayscale. */
  channels?: 1 | 3;
  /** How many classes (the first n kinds of SHAPE_KINDS) or which kinds; default all ten. */
  classes?: number | readonly ShapeKind[];
  /** Largest per-image standard deviation of Gaussian pixel noise, [0, 1] units (default 0.06). */
  noise?: number;
  /** Shape radius as a fraction of the image side, drawn uniformly in this range (default 0.24–0.42). */
  scale?: readonly [number, number];
  /** Random rotation (default true). */
  rotate?: boolean;
}

function resolveKinds(classes: ShapesOptions['classes']): readonly ShapeKind[] {
  if (classes === undefined) return SHAPE_KINDS;
  if (typeof classes === 'number') {
    if (!Number.isInteger(classes) || classes < 2 || classes > SHAPE_KINDS.length) {
      throw new Error(`Shapes: class count must be 2–${SHAPE_KINDS.length}, got ${classes}`);
    }
    return SHAPE_KINDS.slice(0, classes);
  }
  const unknown = classes.filter((k) => !SHAPE_KINDS.includes(k));
  if (unknown.length > 0) throw new Error(`Shapes: unknown kinds ${unknown.join(', ')}`);
  if (new Set(classes).size !== classes.length || classes.length < 2) {
    throw new Error(`Shapes: need at least 2 distinct kinds, got ${classes.join(', ')}`);
  }
  return classes;
}

function luma(c: readonly number[]): number {
  return c.length === 1 ? c[0] : 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
}

/** A random colour; in grayscale a single level. */
function randomColour(rng: Rng, channels: number): number[] {
  return Array.from({ length: channels }, () => rng.next());
}

/**
 * A foreground colour that stands out from the background: brightness differing by at least
 * 0.3, so the shape stays visible in grayscale too. Falls back to a dark or light grey.
 */
function contrastingColour(rng: Rng, channels: number, bg: readonly number[]): number[] {
  const target = luma(bg);
  for (let tries = 0; tries < 20; tries++) {
    const c = randomColour(rng, channels);
    if (Math.abs(luma(c) - target) >= 0.3) return c;
  }
  return new Array<number>(channels).fill(target > 0.5 ? 0.1 : 0.9);
}

/** Sub-pixel sample offsets: a 3×3 grid inside each pixel. */
const SUBSAMPLES = [1 / 6, 1 / 2, 5 / 6];

function renderExample(
  out: Uint8Array,
  offset: number,
  kind: ShapeKind,
  size: number,
  channels: number,
  opts: Required<Pick<ShapesOptions, 'noise' | 'scale' | 'rotate'>>,
  rng: Rng,
): void {
  const plane = size * size;
  const bgA = randomColour(rng, channels);
  const bgB = bgA.map((c) => Math.min(1, Math.max(0, c + rng.uniform(-0.2, 0.2))));
  const gradAngle = rng.uniform(0, 2 * Math.PI);
  const fg = contrastingColour(rng, channels, bgA);
  const radius = rng.uniform(opts.scale[0], opts.scale[1]) * size;
  // Keep most of the shape in view: the centre stays 0.8 radii from each edge.
  const margin = Math.min(radius * 0.8, size / 2);
  const cx = rng.uniform(margin, size - margin);
  const cy = rng.uniform(margin, size - margin);
  const angle = opts.rotate ? rng.uniform(0, 2 * Math.PI) : 0;
  const noiseStd = rng.uniform(0, opts.noise);
  const inside = INSIDE[kind];
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const test = (x: number, y: number): boolean => {
    const px = (x - cx) / radius;
    const py = (y - cy) / radius;
    // Into shape coordinates: rotate by −angle.
    return inside(cos * px + sin * py, -sin * px + cos * py);
  };
  // The inside test at every pixel corner. A pixel whose four corners agree is taken as fully in
  // or out (features are over a pixel wide at the smallest allowed scale); only edge pixels pay
  // for the 3×3 sub-samples. Corners beyond the shape's bounding circle are outside by definition.
  const side = size + 1;
  const corner = scratchCorners(side * side);
  const reach = (radius + 1) * (radius + 1);
  for (let y = 0; y <= size; y++) {
    for (let x = 0; x <= size; x++) {
      const near = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= reach;
      corner[y * side + x] = near && test(x, y) ? 1 : 0;
    }
  }
  const gx = Math.cos(gradAngle) / size;
  const gy = Math.sin(gradAngle) / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const k = y * side + x;
      const corners = corner[k] + corner[k + 1] + corner[k + side] + corner[k + side + 1];
      let coverage = corners / 4;
      if (corners !== 0 && corners !== 4) {
        let covered = 0;
        for (const oy of SUBSAMPLES)
          for (const ox of SUBSAMPLES) if (test(x + ox, y + oy)) covered++;
        coverage = covered / 9;
      }
      // Background gradient position in [0, 1] along the gradient direction.
      const g = Math.min(1, Math.max(0, 0.5 + (x - size / 2) * gx + (y - size / 2) * gy));
      for (let c = 0; c < channels; c++) {
        const bg = bgA[c] + (bgB[c] - bgA[c]) * g;
        let v = bg + (fg[c] - bg) * coverage;
        if (noiseStd > 0) v += noiseStd * approxNormal(rng);
        out[offset + c * plane + y * size + x] = Math.round(Math.min(1, Math.max(0, v)) * 255);
      }
    }
  }
}

let corners = new Uint8Array(0);
function scratchCorners(n: number): Uint8Array {
  if (corners.length < n) corners = new Uint8Array(n);
  return corners;
}

/**
 * A cheap, roughly normal draw for pixel noise (mean 0, std 1): the sum of four 16-bit uniforms
 * taken from two 32-bit draws (Irwin–Hall), about twice as fast as Box–Muller here. Its tails end
 * at ±3.5 std, which pixel noise does not miss.
 */
function approxNormal(rng: Rng): number {
  const a = rng.nextUint32();
  const b = rng.nextUint32();
  const sum = (a & 0xffff) + (a >>> 16) + (b & 0xffff) + (b >>> 16);
  // Sum of 4 uniforms on [0, 1): mean 2, variance 4/12.
  return (sum / 65536 - 2) * 1.7320508075688772;
}

/** Generates the shapes dataset. Same options, same bytes. */
export function generateShapes(options: ShapesOptions): ImageDataset {
  const size = options.size ?? 32;
  const channels = options.channels ?? 3;
  const kinds = resolveKinds(options.classes);
  const opts = {
    noise: options.noise ?? 0.06,
    scale: options.scale ?? ([0.24, 0.42] as const),
    rotate: options.rotate ?? true,
  };
  if (!Number.isInteger(options.count) || options.count < 0) {
    throw new Error(`Shapes: count must be a whole number ≥ 0, got ${options.count}`);
  }
  if (!Number.isInteger(size) || size < 8 || size > 512) {
    throw new Error(`Shapes: size must be a whole number in [8, 512], got ${size}`);
  }
  if (!(opts.scale[0] > 0 && opts.scale[0] <= opts.scale[1] && opts.scale[1] <= 0.5)) {
    throw new Error(`Shapes: scale must satisfy 0 < min ≤ max ≤ 0.5, got ${opts.scale.join('–')}`);
  }
  const exampleBytes = channels * size * size;
  const images = new Uint8Array(options.count * exampleBytes);
  const labels = new Uint16Array(options.count);
  const rng = new Rng(0);
  for (let i = 0; i < options.count; i++) {
    const label = i % kinds.length;
    labels[i] = label;
    rng.reseed(hashSeed(options.seed, i));
    renderExample(images, i * exampleBytes, kinds[label], size, channels, opts, rng);
  }
  const dataset: ImageDataset = {
    name: `Shapes (${kinds.length} classes)`,
    channels,
    height: size,
    width: size,
    classNames: [...kinds],
    count: options.count,
    images,
    labels,
  };
  checkDataset(dataset);
  return dataset;
}
