// How layer categories are named and ordered in the palette. The categories themselves come
// from the layer registry; an unknown one still shows, under its own name, at the end.
import type { LayerCategory } from '../engine/layers/types';

const CATEGORY_LABELS: Readonly<Record<LayerCategory, string>> = {
  convolution: 'Convolution',
  pooling: 'Pooling',
  dense: 'Dense',
  activation: 'Activation',
  regularization: 'Regularization',
  normalization: 'Normalization',
  structure: 'Structure',
};

const ORDER: readonly string[] = Object.keys(CATEGORY_LABELS);

export function categoryLabel(c: string): string {
  return (CATEGORY_LABELS as Record<string, string>)[c] ?? c[0].toUpperCase() + c.slice(1);
}

export function categoryRank(c: string): number {
  const i = ORDER.indexOf(c);
  return i < 0 ? ORDER.length : i;
}
