// `convplay train`: trains a network spec on IDX images, prints progress to stderr and one JSON
// line with the results to stdout, and writes the weights (spec and preprocessing in metadata).
import { writeFile } from 'node:fs/promises';
import { CONSTANT_SCHEDULE, SCHEDULE_KINDS, type ScheduleConfig } from '../engine/optim/schedule';
import { defaultOptimizer, OPTIMIZER_KINDS } from '../engine/optim/optimizer';
import type { OptimizerKind } from '../engine/backend/backend';
import { Batcher, evalBatches } from '../engine/data/batcher';
import { allIndices } from '../engine/data/dataset';
import { fitPreprocess, PREPROCESS_MODES } from '../engine/data/preprocess';
import { splitTrainValidation } from '../engine/data/splits';
import { INIT_SCHEMES } from '../engine/init';
import { exportWeights, importWeights, PREPROCESS_METADATA_KEY } from '../engine/io/weights';
import { Trainer, type LossKind } from '../engine/train/trainer';
import { choice, CliError, number, optionalFile, parse, requireString, type Options } from './args';
import { BACKEND_CHOICES, openBackend } from './backend';
import { buildModel, loadIdx, loadSpec, readBytes } from './load';

export const TRAIN_HELP = `convplay train — train a network on IDX images

  --spec FILE          network spec JSON (required)
  --images FILE        IDX images (gzipped or not) (required)
  --labels FILE        IDX labels (required)
  --val-images FILE    validation IDX images; or
  --val-fraction F     hold out this fraction of the training data (default 0)
  --epochs N           epochs to train (default 1); or
  --steps N            exact number of steps
  --batch N            batch size (default 64)
  --optimizer NAME     sgd|momentum|nesterov|adagrad|rmsprop|adam (default sgd)
  --lr X               base learning rate (default: 0.01, adam/rmsprop 0.001)
  --momentum X         momentum for momentum/nesterov (default 0.9)
  --loss NAME          softmax|hinge (default softmax)
  --l2 X  --l1 X       weight decay strengths (default 0)
  --max-norm X         max-norm constraint per unit (default off)
  --schedule NAME      constant|step|exponential|inverse|linear|cosine (default constant)
  --step-size N --gamma X --decay-k X --final-fraction X --warmup N   schedule settings
  --init-scheme NAME   he|xavier|small|zeros (default he)
  --init FILE          start from these safetensors weights
  --preprocess MODE    scale|center|standardize (default scale: pixels/255)
  --seed N             random seed (default 1)
  --no-shuffle         keep the file order
  --log-every N        progress line every N steps (default 50)
  --backend NAME       cpu|webgpu (default cpu)
  --out FILE           where to write the trained weights (.safetensors) (required)
`;

const OPTIONS: Options = {
  spec: { type: 'string' }, images: { type: 'string' }, labels: { type: 'string' },
  'val-images': { type: 'string' }, 'val-labels': { type: 'string' }, 'val-fraction': { type: 'string' },
  epochs: { type: 'string' }, steps: { type: 'string' }, batch: { type: 'string' },
  optimizer: { type: 'string' }, lr: { type: 'string' }, momentum: { type: 'string' },
  loss: { type: 'string' }, l2: { type: 'string' }, l1: { type: 'string' }, 'max-norm': { type: 'string' },
  schedule: { type: 'string' }, 'step-size': { type: 'string' }, gamma: { type: 'string' },
  'decay-k': { type: 'string' }, 'final-fraction': { type: 'string' }, warmup: { type: 'string' },
  'init-scheme': { type: 'string' }, init: { type: 'string' }, preprocess: { type: 'string' },
  seed: { type: 'string' }, 'no-shuffle': { type: 'boolean' }, 'log-every': { type: 'string' },
  backend: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' },
}; // prettier-ignore

