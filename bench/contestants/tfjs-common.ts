// TensorFlow.js contestants, built from plain tfjs-core ops (no tfjs-layers): the same graph a
// tfjs-layers model compiles to, with fused conv+bias and matMul+bias (tfjs fuses the bias into
// the kernel under gradients; it does not fuse the ReLU there, so ReLU is a separate op).
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone has no gradients; @tensorflow/tfjs registers them with this same import.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { BenchTask, Contestant } from '../harness';
import { inferShapes } from '../netdef';

export interface TfjsOptions {
  backend: 'cpu' | 'webgl' | 'webgpu';
  timing: string;
  /** Extra wait after the loss readback (e.g. the WebGPU queue), inside the timed step. */
  afterStep?: () => Promise<void>;
  /** Backend facts for the report. */
  backendInfo?: () => Record<string, unknown>;
}

export function tfjsContestant(opts: TfjsOptions): Contestant {
  const vars: tf.Variable[] = [];
  let x: tf.Tensor4D | undefined;
  let y: tf.Tensor2D | undefined;
  let optimizer: tf.Optimizer | undefined;
  let lossFn: (() => tf.Scalar) | undefined;
  let last = NaN;

  return {
    timing: opts.timing,

    async setup(task: BenchTask) {
      tf.enableProdMode();
      if (!(await tf.setBackend(opts.backend))) {
        throw new Error(`tfjs backend '${opts.backend}' could not be initialised here`);
      }
      await tf.ready();
      const { net, batch, data, params } = task;
      const [h, w, c] = net.input;
      x = tf.tensor4d(data.x, [batch, h, w, c]);
      y = tf.tensor2d(data.oneHot, [batch, net.classes]);
      for (const p of params) {
        vars.push(tf.variable(tf.tensor(p.values, p.def.shape), true, `${p.def.name}`));
      }
      const byLayer = new Map<number, tf.Variable[]>();
      params.forEach((p, i) =>
        byLayer.set(p.def.layer, [...(byLayer.get(p.def.layer) ?? []), vars[i]]),
      );
      const layers = inferShapes(net);
      const input = x;
      const labels = y;

      const forward = (): tf.Tensor => {
        let a: tf.Tensor = input;
        for (const { layer, index } of layers) {
          switch (layer.type) {
            case 'conv2d': {
              const [kw, kb] = byLayer.get(index)!;
              a = tf.fused.conv2d({
                x: a as tf.Tensor4D,
                filter: kw as tf.Tensor4D,
                strides: layer.stride,
                pad: layer.pad,
                bias: kb,
              });
              if (layer.activation === 'relu') a = tf.relu(a);
              break;
            }
            case 'maxpool':
              a = tf.maxPool(a as tf.Tensor4D, layer.size, layer.stride, 'valid');
              break;
            case 'flatten':
              a = tf.reshape(a, [batch, -1]);
              break;
            case 'dense': {
              const [dw, db] = byLayer.get(index)!;
              a = tf.fused.matMul({ a: a as tf.Tensor2D, b: dw as tf.Tensor2D, bias: db });
              if (layer.activation === 'relu') a = tf.relu(a);
              break;
            }
          }
        }
        return a;
      };
      // Mean over the batch of softmax cross-entropy (tfjs' default reduction).
      lossFn = () => tf.losses.softmaxCrossEntropy(labels, forward()) as tf.Scalar;
      optimizer = tf.train.momentum(net.optimizer.learningRate, net.optimizer.momentum);
    },

    async step() {
      const loss = optimizer!.minimize(lossFn!, true, vars) as tf.Scalar;
      last = (await loss.data())[0];
      loss.dispose();
      await opts.afterStep?.();
    },

    lastLoss: () => last,

    info: () => ({
      library: `@tensorflow/tfjs-core ${tf.version_core}`,
      backend: tf.getBackend(),
      tensorsAlive: tf.memory().numTensors,
      ...opts.backendInfo?.(),
    }),

    dispose() {
      vars.forEach((v) => v.dispose());
      x?.dispose();
      y?.dispose();
      optimizer?.dispose();
    },
  };
}
