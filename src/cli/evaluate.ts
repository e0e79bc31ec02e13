// `convplay evaluate` and `convplay predict`: run trained weights over IDX images, with the
// preprocessing the weights were trained with.
import { writeFile } from 'node:fs/promises';
import { evalBatches } from '../engine/data/batcher';
import { allIndices } from '../engine/data/dataset';
import { importWeights } from '../engine/io/weights';
import { defaultOptimizer } from '../engine/optim/optimizer';
import { CONSTANT_SCHEDULE } from '../engine/optim/schedule';
import { Trainer } from '../engine/train/trainer';
import { choice, CliError, number, parse, requireFile, requireString, type Options } from './args';
import { BACKEND_CHOICES, openBackend } from './backend';
import {
  buildModel,
  loadIdx,
  loadIdxImagesOnly,
  loadSpec,
  preprocessFromWeights,
  readBytes,
} from './load';

export const EVALUATE_HELP = `convplay evaluate — loss and accuracy of trained weights on IDX images

  --weights FILE   .safetensors written by train (required)
  --spec FILE      network spec (default: the one stored in the weights)
  --images FILE    IDX images (required)
  --labels FILE    IDX labels (required)
  --batch N        evaluation batch size (default 256)
  --backend NAME   cpu|webgpu (default cpu)
`;

export const PREDICT_HELP = `convplay predict — raw class scores for IDX images

  --weights FILE --images FILE [--labels FILE] [--spec FILE] [--batch N] [--backend NAME]
  --out FILE       where to write the JSON {scores: number[][], predictions: number[]} (required)
`;

const OPTIONS: Options = {
  weights: { type: 'string' }, spec: { type: 'string' }, images: { type: 'string' },
  labels: { type: 'string' }, batch: { type: 'string' }, backend: { type: 'string' },
  out: { type: 'string' }, help: { type: 'boolean' },
}; // prettier-ignore

async function setup(argv: string[], command: 'evaluate' | 'predict') {
  const v = parse(argv, OPTIONS, command);
  const weightsPath = requireFile(v, 'weights', command);
  const weights = await readBytes(weightsPath);
  const spec = await loadSpec(v, command, weights);
  return { v, weights, weightsPath, spec };
}

async function prepare(argv: string[], command: 'evaluate' | 'predict') {
  const { v, weights, weightsPath, spec } = await setup(argv, command);
  const labelled = command === 'evaluate' || v.labels !== undefined;
  const data = labelled
    ? await loadIdx(v, 'images', 'labels', command)
    : await loadIdxImagesOnly(v, command);
  const backend = await openBackend(choice(v, 'backend', BACKEND_CHOICES, 'cpu'));
  const model = buildModel(spec, backend, data, labelled, command);
  try {
    importWeights(model, weights);
  } catch (e) {
    throw new CliError(`${command}: --weights ${weightsPath}: ${(e as Error).message}`);
  }
  const preprocess = preprocessFromWeights(weights, data.channels);
  const batch = Math.min(number(v, 'batch', 256, { integer: true, min: 1, max: 4096 }), data.count);
  return { v, data, model, preprocess, batch };
}

export async function evaluate(argv: string[], out: (line: string) => void) {
  if (argv.includes('--help')) return out(EVALUATE_HELP);
  const { data, model, preprocess, batch } = await prepare(argv, 'evaluate');
  const trainer = new Trainer(model, {
    batchSize: 1, optimizer: defaultOptimizer('sgd'), schedule: CONSTANT_SCHEDULE, loss: 'softmax',
    hingeMargin: 1, l1: 0, l2: 0, maxNorm: 0, regularizeBiases: false, seed: 0,
  }); // prettier-ignore
  const m = await trainer.evaluate(evalBatches(data, allIndices(data.count), batch, preprocess));
  out(JSON.stringify({ loss: m.loss, accuracy: m.accuracy, count: m.count }));
}

export async function predict(argv: string[], out: (line: string) => void) {
  if (argv.includes('--help')) return out(PREDICT_HELP);
  const { v, data, model, preprocess, batch } = await prepare(argv, 'predict');
  const outPath = requireString(v, 'out', 'predict');
  const plan = model.plan(batch, 'eval');
  const scores: number[][] = [];
  for (const b of evalBatches(data, allIndices(data.count), batch, preprocess)) {
    model.backend.write(plan.input, b.x);
    model.backend.run(plan.forward);
    const logits = await model.backend.read(plan.logits);
    const c = logits.length / batch;
    for (let i = 0; i < b.count; i++) scores.push(Array.from(logits.subarray(i * c, (i + 1) * c)));
  }
  const predictions = scores.map((row) => row.indexOf(Math.max(...row)));
  await writeFile(outPath, JSON.stringify({ scores, predictions }));
  out(JSON.stringify({ count: scores.length, out: outPath }));
}
