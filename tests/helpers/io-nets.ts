// Networks and weights shared by the export tests: "trained-looking" parameters (non-zero
// biases, batch-norm statistics far from 0/1) so that a wrong epsilon, a swapped mean/variance or
// an off-by-one padding changes the output, and the engine's CPU forward as the reference.
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import type { HostTensor } from '../../src/engine/io/safetensors';
import { Model } from '../../src/engine/model/model';
import { Rng } from '../../src/engine/rng';
import type { LayerSpec, NetworkSpec } from '../../src/engine/spec';
import { dag, seq } from './specs';

/** (a) Conv, pooling with padding, dense, batch norm on feature maps and on flat features. */
export function convPoolDenseBn(): NetworkSpec {
  return seq(
    [3, 16, 16],
    [
      ['conv1', 'conv2d', { filters: 8, kernel: 3, padding: 1 }],
      ['bn1', 'batchnorm', { eps: 1e-3, momentum: 0.2 }],
      ['relu1', 'relu'],
      ['pool1', 'maxpool', { size: 2, stride: 2, padding: 1 }],
      ['conv2', 'conv2d', { filters: 12, kernel: 3, bias: false }],
      ['bn2', 'batchnorm'],
      ['relu2', 'relu'],
      ['pool2', 'avgpool', { size: 3, stride: 2, padding: 1 }],
      ['flat', 'flatten'],
      ['fc1', 'dense', { units: 32 }],
      ['bn3', 'batchnorm'],
      ['relu3', 'relu'],
      ['drop', 'dropout', { rate: 0.3 }],
      ['fc2', 'dense', { units: 10 }],
    ],
  );
}

/**
 * (b) A DAG: residual adds (two and three inputs), a concat of three branches, every activation,
 * global average pooling, batch norm on flat features, a flatten of a flat vector as the last
 * layer, an id with a hyphen and a middle layer that is itself called "logits".
 */
export function residualDag(): NetworkSpec {
  const l = (
    id: string,
    type: string,
    inputs: string[] | null,
    config: LayerSpec['config'] = {},
  ): LayerSpec => (inputs ? { id, type, inputs, config } : { id, type, config });
  return dag(
    [4, 10, 10],
    [
      l('stem', 'conv2d', null, { filters: 8, padding: 1 }),
      l('stem-act', 'relu', null),
      l('b1', 'conv2d', null, { filters: 8, padding: 'same' }),
      l('b1act', 'leakyrelu', null, { alpha: 0.1 }),
      l('res-add', 'add', ['stem-act', 'b1act']),
      l('b2', 'conv2d', ['res-add'], { filters: 4, kernel: 1 }),
      l('b2act', 'elu', null, { alpha: 0.7 }),
      l('b3', 'conv2d', ['res-add'], { filters: 4, kernel: 3, padding: 1, bias: false }),
      l('b3act', 'tanh', null),
      l('b4act', 'sigmoid', ['res-add']),
      l('cat', 'concat', ['b2act', 'b3act', 'b4act']),
      l('logits', 'conv2d', ['cat'], { filters: 8, kernel: 1 }),
      l('add3', 'add', ['logits', 'res-add', 'stem']),
      l('bn', 'batchnorm', null, { eps: 0.01 }),
      l('gap', 'globalavgpool', null),
      l('bnflat', 'batchnorm', null),
      l('drop', 'dropout', null, { rate: 0.5 }),
      l('fc', 'dense', null, { units: 5 }),
      l('out', 'flatten', null),
    ],
  );
}

/** (c) "same" padding that is uneven (even kernel, odd dilated extent), dilation, stride 2. */
export function unevenSamePadding(): NetworkSpec {
  return seq(
    [2, 11, 9],
    [
      // extent 4, stride 2: 11 → 6 (pads 1 top, 2 bottom), 9 → 5 (1 left, 2 right)
      ['c1', 'conv2d', { filters: 6, kernel: 4, stride: 2, padding: 'same' }],
      ['a1', 'relu'],
      // kernel 2, dilation 3 → extent 4 at stride 1: pads 1 before, 2 after on both axes
      ['c2', 'conv2d', { filters: 5, kernel: 2, dilation: 3, padding: 'same' }],
      ['a2', 'tanh'],
      // kernel 3, dilation 2 → extent 5 at stride 2: 6 → 3 (pads 1, 2), 5 → 3 (pads 2, 2)
      ['c3', 'conv2d', { filters: 4, kernel: 3, dilation: 2, stride: 2, padding: 'same' }],
      ['flat', 'flatten'],
      ['fc', 'dense', { units: 7 }],
    ],
  );
}

/** A compiled CPU model with He-initialised weights and random biases and norm statistics. */
export function trainedLooking(spec: NetworkSpec, seed = 7): Model {
  const model = Model.create(spec, new CpuBackend());
  model.initialize('he', seed);
  const rng = new Rng(seed + 1000);
  const tensors = readTensorsSync(model);
  for (const e of model.entries) {
    if (e.decl.role === 'weight') continue; // keep the He-initialised conv/dense weights
    const data = tensors.get(e.name)!.data;
    for (let i = 0; i < data.length; i++) {
      if (e.decl.name === 'running_var') data[i] = 0.2 + 3 * rng.next();
      else if (e.decl.name === 'running_mean') data[i] = rng.normal();
      else if (e.decl.role === 'norm' && e.decl.name === 'weight') data[i] = 0.5 + rng.next();
      else data[i] = 0.3 * rng.normal();
    }
  }
  model.writeTensors(tensors);
  return model;
}

export function readTensorsSync(model: Model): Map<string, HostTensor> {
  const cpu = model.backend as CpuBackend;
  const out = new Map<string, HostTensor>();
  for (const e of model.entries) {
    out.set(e.name, { shape: e.decl.shape, data: Float32Array.from(cpu.readSync(e.value)) });
  }
  return out;
}

/** Image-like inputs: smooth gradients and blobs in [0, 1] plus a little noise. */
export function imageBatch(spec: NetworkSpec, batch: number, seed = 3): Float32Array {
  const { channels: c, height: h, width: w } = spec.input;
  const rng = new Rng(seed);
  const x = new Float32Array(batch * c * h * w);
  let i = 0;
  for (let n = 0; n < batch; n++) {
    const fx = 1 + 3 * rng.next();
    const fy = 1 + 3 * rng.next();
    const phase = 6 * rng.next();
    for (let ch = 0; ch < c; ch++) {
      for (let yy = 0; yy < h; yy++) {
        for (let xx = 0; xx < w; xx++) {
          const v = 0.5 + 0.4 * Math.sin((fx * xx) / w + (fy * yy) / h + phase + ch);
          x[i++] = Math.min(1, Math.max(0, v + 0.05 * rng.normal()));
        }
      }
    }
  }
  return x;
}

/** The engine's CPU inference output for a batch. */
export function cpuForward(model: Model, x: Float32Array, batch: number): Float32Array {
  const plan = model.plan(batch, 'eval');
  model.backend.write(plan.input, x);
  model.backend.run(plan.forward);
  return Float32Array.from((model.backend as CpuBackend).readSync(plan.logits));
}
