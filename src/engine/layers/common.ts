// Checks several layer files share: what input rank a layer accepts, and the fix to offer.
import type { InferContext, Shape } from './types';
import { shapeText } from '../shapes';

/** Fails unless the input is an image-shaped [C, H, W] feature map. */
export function requireImage(ctx: InferContext, label: string): [number, number, number] {
  const x = ctx.inputs[0];
  if (x.length !== 3) {
    ctx.fail(
      `${label} needs an image-shaped input (height×width×channels) but gets a flat vector of ` +
        `${x[0]} values; move it before Flatten/Dense`,
    );
  }
  return [x[0], x[1], x[2]];
}

/** Fails unless the input is flat, offering to insert a Flatten. */
export function requireFlat(ctx: InferContext, label: string): number {
  const x = ctx.inputs[0];
  if (x.length !== 1) {
    ctx.fail(
      `${label} needs a flat input but gets a ${shapeText(x)} feature map; insert Flatten before it`,
      {
        label: 'Insert Flatten',
        action: { kind: 'insert-before', layerId: ctx.id, type: 'flatten' },
      },
    );
  }
  return x[0];
}

/** Channels and spatial size of an NC(HW) tensor: flat [F] counts as F channels of 1×1. */
export function channelsAndSpatial(shape: Shape): { c: number; hw: number } {
  return shape.length === 3 ? { c: shape[0], hw: shape[1] * shape[2] } : { c: shape[0], hw: 1 };
}
