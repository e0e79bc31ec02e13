// The layer configurations every op test runs: odd sizes, strides, padding, dilation, channel
// counts not divisible by 4, batch 1, non-square inputs.
import type { LayerCase } from './layer-harness';

export const LAYER_CASES: (LayerCase & { name: string })[] = [
  { name: 'conv 3×3 pad 1', type: 'conv2d', cfg: { filters: 5, kernel: 3, padding: 1 }, inShapes: [[3, 7, 6]], batch: 2 },
  { name: 'conv 3×3 stride 2 no bias', type: 'conv2d', cfg: { filters: 4, kernel: 3, stride: 2, bias: false }, inShapes: [[2, 9, 7]], batch: 2 },
  { name: 'conv dilation 2', type: 'conv2d', cfg: { filters: 3, kernel: 3, dilation: 2, padding: 2 }, inShapes: [[2, 8, 8]], batch: 1 },
  { name: 'conv 4×4 same (asymmetric pad)', type: 'conv2d', cfg: { filters: 3, kernel: 4, padding: 'same' }, inShapes: [[3, 6, 5]], batch: 2 },
  { name: 'conv 1×1', type: 'conv2d', cfg: { filters: 6, kernel: 1 }, inShapes: [[5, 4, 3]], batch: 3 },
  { name: 'conv 5×5 stride 3 pad 2', type: 'conv2d', cfg: { filters: 2, kernel: 5, stride: 3, padding: 2 }, inShapes: [[1, 10, 10]], batch: 2 },
  { name: 'maxpool 2/2', type: 'maxpool', cfg: { size: 2, stride: 2 }, inShapes: [[3, 6, 4]], batch: 2 },
  { name: 'maxpool 3/2 pad 1', type: 'maxpool', cfg: { size: 3, stride: 2, padding: 1 }, inShapes: [[2, 7, 7]], batch: 1 },
  { name: 'avgpool 2/2', type: 'avgpool', cfg: { size: 2, stride: 2 }, inShapes: [[3, 6, 4]], batch: 2 },
  { name: 'avgpool 3/1 pad 1', type: 'avgpool', cfg: { size: 3, stride: 1, padding: 1 }, inShapes: [[2, 5, 5]], batch: 2 },
  { name: 'global avg pool', type: 'globalavgpool', cfg: {}, inShapes: [[5, 3, 4]], batch: 2 },
  { name: 'flatten', type: 'flatten', cfg: {}, inShapes: [[3, 2, 4]], batch: 2 },
  { name: 'dense', type: 'dense', cfg: { units: 7 }, inShapes: [[13]], batch: 3 },
  { name: 'dense no bias batch 1', type: 'dense', cfg: { units: 5, bias: false }, inShapes: [[6]], batch: 1 },
  { name: 'relu', type: 'relu', cfg: {}, inShapes: [[3, 4, 4]], batch: 2 },
  { name: 'leaky relu', type: 'leakyrelu', cfg: { alpha: 0.1 }, inShapes: [[3, 4, 4]], batch: 2 },
  { name: 'elu', type: 'elu', cfg: { alpha: 1.5 }, inShapes: [[10]], batch: 3 },
  { name: 'tanh', type: 'tanh', cfg: {}, inShapes: [[2, 3, 3]], batch: 2 },
  { name: 'sigmoid', type: 'sigmoid', cfg: {}, inShapes: [[11]], batch: 2 },
  { name: 'dropout 0.3', type: 'dropout', cfg: { rate: 0.3 }, inShapes: [[4, 5, 5]], batch: 2 },
  { name: 'batchnorm spatial', type: 'batchnorm', cfg: {}, inShapes: [[3, 4, 5]], batch: 3 },
  { name: 'batchnorm flat', type: 'batchnorm', cfg: {}, inShapes: [[6]], batch: 5 },
  { name: 'add ×2', type: 'add', cfg: {}, inShapes: [[3, 4, 4], [3, 4, 4]], batch: 2 },
  { name: 'add ×3', type: 'add', cfg: {}, inShapes: [[7], [7], [7]], batch: 2 },
  { name: 'concat spatial', type: 'concat', cfg: {}, inShapes: [[2, 3, 3], [3, 3, 3]], batch: 2 },
  { name: 'concat flat', type: 'concat', cfg: {}, inShapes: [[4], [5], [3]], batch: 2 },
]; // prettier-ignore