export async function train(
  argv: string[],
  out: (line: string) => void,
  log: (line: string) => void,
) {
  const v = parse(argv, OPTIONS, 'train');
  if (v.help) return out(TRAIN_HELP);
  const outPath = requireString(v, 'out', 'train');
  const spec = await loadSpec(v, 'train');
  const data = await loadIdx(v, 'images', 'labels', 'train');
  const valData =
    v['val-images'] !== undefined ? await loadIdx(v, 'val-images', 'val-labels', 'train') : null;
  const seed = number(v, 'seed', 1, { integer: true, min: 0 });
  const batchSize = number(v, 'batch', 64, { integer: true, min: 1, max: 4096 });
  const valFraction = number(v, 'val-fraction', 0, { min: 0, max: 0.9 });
  if (valData && v['val-fraction'] !== undefined) {
    throw new CliError(
      'train: give either --val-images/--val-labels or --val-fraction, not both',
      2,
    );
  }
  const split =
    valFraction > 0
      ? splitTrainValidation(allIndices(data.count), valFraction, seed, data.labels)
      : { train: allIndices(data.count), validation: new Uint32Array(0) };
  const kind = choice(
    v,
    'optimizer',
    OPTIMIZER_KINDS.map((o) => o.value) as OptimizerKind[],
    'sgd',
  );
  const base = defaultOptimizer(kind);
  const optimizer = {
    ...base,
    lr: number(v, 'lr', base.lr, { min: 1e-12, max: 1e3 }),
    momentum: number(v, 'momentum', base.momentum, { min: 0, max: 0.9999 }),
  };
  const stepsPerEpoch = Math.ceil(split.train.length / batchSize);
  if (v.epochs !== undefined && v.steps !== undefined) {
    throw new CliError('train: give either --epochs or --steps, not both', 2);
  }
  const totalSteps =
    v.steps !== undefined
      ? number(v, 'steps', 1, { integer: true, min: 1 })
      : stepsPerEpoch * number(v, 'epochs', 1, { integer: true, min: 1, max: 10000 });
  const schedule: ScheduleConfig = {
    ...CONSTANT_SCHEDULE,
    kind: choice(
      v,
      'schedule',
      SCHEDULE_KINDS.map((s) => s.value),
      'constant',
    ),
    stepSize: number(v, 'step-size', stepsPerEpoch, { integer: true, min: 1 }),
    gamma: number(v, 'gamma', 0.5, { min: 0, max: 1 }),
    k: number(v, 'decay-k', 1e-3, { min: 0 }),
    totalSteps,
    finalFraction: number(v, 'final-fraction', 0, { min: 0, max: 1 }),
    warmupSteps: number(v, 'warmup', 0, { integer: true, min: 0 }),
  };
  const backendName = choice(v, 'backend', BACKEND_CHOICES, 'cpu');
  const backend = await openBackend(backendName);
  const model = buildModel(spec, backend, data, true, 'train');
  model.initialize(
    choice(
      v,
      'init-scheme',
      INIT_SCHEMES.map((s) => s.value),
      'he',
    ),
    seed,
  );
  const initPath = optionalFile(v, 'init', 'train');
  if (initPath) {
    try {
      importWeights(model, await readBytes(initPath));
    } catch (e) {
      throw new CliError(`train: --init ${initPath}: ${(e as Error).message}`);
    }
  }
  const preprocess = fitPreprocess(
    data,
    split.train,
    choice(v, 'preprocess', PREPROCESS_MODES, 'scale'),
  );
  const trainer = new Trainer(model, {
    batchSize, optimizer, schedule,
    loss: choice<LossKind>(v, 'loss', ['softmax', 'hinge'], 'softmax'),
    hingeMargin: 1,
    l1: number(v, 'l1', 0, { min: 0 }),
    l2: number(v, 'l2', 0, { min: 0 }),
    maxNorm: number(v, 'max-norm', 0, { min: 0 }),
    regularizeBiases: false,
    seed,
  }); // prettier-ignore
  const batcher = new Batcher(data, split.train, {
    batchSize,
    shuffle: !v['no-shuffle'],
    seed,
    preprocess,
  });
  const logEvery = number(v, 'log-every', 50, { integer: true, min: 1 });
  log(
    `training ${spec.name ?? 'network'} (${model.paramCount.toLocaleString('en')} parameters) on ` +
      `${split.train.length} examples, ${totalSteps} steps of ${batchSize}, ${optimizer.kind} lr ${optimizer.lr}, ${backend.description}`,
  );
  const started = performance.now();
  let last = { loss: NaN, accuracy: NaN };
  for (let s = 1; s <= totalSteps; s++) {
    batcher.next(trainer.batch.x, trainer.batch.y);
    trainer.step();
    if (s % logEvery === 0 || s === totalSteps) {
      const m = await trainer.readMetrics();
      if (!Number.isFinite(m.loss)) {
        throw new CliError(
          `train: loss became ${m.loss} at step ${s}; the learning rate (${optimizer.lr}) is probably too high — try 10× lower`,
        );
      }
      last = m;
      const ms = (performance.now() - started) / s;
      const epoch = (s / stepsPerEpoch).toFixed(2);
      log(
        `step ${s}/${totalSteps}  epoch ${epoch}  loss ${m.loss.toFixed(4)}  acc ${(100 * m.accuracy).toFixed(1)}%  ` +
          `lr ${trainer.learningRate.toPrecision(3)}  ${ms.toFixed(1)} ms/step`,
      );
    }
  }
  const seconds = (performance.now() - started) / 1000;
  let validation: { loss: number; accuracy: number; count: number } | null = null;
  const evalSet = valData ?? (split.validation.length ? data : null);
  const evalIdx = valData ? allIndices(valData.count) : split.validation;
  if (evalSet) {
    const m = await trainer.evaluate(
      evalBatches(evalSet, evalIdx, Math.min(256, evalIdx.length), preprocess),
    );
    validation = { loss: m.loss, accuracy: m.accuracy, count: m.count };
    log(
      `validation: loss ${m.loss.toFixed(4)}  accuracy ${(100 * m.accuracy).toFixed(2)}% on ${m.count}`,
    );
  }
  await writeFile(
    outPath,
    await exportWeights(model, { [PREPROCESS_METADATA_KEY]: JSON.stringify(preprocess) }),
  );
  out(
    JSON.stringify({
      steps: totalSteps,
      epochs: totalSteps / stepsPerEpoch,
      seconds: Math.round(seconds * 100) / 100,
      msPerStep: Math.round((seconds * 1e5) / totalSteps) / 100,
      trainLoss: last.loss,
      trainAccuracy: last.accuracy,
      validation,
      backend: backendName,
      out: outPath,
    }),
  );
}
