import { shapeText } from '../shapes';
import { channelsAndSpatial } from './common';
import type { LayerDef } from './types';

/** Stacks inputs along channels (features for flat inputs). */
export const concat: LayerDef = {
  type: 'concat',
  label: 'Concat',
  category: 'structure',
  description: 'Stacks its inputs along the channel axis. Spatial sizes must match.',
  settings: [],
  arity: [2, 8],
  infer(ctx) {
    const [first] = ctx.inputs;
    for (const s of ctx.inputs) {
      const sameRank = s.length === first.length;
      if (!sameRank || (s.length === 3 && (s[1] !== first[1] || s[2] !== first[2]))) {
        ctx.fail(
          `inputs ${ctx.inputs.map(shapeText).join(' and ')} differ in spatial size; Concat needs equal height and width`,
        );
      }
    }
    const channels = ctx.inputs.reduce((a, s) => a + s[0], 0);
    return {
      outShape: first.length === 3 ? [channels, first[1], first[2]] : [channels],
      params: [],
      flops: 0,
    };
  },
  build(ctx) {
    const { backend: b, x, y, dy, dx, batch } = ctx;
    const { c: dstC, hw } = channelsAndSpatial(ctx.outShape);
    const forward = [];
    const backward = [];
    let offsetC = 0;
    for (let i = 0; i < x.length; i++) {
      const srcC = ctx.inShapes[i][0];
      forward.push(
        b.copyChannels({
          src: x[i],
          dst: y,
          n: batch,
          srcC,
          dstC,
          offsetC,
          hw,
          direction: 'scatter',
        }),
      );
      const target = dx[i];
      if (dy && target) {
        backward.push(
          b.copyChannels({
            src: target,
            dst: dy,
            n: batch,
            srcC,
            dstC,
            offsetC,
            hw,
            direction: 'gather',
          }),
        );
      }
      offsetC += srcC;
    }
    return { forward, backward };
  },
};
