// Shape math: output sizes, padding, window geometry. The one place these formulas live; layer
// files, the network analysis (analyze.ts), the UI and the exporters all call it, so what the user
// sees is exactly what trains.
import type { Conv2dGeometry, Pool2dGeometry } from './backend/backend';
import type { Fix, InferContext, Shape } from './layers/types';
import type { LayerConfig } from './spec';

// ---------------------------------------------------------------------------------------------
// Output sizes

/** Extent covered by a dilated kernel: d·(F − 1) + 1. */
export function dilatedExtent(kernel: number, dilation: number): number {
  return dilation * (kernel - 1) + 1;
}

/** (W − F_eff + P_total)/S + 1; may be fractional, which callers report as an error. */
export function convOutputSize(
  input: number,
  kernel: number,
  stride: number,
  padTotal: number,
  dilation = 1,
): number {
  return (input - dilatedExtent(kernel, dilation) + padTotal) / stride + 1;
}

/**
 * "same" padding: output = ceil(input / stride); the total padding needed is split with the
 * extra pixel (if any) at the bottom/right, as TensorFlow and PyTorch do.
 */
export function samePadding(
  input: number,
  kernel: number,
  stride: number,
  dilation = 1,
): { before: number; after: number; out: number } {
  const out = Math.ceil(input / stride);
  const total = Math.max(0, (out - 1) * stride + dilatedExtent(kernel, dilation) - input);
  const before = Math.floor(total / 2);
  return { before, after: total - before, out };
}

export function num(cfg: LayerConfig, key: string): number {
  return cfg[key] as number;
}

// ---------------------------------------------------------------------------------------------
// Convolution and pooling geometry

export interface SpatialPlan {
  oh: number;
  ow: number;
  ph: number;
  pw: number;
}

/**
 * Resolves a square-kernel sliding window (conv or pool) over an H×W input, failing with the
 * numbers and a concrete fix when the window does not fit or the output is not a whole size.
 */
export function planWindow(
  ctx: Pick<InferContext, 'id' | 'fail'>,
  what: 'Convolution' | 'Pooling',
  h: number,
  w: number,
  kernel: number,
  stride: number,
  padding: number | 'same',
  dilation: number,
): SpatialPlan {
  const { id, fail } = ctx;
  if (padding === 'same') {
    const sh = samePadding(h, kernel, stride, dilation);
    const sw = samePadding(w, kernel, stride, dilation);
    return { oh: sh.out, ow: sw.out, ph: sh.before, pw: sw.before };
  }
  const ext = dilatedExtent(kernel, dilation);
  const extText = dilation > 1 ? `dilated kernel extent ${ext}` : `kernel ${kernel}`;
  const small = Math.min(h, w);
  if (ext > small + 2 * padding) {
    const needed = Math.ceil((ext - small) / 2);
    const fix: Fix | undefined =
      what === 'Convolution' && needed <= 15
        ? {
            label: `Set padding to ${needed}`,
            action: { kind: 'set', layerId: id, key: 'padding', value: needed },
          }
        : kernel > 1
          ? {
              label: `Set kernel to ${Math.max(1, Math.min(kernel, small))}`,
              action: { kind: 'set', layerId: id, key: 'kernel', value: Math.max(1, small) },
            }
          : undefined;
    fail(
      `${extText} > input ${small}${padding ? ` + 2×padding ${padding}` : ''}: ` +
        `the window does not fit${fix ? `; ${fix.label.toLowerCase()}` : ''}`,
      fix,
    );
  }
  const oh = convOutputSize(h, kernel, stride, 2 * padding, dilation);
  const ow = convOutputSize(w, kernel, stride, 2 * padding, dilation);
  for (const [size, axis, input] of [
    [oh, 'height', h],
    [ow, 'width', w],
  ] as const) {
    if (!Number.isInteger(size)) {
      const fix = fractionalFix(id, what, input, kernel, stride, padding, dilation);
      fail(
        `output ${axis} (${input} − ${ext} + 2×${padding})/${stride} + 1 = ${round3(size)} ` +
          `is not a whole number${fix ? `; ${fix.label.toLowerCase()}` : ''}`,
        fix,
      );
    }
  }
  return { oh, ow, ph: padding, pw: padding };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** The smallest padding (conv) that makes the size whole, else stride 1 (which always does). */
function fractionalFix(
  id: string,
  what: 'Convolution' | 'Pooling',
  input: number,
  kernel: number,
  stride: number,
  padding: number,
  dilation: number,
): Fix | undefined {
  if (what === 'Convolution') {
    for (let p = padding + 1; p <= 15; p++) {
      if (Number.isInteger(convOutputSize(input, kernel, stride, 2 * p, dilation))) {
        return {
          label: `Set padding to ${p}`,
          action: { kind: 'set', layerId: id, key: 'padding', value: p },
        };
      }
    }
  } else {
    for (let p = padding + 1; p < kernel; p++) {
      if (Number.isInteger(convOutputSize(input, kernel, stride, 2 * p, dilation))) {
        return {
          label: `Set padding to ${p}`,
          action: { kind: 'set', layerId: id, key: 'padding', value: p },
        };
      }
    }
  }
  if (stride > 1) {
    return {
      label: 'Set stride to 1',
      action: { kind: 'set', layerId: id, key: 'stride', value: 1 },
    };
  }
  return undefined;
}

/** The geometry a conv kernel runs with, from its analysed shapes and resolved config. */
export function convGeometry(
  batch: number,
  inShape: Shape,
  outShape: Shape,
  cfg: LayerConfig,
): Conv2dGeometry {
  const [c, h, w] = inShape;
  const [k, oh, ow] = outShape;
  const kernel = num(cfg, 'kernel');
  const stride = num(cfg, 'stride');
  const dilation = num(cfg, 'dilation');
  const pad = cfg.padding === 'same' ? null : (cfg.padding as number);
  const ph = pad ?? samePadding(h, kernel, stride, dilation).before;
  const pw = pad ?? samePadding(w, kernel, stride, dilation).before;
  return {
    n: batch, c, h, w, k, kh: kernel, kw: kernel,
    sh: stride, sw: stride, ph, pw, dh: dilation, dw: dilation, oh, ow,
  }; // prettier-ignore
}

export function poolGeometry(
  batch: number,
  inShape: Shape,
  outShape: Shape,
  kernel: number,
  stride: number,
  padding: number,
): Pool2dGeometry {
  const [c, h, w] = inShape;
  const [, oh, ow] = outShape;
  return {
    n: batch, c, h, w, kh: kernel, kw: kernel, sh: stride, sw: stride,
    ph: padding, pw: padding, oh, ow,
  }; // prettier-ignore
}

export function shapeText(shape: Shape): string {
  if (shape.length === 3) return `${shape[1]}×${shape[2]}×${shape[0]}`;
  return shape.join('×');
}

export function elementCount(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}
