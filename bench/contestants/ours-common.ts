// What both of convplay's contestants share: the bench net as an engine spec, the canonical
// parameters (HWIO conv weights, [in][out] dense weights, NHWC flatten order) permuted into the
// engine's PyTorch layout (OIHW, [out][in], CHW flatten), the fixed batch in NCHW, and a Trainer
// running forward + backward + SGD-momentum as one program per step.
import type { Backend } from '../../src/engine/backend/backend';
import type { HostTensor } from '../../src/engine/io/safetensors';
import { Model } from '../../src/engine/model/model';
import { defaultOptimizer } from '../../src/engine/optim/optimizer';
import { CONSTANT_SCHEDULE } from '../../src/engine/optim/schedule';
import type { LayerSpec, NetworkSpec } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/train/trainer';
import type { BenchTask } from '../harness';
import { inferShapes } from '../netdef';

/** The bench net as an engine spec; layer ids carry the bench layer index. */
function toSpec(task: BenchTask): NetworkSpec {
  const [h, w, c] = task.net.input;
  const layers: LayerSpec[] = [];
  task.net.layers.forEach((l, i) => {
    switch (l.type) {
      case 'conv2d':
        layers.push({ id: `conv${i}`, type: 'conv2d', config: { filters: l.filters, kernel: l.kernel, stride: l.stride, padding: l.pad, dilation: 1, bias: true } }); // prettier-ignore
        if (l.activation === 'relu') layers.push({ id: `relu${i}`, type: 'relu', config: {} });
        break;
      case 'maxpool':
        layers.push({ id: `pool${i}`, type: 'maxpool', config: { size: l.size, stride: l.stride, padding: 0 } }); // prettier-ignore
        break;
      case 'flatten':
        layers.push({ id: `flatten${i}`, type: 'flatten', config: {} });
        break;
      case 'dense':
        layers.push({ id: `dense${i}`, type: 'dense', config: { units: l.units, bias: true } });
        if (l.activation === 'relu') layers.push({ id: `relu${i}`, type: 'relu', config: {} });
        break;
    }
  });
  return {
    format: 'convplay.network',
    version: 1,
    input: { channels: c, height: h, width: w },
    layers,
  };
}

/** Canonical parameters → engine tensors by name. */
function toTensors(task: BenchTask): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  const shapes = inferShapes(task.net);
  for (const ls of shapes) {
    for (const def of ls.params) {
      const values = task.params.find((p) => p.def.name === def.name)!.values;
      const id = `${ls.layer.type === 'conv2d' ? 'conv' : 'dense'}${ls.index}`;
      if (def.role === 'bias') {
        out.set(`${id}.bias`, { shape: def.shape, data: Float32Array.from(values) });
      } else if (ls.layer.type === 'conv2d') {
        const [kh, kw, ci, co] = def.shape;
        const data = new Float32Array(values.length);
        for (let o = 0; o < co; o++)
          for (let c = 0; c < ci; c++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++)
                data[((o * ci + c) * kh + i) * kw + j] = values[((i * kw + j) * ci + c) * co + o];
        out.set(`${id}.weight`, { shape: [co, ci, kh, kw], data });
      } else {
        const [nIn, nOut] = def.shape;
        const data = new Float32Array(values.length);
        // After a flatten of an image, canonical inputs are in (h, w, c) order, ours in (c, h, w).
        const prev = shapes[ls.index - 1];
        const img = prev?.layer.type === 'flatten' && prev.in.length === 3 ? prev.in : null;
        for (let o = 0; o < nOut; o++) {
          for (let k = 0; k < nIn; k++) {
            let src = k;
            if (img) {
              const [ih, iw, ic] = img;
              const ch = Math.floor(k / (ih * iw));
              src = (k - ch * ih * iw) * ic + ch;
            }
            data[o * nIn + k] = values[src * nOut + o];
          }
        }
        out.set(`${id}.weight`, { shape: [nOut, nIn], data });
      }
    }
  }
  return out;
}

/** A trainer for the task on `backend`, loaded with the task's weights and fixed batch. */
export function oursTrainer(task: BenchTask, backend: Backend): Trainer {
  const model = Model.create(toSpec(task), backend);
  model.writeTensors(toTensors(task));
  const opt = task.net.optimizer;
  const trainer = new Trainer(model, {
    batchSize: task.batch,
    optimizer: { ...defaultOptimizer('momentum'), lr: opt.learningRate, momentum: opt.momentum },
    schedule: CONSTANT_SCHEDULE, loss: 'softmax', hingeMargin: 1, l1: 0, l2: 0, maxNorm: 0,
    regularizeBiases: false, seed: task.seed,
  }); // prettier-ignore
  const [h, w, c] = task.net.input;
  const { x, labels } = task.data;
  for (let n = 0; n < task.batch; n++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < h * w; i++)
        trainer.batch.x[(n * c + ch) * h * w + i] = x[(n * h * w + i) * c + ch];
  for (let n = 0; n < task.batch; n++) trainer.batch.y[n] = labels[n];
  return trainer;
}
