// The one place the bench counts FLOPs. Convention (printed by the bench and in bench/README.md):
//
//   forward  = 2 × MACs of every conv2d and dense layer (one multiply + one add each), per example
//   backward = 2 × forward: the input gradient and the weight gradient each cost one forward's MACs
//              (counted for every layer, the first one included, even where a library skips the
//              input gradient of the first layer)
//   step     = (forward + backward) × batch = 3 × forward × batch
//
// Not counted: bias adds, ReLU, pooling, flatten, softmax/loss and the optimizer update. They are
// elementwise and together well under 5% of the step for the bench nets; leaving them out makes
// GFLOP/s a slight underestimate, the usual way this is reported for conv nets.
import { inferShapes, type NetDef } from './netdef';

export interface LayerFlops {
  index: number;
  type: string;
  /** Forward MACs for one example. */
  macs: number;
}

export interface StepFlops {
  batch: number;
  layers: LayerFlops[];
  /** Forward FLOPs for one example. */
  forwardPerExample: number;
  /** Forward FLOPs for the whole batch. */
  forward: number;
  /** Backward FLOPs for the whole batch (2 × forward). */
  backward: number;
  /** One training step: forward + backward for the batch. */
  total: number;
}

export const FLOP_CONVENTION =
  'FLOPs/step = 3 × forward × batch; forward = 2 × MACs of conv2d + dense; ' +
  'backward = 2 × forward (input + weight gradients); bias/ReLU/pool/loss/update not counted';

export function stepFlops(net: NetDef, batch: number = net.batch): StepFlops {
  const layers = inferShapes(net)
    .filter((l) => l.macs > 0)
    .map((l) => ({ index: l.index, type: l.layer.type, macs: l.macs }));
  const macs = layers.reduce((a, l) => a + l.macs, 0);
  const forwardPerExample = 2 * macs;
  const forward = forwardPerExample * batch;
  const backward = 2 * forward;
  return { batch, layers, forwardPerExample, forward, backward, total: forward + backward };
}

/** GFLOP/s of a step that took `ms` milliseconds. */
export function gflops(flopsPerStep: number, ms: number): number {
  return flopsPerStep / (ms * 1e6);
}
