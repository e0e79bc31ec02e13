// Whole-network analysis: validates settings against each layer's schema, infers every layer's
// output shape, parameter count and FLOPs, and turns anything that does not fit into an issue
// that names the layer, the numbers and (where one exists) a one-click fix. Never throws for a
// bad network: the UI shows the issues, the compiler refuses to build.
import { getLayerDef } from './layers/registry';
import type { Fix, ParamDecl, SettingSchema, Shape } from './layers/types';
import { elementCount, shapeText } from './shapes';
import { INPUT_ID, layerInputs, type LayerConfig, type NetworkSpec } from './spec';

export function settingDefault(s: SettingSchema): number | string | boolean {
  return s.default;
}

/** Checks a config against its schema; returns it with defaults filled in. */
export function resolveSettings(
  id: string,
  settings: readonly SettingSchema[],
  cfg: LayerConfig,
  fail: (message: string, fix?: Fix) => never,
): LayerConfig {
  const out: LayerConfig = {};
  const known = new Set(settings.map((s) => s.key));
  for (const key of Object.keys(cfg)) {
    if (!known.has(key)) {
      const names = settings.map((s) => s.key).join(', ') || 'none';
      fail(`unknown setting "${key}" (settings: ${names})`);
    }
  }
  for (const s of settings) {
    const v = cfg[s.key];
    if (v === undefined) {
      out[s.key] = s.default;
      continue;
    }
    const reset: Fix = {
      label: `Set ${s.label.toLowerCase()} to ${s.default}`,
      action: { kind: 'set', layerId: id, key: s.key, value: s.default },
    };
    switch (s.kind) {
      case 'int':
      case 'number': {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          fail(`${s.label} must be a number, got ${JSON.stringify(v)}`, reset);
        }
        if (s.kind === 'int' && !Number.isInteger(v)) {
          fail(`${s.label} must be a whole number, got ${v}`, {
            label: `Set ${s.label.toLowerCase()} to ${Math.round(v)}`,
            action: { kind: 'set', layerId: id, key: s.key, value: Math.round(v) },
          });
        }
        if (v < s.min || v > s.max) {
          const clamped = Math.min(s.max, Math.max(s.min, v));
          fail(`${s.label} must be between ${s.min} and ${s.max}, got ${v}`, {
            label: `Set ${s.label.toLowerCase()} to ${clamped}`,
            action: { kind: 'set', layerId: id, key: s.key, value: clamped },
          });
        }
        break;
      }
      case 'bool':
        if (typeof v !== 'boolean') fail(`${s.label} must be true or false`, reset);
        break;
      case 'choice':
        if (typeof v !== 'string' || !s.options.includes(v)) {
          fail(
            `${s.label} must be one of ${s.options.join(', ')}, got ${JSON.stringify(v)}`,
            reset,
          );
        }
        break;
      case 'padding':
        if (
          v !== 'same' &&
          !(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= s.max)
        ) {
          fail(
            `${s.label} must be "same" or a whole number 0–${s.max}, got ${JSON.stringify(v)}`,
            reset,
          );
        }
        break;
    }
    out[s.key] = v;
  }
  return out;
}

export interface LayerIssue {
  readonly layerId: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly fix?: Fix;
}

export interface LayerAnalysis {
  readonly id: string;
  readonly type: string;
  readonly index: number;
  readonly inputs: readonly string[];
  readonly inShapes: readonly Shape[];
  /** null when the layer (or something before it) is invalid. */
  readonly outShape: Shape | null;
  /** Settings with defaults filled in. */
  readonly config: LayerConfig;
  readonly params: readonly ParamDecl[];
  /** Trainable parameter count (weights, biases, norm scale/shift; not running statistics). */
  readonly paramCount: number;
  readonly flops: number;
  readonly issues: readonly LayerIssue[];
}

export interface NetworkAnalysis {
  readonly ok: boolean;
  readonly inputShape: Shape;
  readonly layers: readonly LayerAnalysis[];
  readonly byId: ReadonlyMap<string, LayerAnalysis>;
  /** Every error and warning, in layer order. */
  readonly issues: readonly LayerIssue[];
  readonly outShape: Shape | null;
  readonly totals: {
    readonly params: number;
    readonly flopsPerExample: number;
    /** Forward activation values per example (×4 bytes, ×batch for memory). */
    readonly activationsPerExample: number;
  };
  /** For each tensor (layer id or `input`): who reads it. */
  readonly consumers: ReadonlyMap<string, readonly { layerId: string; slot: number }[]>;
}

class IssueSignal extends Error {
  constructor(
    readonly issueMessage: string,
    readonly fix?: Fix,
  ) {
    super(issueMessage);
  }
}

export interface AnalyzeOptions {
  /** When known (a dataset is chosen), the output must be [numClasses]. */
  readonly numClasses?: number;
  /** When known, the dataset's image shape [C, H, W]: the network input must match it. */
  readonly dataShape?: Shape;
}

