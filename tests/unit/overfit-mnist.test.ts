// The classic sanity checks on real data: with small random weights the initial softmax loss is
// ≈ ln(10), and a small conv net drives the training loss near zero on 20 MNIST digits.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { Batcher } from '../../src/engine/data/batcher';
import { scalePreprocess } from '../../src/engine/data/preprocess';
import { overfitSubset } from '../../src/engine/data/splits';
import { Model } from '../../src/engine/model/model';
import { defaultOptimizer } from '../../src/engine/optim/optimizer';
import { CONSTANT_SCHEDULE } from '../../src/engine/optim/schedule';
import { Trainer } from '../../src/engine/train/trainer';
import { loadMnistBundle } from '../../src/platform/node-data';
import { lenet } from '../helpers/specs';

describe('sanity checks on the bundled MNIST', () => {
  it('initial loss ≈ ln(10); 20 examples overfit to near-zero loss', async () => {
    const { dataset, splits } = await loadMnistBundle();
    const subset = overfitSubset(splits.train, 20);
    const model = Model.create(lenet(), new CpuBackend(), {
      numClasses: 10,
      dataShape: [1, 28, 28],
    });
    model.initialize('small', 1);
    const trainer = new Trainer(model, {
      batchSize: 20, optimizer: { ...defaultOptimizer('adam'), lr: 3e-3 }, schedule: CONSTANT_SCHEDULE,
      loss: 'softmax', hingeMargin: 1, l1: 0, l2: 0, maxNorm: 0, regularizeBiases: false, seed: 1,
    }); // prettier-ignore
    const batcher = new Batcher(dataset, subset, {
      batchSize: 20,
      shuffle: true,
      seed: 1,
      preprocess: scalePreprocess(1),
    });
    batcher.next(trainer.batch.x, trainer.batch.y);
    trainer.step();
    const first = await trainer.readMetrics();
    expect(first.loss).toBeGreaterThan(Math.log(10) - 0.05);
    expect(first.loss).toBeLessThan(Math.log(10) + 0.05);
    for (let i = 0; i < 120; i++) {
      batcher.next(trainer.batch.x, trainer.batch.y);
      trainer.step();
    }
    await trainer.readMetrics();
    for (let i = 0; i < 10; i++) {
      batcher.next(trainer.batch.x, trainer.batch.y);
      trainer.step();
    }
    const last = await trainer.readMetrics();
    expect(last.accuracy).toBe(1);
    expect(last.loss).toBeLessThan(0.02);
  });
});
