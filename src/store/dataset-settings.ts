// The user's dataset choices as plain, persisted JSON: which source, the synthetic-shapes
// settings and how imported pictures are sized (preprocessing and augmentation are training
// settings: src/engine/train/settings.ts). Pixels never go
// here (see dataset.ts for where they live). Also: the shape and class count each choice gives
// the network, and a strict reader for stored settings.
import type { SkippedFile } from '../engine/data/image-folder';
import type { FitMode } from '../engine/data/image-resize';
import { SHAPE_KINDS } from '../engine/data/synthetic-shapes';
import type { InputSpec } from '../engine/spec';

export type DatasetSource = 'mnist' | 'shapes' | 'custom';
export const DATASET_SOURCES: readonly DatasetSource[] = ['mnist', 'shapes', 'custom'];

export interface ShapesSettings {
  readonly classes: number;
  readonly count: number;
  readonly seed: number;
  readonly size: number;
  readonly channels: 1 | 3;
}

/** How pictures from the user's folders become examples. */
export interface ImportSettings {
  readonly size: number;
  readonly channels: 1 | 3;
  readonly fit: FitMode;
}

export const SHAPES_LIMITS = {
  classes: [2, SHAPE_KINDS.length],
  count: [100, 20000],
  size: [8, 64],
  seed: [0, 2 ** 31 - 1],
} as const;
export const IMPORT_SIZE_LIMITS = [8, 128] as const;

export type DatasetOrigin = 'mnist' | 'shapes' | 'folder' | 'idx' | 'cifar10' | 'cifar100';

/** What the UI shows about a loaded dataset; small enough to persist. */
export interface DatasetSummary {
  readonly name: string;
  readonly origin: DatasetOrigin;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly classNames: readonly string[];
  /** Examples per class, in classNames order. */
  readonly counts: readonly number[];
  readonly count: number;
  readonly split: { readonly train: number; readonly validation: number; readonly test: number };
  /** Files an import left out, with the reason. */
  readonly skipped: readonly SkippedFile[];
  /** System clutter ignored (__MACOSX, .DS_Store, ...). */
  readonly ignoredCount: number;
  /** Class folders none of whose files could be used. */
  readonly emptyClasses: readonly string[];
}

export interface DatasetSettings {
  readonly source: DatasetSource;
  readonly shapes: ShapesSettings;
  readonly imports: ImportSettings;
  /** Seed of the augmentation preview ("show other samples" changes it). */
  readonly previewSeed: number;
  /** The user's last import, described (its pixels are not stored). */
  readonly custom: DatasetSummary | null;
}

export const DEFAULT_DATASET_SETTINGS: DatasetSettings = {
  source: 'mnist',
  shapes: { classes: 10, count: 2000, seed: 1, size: 32, channels: 3 },
  imports: { size: 32, channels: 3, fit: 'crop' },
  previewSeed: 1,
  custom: null,
};

export const MNIST_SHAPE: InputSpec = { channels: 1, height: 28, width: 28 };
export const MNIST_CLASSES = 10;