export function analyzeNetwork(spec: NetworkSpec, opts: AnalyzeOptions = {}): NetworkAnalysis {
  const inputShape: Shape = [spec.input.channels, spec.input.height, spec.input.width];
  const shapes = new Map<string, Shape | null>([[INPUT_ID, inputShape]]);
  const consumers = new Map<string, { layerId: string; slot: number }[]>([[INPUT_ID, []]]);
  const layers: LayerAnalysis[] = [];
  const issues: LayerIssue[] = [];

  spec.layers.forEach((layer, index) => {
    const inputs = layerInputs(spec, index);
    const layerIssues: LayerIssue[] = [];
    let outShape: Shape | null = null;
    let params: readonly ParamDecl[] = [];
    let flops = 0;
    let config: LayerConfig = layer.config;
    const inShapes: Shape[] = [];
    const fail = (message: string, fix?: Fix): never => {
      throw new IssueSignal(message, fix);
    };
    try {
      const def = getLayerDef(layer.type);
      if (!def)
        fail(`unknown layer type "${layer.type}"`, {
          label: 'Remove it',
          action: { kind: 'remove', layerId: layer.id },
        });
      const d = def!;
      if (inputs.length < d.arity[0] || inputs.length > d.arity[1]) {
        fail(
          d.arity[0] === d.arity[1]
            ? `${d.label} takes ${d.arity[0]} input${d.arity[0] > 1 ? 's' : ''}, got ${inputs.length}`
            : `${d.label} takes ${d.arity[0]}–${d.arity[1]} inputs, got ${inputs.length}`,
        );
      }
      let upstreamBroken = false;
      inputs.forEach((src, slot) => {
        if (!shapes.has(src)) {
          const later = spec.layers.some((l) => l.id === src);
          fail(
            later
              ? `input "${src}" comes later in the network; a layer can only read earlier layers`
              : `input "${src}" is not a layer of this network`,
          );
        }
        consumers.get(src)?.push({ layerId: layer.id, slot });
        const s = shapes.get(src) ?? null;
        if (s === null) upstreamBroken = true;
        else inShapes.push(s);
      });
      config = resolveSettings(layer.id, d.settings, layer.config, fail);
      if (!upstreamBroken) {
        const r = d.infer({ id: layer.id, cfg: config, inputs: inShapes, fail });
        for (const dim of r.outShape) {
          if (!Number.isInteger(dim) || dim <= 0) {
            fail(`output shape ${shapeText(r.outShape)} has a non-positive size`);
          }
        }
        outShape = r.outShape;
        params = r.params;
        flops = r.flops;
      }
    } catch (e) {
      if (!(e instanceof IssueSignal)) throw e;
      layerIssues.push({
        layerId: layer.id,
        severity: 'error',
        message: e.issueMessage,
        fix: e.fix,
      });
      outShape = null;
    }
    shapes.set(layer.id, outShape);
    consumers.set(layer.id, []);
    const paramCount = params
      .filter((p) => p.role !== 'buffer')
      .reduce((a, p) => a + elementCount(p.shape), 0);
    layers.push({
      id: layer.id, type: layer.type, index, inputs, inShapes, outShape, config,
      params, paramCount, flops, issues: layerIssues,
    }); // prettier-ignore
    issues.push(...layerIssues);
  });

  const data = opts.dataShape;
  if (data && data.some((d, i) => d !== inputShape[i])) {
    issues.unshift({
      layerId: INPUT_ID,
      severity: 'error',
      message:
        `the network takes ${shapeText(inputShape)} input but the data's images are ${shapeText(data)}; ` +
        `set the input to ${shapeText(data)}`,
    });
  }
  const last = layers[layers.length - 1];
  if (!last) {
    issues.push({ layerId: INPUT_ID, severity: 'error', message: 'the network has no layers' });
  } else {
    for (const l of layers.slice(0, -1)) {
      if ((consumers.get(l.id) ?? []).length === 0) {
        issues.push({
          layerId: l.id,
          severity: 'warning',
          message: `the output of "${l.id}" is not used by any later layer`,
        });
      }
    }
    if (last.outShape && opts.numClasses !== undefined) {
      checkClassifierOutput(last, opts.numClasses, issues);
    }
  }
  const ok = layers.length > 0 && !issues.some((i) => i.severity === 'error');
  const byId = new Map(layers.map((l) => [l.id, l]));
  const totals = {
    params: layers.reduce((a, l) => a + l.paramCount, 0),
    flopsPerExample: layers.reduce((a, l) => a + l.flops, 0),
    activationsPerExample: layers.reduce(
      (a, l) =>
        a + (l.outShape && !getLayerDef(l.type)?.aliasesInput ? elementCount(l.outShape) : 0),
      0,
    ),
  };
  return {
    ok, inputShape, layers, byId, issues,
    outShape: last?.outShape ?? null, totals, consumers,
  }; // prettier-ignore
}

function checkClassifierOutput(last: LayerAnalysis, numClasses: number, issues: LayerIssue[]) {
  const out = last.outShape!;
  if (out.length === 1 && out[0] === numClasses) return;
  if (out.length !== 1) {
    issues.push({
      layerId: last.id,
      severity: 'error',
      message:
        `the network ends with a ${shapeText(out)} feature map, but a classifier must end with ` +
        `${numClasses} scores (one per class): add Flatten and Dense ${numClasses}`,
      fix: {
        label: `Add Dense ${numClasses}`,
        action: { kind: 'append', type: 'dense', config: { units: numClasses } },
      },
    });
    return;
  }
  const fix: Fix =
    last.type === 'dense'
      ? {
          label: `Set units to ${numClasses}`,
          action: { kind: 'set', layerId: last.id, key: 'units', value: numClasses },
        }
      : {
          label: `Add Dense ${numClasses}`,
          action: { kind: 'append', type: 'dense', config: { units: numClasses } },
        };
  issues.push({
    layerId: last.id,
    severity: 'error',
    message: `the network outputs ${out[0]} scores but the dataset has ${numClasses} classes; ${fix.label.toLowerCase()}`,
    fix,
  });
}
