// Every layer type, in palette order. The palette, the settings forms, shape analysis, the
// compiler and the exporters all read this table.
import { add } from './add';
import { batchnorm } from './batchnorm';
import { concat } from './concat';
import { conv2d } from './conv2d';
import { dense } from './dense';
import { dropout } from './dropout';
import { elu } from './elu';
import { flatten } from './flatten';
import { globalavgpool } from './globalavgpool';
import { leakyrelu } from './leakyrelu';
import { avgpool, maxpool } from './pooling';
import { relu } from './relu';
import { sigmoid } from './sigmoid';
import { tanh } from './tanh';
import type { LayerDef } from './types';

export const LAYER_DEFS: readonly LayerDef[] = [
  conv2d, maxpool, avgpool, globalavgpool, flatten, dense,
  relu, leakyrelu, elu, tanh, sigmoid,
  dropout, batchnorm, add, concat,
]; // prettier-ignore

const byType = new Map(LAYER_DEFS.map((d) => [d.type, d]));

export function getLayerDef(type: string): LayerDef | undefined {
  return byType.get(type);
}