/** The network input and class count a choice gives; null when not known yet (nothing imported). */
export function datasetTarget(s: DatasetSettings): { input: InputSpec; classes: number } | null {
  switch (s.source) {
    case 'mnist':
      return { input: MNIST_SHAPE, classes: MNIST_CLASSES };
    case 'shapes':
      return {
        input: { channels: s.shapes.channels, height: s.shapes.size, width: s.shapes.size },
        classes: s.shapes.classes,
      };
    case 'custom':
      return s.custom
        ? {
            input: { channels: s.custom.channels, height: s.custom.height, width: s.custom.width },
            classes: s.custom.classNames.length,
          }
        : null;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading stored settings: every field is checked; a bad one names itself in the error.

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error(`${what} is not an object`);
  return v as Record<string, unknown>;
}

function int(v: unknown, what: string, [lo, hi]: readonly [number, number]): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new Error(`${what} must be a whole number in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
  }
  return v;
}

function channels(v: unknown, what: string): 1 | 3 {
  if (v !== 1 && v !== 3) throw new Error(`${what} must be 1 or 3, got ${JSON.stringify(v)}`);
  return v;
}

function oneOf<T extends string>(v: unknown, options: readonly T[], what: string): T {
  if (!options.includes(v as T)) {
    throw new Error(`${what} must be one of ${options.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

function stringList(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new Error(`${what} must be a list of names`);
  return v as string[];
}

function parseSummary(v: unknown): DatasetSummary {
  const o = obj(v, 'custom dataset');
  const classNames = stringList(o.classNames, 'custom.classNames');
  const counts = o.counts;
  if (
    !Array.isArray(counts) ||
    counts.length !== classNames.length ||
    counts.some((c) => !Number.isInteger(c))
  ) {
    throw new Error('custom.counts must hold one whole number per class');
  }
  const split = obj(o.split, 'custom.split');
  const skipped = Array.isArray(o.skipped) ? o.skipped : [];
  const big = [0, 2 ** 31] as const;
  return {
    name: typeof o.name === 'string' ? o.name : 'My images',
    origin: oneOf(
      o.origin,
      ['mnist', 'shapes', 'folder', 'idx', 'cifar10', 'cifar100'],
      'custom.origin',
    ),
    channels: channels(o.channels, 'custom.channels'),
    height: int(o.height, 'custom.height', [1, 1024]),
    width: int(o.width, 'custom.width', [1, 1024]),
    classNames,
    counts: counts as number[],
    count: int(o.count, 'custom.count', big),
    split: {
      train: int(split.train, 'custom.split.train', big),
      validation: int(split.validation, 'custom.split.validation', big),
      test: int(split.test, 'custom.split.test', big),
    },
    skipped: skipped
      .filter((s): s is SkippedFile => typeof s?.path === 'string' && typeof s?.reason === 'string')
      .map((s) => ({ path: s.path, reason: s.reason })),
    ignoredCount: typeof o.ignoredCount === 'number' ? o.ignoredCount : 0,
    emptyClasses: Array.isArray(o.emptyClasses)
      ? stringList(o.emptyClasses, 'custom.emptyClasses')
      : [],
  };
}

/**
 * Reads stored settings; missing fields take their defaults, wrong ones throw, unknown ones are
 * ignored (earlier builds stored augmentation and preprocessing here).
 */
export function parseDatasetSettings(json: unknown): DatasetSettings {
  const o = obj(json, 'dataset settings');
  const d = DEFAULT_DATASET_SETTINGS;
  const shapes = o.shapes === undefined ? d.shapes : obj(o.shapes, 'shapes');
  const imports = o.imports === undefined ? d.imports : obj(o.imports, 'imports');
  return {
    source: o.source === undefined ? d.source : oneOf(o.source, DATASET_SOURCES, 'source'),
    shapes:
      shapes === d.shapes
        ? d.shapes
        : {
            classes: int(shapes.classes, 'shapes.classes', SHAPES_LIMITS.classes),
            count: int(shapes.count, 'shapes.count', SHAPES_LIMITS.count),
            seed: int(shapes.seed, 'shapes.seed', SHAPES_LIMITS.seed),
            size: int(shapes.size, 'shapes.size', SHAPES_LIMITS.size),
            channels: channels(shapes.channels, 'shapes.channels'),
          },
    imports:
      imports === d.imports
        ? d.imports
        : {
            size: int(imports.size, 'imports.size', IMPORT_SIZE_LIMITS),
            channels: channels(imports.channels, 'imports.channels'),
            fit: oneOf(imports.fit, ['crop', 'stretch'] as const, 'imports.fit'),
          },
    previewSeed:
      o.previewSeed === undefined
        ? d.previewSeed
        : int(o.previewSeed, 'previewSeed', SHAPES_LIMITS.seed),
    custom: o.custom === undefined || o.custom === null ? null : parseSummary(o.custom),
  };
}
