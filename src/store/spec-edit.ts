// Pure edits of a NetworkSpec: each takes a spec and returns a new one, never mutating. The
// network store records them in its undo history; keeping them pure makes every edit testable
// without a store or a browser.
//
// The builder shows layers as one ordered list. Most layers read the layer before them (no
// `inputs`); DAG layers (Add, Concat, or anything the user rewired) name their inputs
// explicitly, and the edits below keep those references meaningful when layers move or go away.
import { getLayerDef } from '../engine/layers/registry';
import type { FixAction } from '../engine/layers/types';
import {
  INPUT_ID,
  layerInputs,
  type ConfigValue,
  type InputSpec,
  type LayerConfig,
  type LayerSpec,
  type NetworkSpec,
} from '../engine/spec';
import { newLayerId } from './layer-ids';

function withLayers(spec: NetworkSpec, layers: readonly LayerSpec[]): NetworkSpec {
  return { ...spec, layers };
}

function indexOf(spec: NetworkSpec, id: string): number {
  const i = spec.layers.findIndex((l) => l.id === id);
  if (i < 0) throw new Error(`no layer "${id}" in the network`);
  return i;
}

function clampIndex(index: number, length: number): number {
  return Math.max(0, Math.min(length, Math.trunc(index)));
}

/** Every setting of `type` at its default, overlaid with `config`: saved specs say what they mean. */
export function defaultConfig(type: string, config: LayerConfig = {}): LayerConfig {
  const def = getLayerDef(type);
  const out: Record<string, ConfigValue> = {};
  for (const s of def?.settings ?? []) out[s.key] = s.default;
  return { ...out, ...config };
}

/**
 * A new layer to go at `index`. Layers that need several inputs (Add, Concat) start out reading
 * the nearest earlier outputs, so they are immediately something the user can adjust rather
 * than an error.
 */
export function makeLayer(
  spec: NetworkSpec,
  type: string,
  index: number,
  config?: LayerConfig,
): LayerSpec {
  const id = newLayerId(spec, type);
  const cfg = defaultConfig(type, config);
  const needs = getLayerDef(type)?.arity[0] ?? 1;
  if (needs < 2) return { id, type, config: cfg };
  const earlier = spec.layers.slice(0, index).map((l) => l.id);
  const sources = [...earlier.reverse(), INPUT_ID].slice(0, needs);
  return { id, type, inputs: sources, config: cfg };
}

export function insertLayer(spec: NetworkSpec, index: number, layer: LayerSpec): NetworkSpec {
  const layers = [...spec.layers];
  layers.splice(clampIndex(index, layers.length), 0, layer);
  return withLayers(spec, layers);
}

/** Adds a new layer of `type` at `index` (default: the end); returns the spec and the new id. */
export function addLayer(
  spec: NetworkSpec,
  type: string,
  index = spec.layers.length,
  config?: LayerConfig,
): { spec: NetworkSpec; id: string } {
  const at = clampIndex(index, spec.layers.length);
  const layer = makeLayer(spec, type, at, config);
  return { spec: insertLayer(spec, at, layer), id: layer.id };
}

export function moveLayer(spec: NetworkSpec, from: number, to: number): NetworkSpec {
  if (from < 0 || from >= spec.layers.length) return spec;
  const target = clampIndex(to, spec.layers.length - 1);
  if (from === target) return spec;
  const layers = [...spec.layers];
  const [moved] = layers.splice(from, 1);
  layers.splice(target, 0, moved);
  return withLayers(spec, layers);
}

/** A copy of layer `id` right after it, with a fresh id; returns the spec and the copy's id. */
export function duplicateLayer(spec: NetworkSpec, id: string): { spec: NetworkSpec; id: string } {
  const i = indexOf(spec, id);
  const original = spec.layers[i];
  const copyId = newLayerId(spec, original.type);
  const copy: LayerSpec = original.inputs
    ? {
        id: copyId,
        type: original.type,
        inputs: [...original.inputs],
        config: { ...original.config },
      }
    : { id: copyId, type: original.type, config: { ...original.config } };
  return { spec: insertLayer(spec, i + 1, copy), id: copyId };
}

/**
 * Removes layer `id`. Layers that named it as an input read what it read instead, so removing
 * the conv inside a residual block leaves a working (shorter) block rather than a dangling name.
 */
export function removeLayer(spec: NetworkSpec, id: string): NetworkSpec {
  const i = indexOf(spec, id);
  const replacement = layerInputs(spec, i);
  const layers = spec.layers
    .filter((l) => l.id !== id)
    .map((l) => {
      if (!l.inputs?.includes(id)) return l;
      const rewired = l.inputs.flatMap((src) => (src === id ? replacement : [src]));
      return { ...l, inputs: [...new Set(rewired)] };
    });
  return withLayers(spec, layers);
}

export function setSetting(
  spec: NetworkSpec,
  id: string,
  key: string,
  value: ConfigValue,
): NetworkSpec {
  const i = indexOf(spec, id);
  const layer = spec.layers[i];
  if (layer.config[key] === value) return spec;
  const layers = [...spec.layers];
  layers[i] = { ...layer, config: { ...layer.config, [key]: value } };
  return withLayers(spec, layers);
}

/** Sets which layers `id` reads; `undefined` returns it to "the layer before". */
export function setInputs(
  spec: NetworkSpec,
  id: string,
  inputs: readonly string[] | undefined,
): NetworkSpec {
  const i = indexOf(spec, id);
  const { inputs: _old, ...rest } = spec.layers[i];
  const layers = [...spec.layers];
  layers[i] = inputs ? { ...rest, inputs: [...inputs] } : rest;
  return withLayers(spec, layers);
}

export function setInput(spec: NetworkSpec, input: InputSpec): NetworkSpec {
  const same =
    spec.input.channels === input.channels &&
    spec.input.height === input.height &&
    spec.input.width === input.width;
  return same ? spec : { ...spec, input: { ...input } };
}

/**
 * Applies one of the analysis' one-click fixes. Returns the new spec and the layer the user
 * should look at next (the inserted or appended layer, or the one changed).
 */
export function applyFix(
  spec: NetworkSpec,
  action: FixAction,
): { spec: NetworkSpec; focusId: string | null } {
  switch (action.kind) {
    case 'set':
      return {
        spec: setSetting(spec, action.layerId, action.key, action.value),
        focusId: action.layerId,
      };
    case 'remove': {
      const i = indexOf(spec, action.layerId);
      const next = removeLayer(spec, action.layerId);
      return { spec: next, focusId: next.layers[Math.min(i, next.layers.length - 1)]?.id ?? null };
    }
    case 'append': {
      const r = addLayer(spec, action.type, spec.layers.length, action.config);
      return { spec: r.spec, focusId: r.id };
    }
    case 'insert-before': {
      const i = indexOf(spec, action.layerId);
      const target = spec.layers[i];
      const inserted = makeLayer(spec, action.type, i, action.config);
      let next = insertLayer(spec, i, inserted);
      // A target that names its inputs would skip the new layer: route it through instead.
      if (target.inputs) {
        next = setInputs(next, inserted.id, target.inputs);
        next = setInputs(next, target.id, [inserted.id]);
      }
      return { spec: next, focusId: inserted.id };
    }
  }
}
