import { elementCount } from '../shapes';
import type { LayerDef } from './types';

/** C×H×W → C·H·W in C, H, W order (PyTorch's order): a reshape, so no kernel and no copy. */
export const flatten: LayerDef = {
  type: 'flatten',
  label: 'Flatten',
  category: 'structure',
  description: 'Turns a C×H×W feature map into a flat vector (in C, H, W order) for Dense layers.',
  settings: [],
  arity: [1, 1],
  aliasesInput: true,
  infer(ctx) {
    return { outShape: [elementCount(ctx.inputs[0])], params: [], flops: 0 };
  },
  build() {
    return { forward: [], backward: [] };
  },
};
