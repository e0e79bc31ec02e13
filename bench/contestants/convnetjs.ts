// ConvNetJS trains one example at a time; its Trainer with batch_size = B accumulates gradients
// over B calls and then applies SGD with momentum, so one bench step = B calls of train().
import convnetjs from 'convnetjs';
import type { Layer, LayerDefJs, Net, Trainer, Vol } from 'convnetjs';
import type { BenchTask, Contestant, ContestantFactory } from '../harness';
import { inferShapes } from '../netdef';

function buildDefs(task: BenchTask): LayerDefJs[] {
  const [h, w, c] = task.net.input;
  const defs: LayerDefJs[] = [{ type: 'input', out_sx: w, out_sy: h, out_depth: c }];
  const layers = task.net.layers;
  layers.forEach((layer, i) => {
    switch (layer.type) {
      case 'conv2d':
        defs.push({
          type: 'conv',
          sx: layer.kernel,
          filters: layer.filters,
          stride: layer.stride,
          pad: layer.pad,
          bias_pref: 0,
          ...(layer.activation === 'relu' ? { activation: 'relu' } : {}),
        });
        break;
      case 'maxpool':
        defs.push({ type: 'pool', sx: layer.size, stride: layer.stride, pad: 0 });
        break;
      case 'flatten':
        // Implicit: a ConvNetJS fc layer reads its input Vol flat, in (y, x, depth) order.
        break;
      case 'dense':
        if (i === layers.length - 1) {
          // ConvNetJS's softmax layer brings its own fc layer in front of it.
          if (layer.activation !== 'linear') throw new Error('last dense layer must be linear');
          defs.push({ type: 'softmax', num_classes: layer.units });
        } else {
          defs.push({
            type: 'fc',
            num_neurons: layer.units,
            bias_pref: 0,
            ...(layer.activation === 'relu' ? { activation: 'relu' } : {}),
          });
        }
        break;
    }
  });
  if (layers[layers.length - 1]?.type !== 'dense') throw new Error('net must end in dense');
  return defs;
}

/** Copy canonical parameters (HWIO conv, [in][out] dense) into ConvNetJS's per-filter Vols. */
function loadParams(net: Net, task: BenchTask): void {
  const withParams = net.layers.filter((l) => l.layer_type === 'conv' || l.layer_type === 'fc');
  const shaped = inferShapes(task.net).filter((l) => l.params.length > 0);
  if (withParams.length !== shaped.length) {
    throw new Error(
      `ConvNetJS built ${withParams.length} layers with weights, expected ${shaped.length}`,
    );
  }
  shaped.forEach((ls, k) => {
    const layer: Layer = withParams[k];
    const [wp, bp] = ls.params.map((d) => task.params.find((p) => p.def.name === d.name)!);
    const filters = layer.filters!;
    const outN = wp.def.shape[wp.def.shape.length - 1];
    const inN = wp.values.length / outN; // kh·kw·cin for conv (same order as a filter Vol), n for fc
    if (filters.length !== outN || filters[0].w.length !== inN) {
      throw new Error(`ConvNetJS layer ${k}: weight shape mismatch`);
    }
    for (let o = 0; o < outN; o++) {
      const f = filters[o].w;
      for (let i = 0; i < inN; i++) f[i] = wp.values[i * outN + o];
    }
    layer.biases!.w.set(bp.values);
  });
}

const create: ContestantFactory = (): Contestant => {
  let trainer: Trainer | undefined;
  let xs: Vol[] = [];
  let labels: Int32Array = new Int32Array(0);
  let last = NaN;
  return {
    timing: 'synchronous JavaScript: the step is done when the last train() call returns',

    async setup(task) {
      const net = new convnetjs.Net();
      net.makeLayers(buildDefs(task));
      loadParams(net, task);
      const [h, w, c] = task.net.input;
      const per = h * w * c;
      xs = [];
      for (let b = 0; b < task.batch; b++) {
        // Vol index ((sx·y)+x)·depth+d is NHWC order for one example.
        const v = new convnetjs.Vol(w, h, c, 0);
        v.w.set(task.data.x.subarray(b * per, (b + 1) * per));
        xs.push(v);
      }
      labels = task.data.labels;
      trainer = new convnetjs.Trainer(net, {
        method: 'sgd',
        learning_rate: task.net.optimizer.learningRate,
        momentum: task.net.optimizer.momentum,
        batch_size: task.batch,
        l1_decay: 0,
        l2_decay: 0,
      });
    },

    step() {
      let sum = 0;
      for (let b = 0; b < xs.length; b++) sum += trainer!.train(xs[b], labels[b]).cost_loss;
      last = sum / xs.length;
    },

    lastLoss: () => last,

    info: () => ({ library: 'convnetjs 0.3.0', precision: 'float64 (Float64Array)' }),
  };
};

export default create;
