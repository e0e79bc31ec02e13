// The data behind the "Watch" panels: filter images, activation maps, predictions, the
// confusion matrix, layer health (dead ReLUs on a crafted net, update ratios), the
// learning-rate range test (and that it leaves the run exactly as it was), gradient checks.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import { classCounts } from '../../src/engine/data/dataset';
import { generateShapes } from '../../src/engine/data/synthetic-shapes';
import { makeSplits } from '../../src/engine/data/splits';
import { cellCount, cellExamples, misclassified } from '../../src/engine/inspect/confusion';
import { tile } from '../../src/engine/inspect/images';
import { suggestLearningRate } from '../../src/engine/inspect/lr-range';
import { updateRatioVerdict } from '../../src/engine/inspect/health';
import { defaultOptimizer } from '../../src/engine/optim/optimizer';
import { TrainingSession } from '../../src/engine/train/session';
import { mnistSubset, settings, smallLenet } from '../helpers/session';
import { seq } from '../helpers/specs';

async function mnistSession(over = {}) {
  return TrainingSession.create({
    spec: smallLenet(),
    data: await mnistSubset(512, 120),
    settings: settings({ batchSize: 16, ...over }),
    backend: new CpuBackend(),
  });
}

const flat = async (s: TrainingSession) =>
  Float32Array.from([...(await s.model.readTensors()).values()].flatMap((t) => [...t.data]));

describe('inspection', () => {
  it('first-layer filters as normalised tiles, grayscale and RGB', async () => {
    const s = await mnistSession();
    const f = (await s.filters())!;
    expect(f).toMatchObject({ layerId: 'conv1', filters: 4, channels: 1, rgb: false, tilesPerFilter: 1, height: 5, width: 5 }); // prettier-ignore
    expect(f.rgba).toHaveLength(4 * 25 * 4);
    for (let k = 0; k < 4; k++) {
      const t = tile({ count: 4, height: 5, width: 5, rgba: f.rgba }, k);
      const grey = Array.from({ length: 25 }, (_, p) => t[p * 4]);
      // Each filter is stretched to the full 0–255 range; alpha is opaque.
      expect(Math.min(...grey)).toBe(0);
      expect(Math.max(...grey)).toBe(255);
      expect(t[3]).toBe(255);
      expect(f.max[k]).toBeGreaterThan(f.min[k]);
    }
    const w = (await s.model.readTensors()).get('conv1.weight')!.data;
    // The brightest pixel of filter 0 is its largest weight.
    const t0 = Array.from({ length: 25 }, (_, p) => f.rgba[p * 4]);
    expect(w[t0.indexOf(255)]).toBe(f.max[0]);

    const shapes = generateShapes({ count: 40, seed: 1, size: 16, channels: 3, classes: 4 });
    const rgbNet = seq([3, 16, 16], [
      ['c', 'conv2d', { filters: 6, kernel: 3 }],
      ['f', 'flatten'],
      ['fc', 'dense', { units: 4 }],
    ]); // prettier-ignore
    const rs = await TrainingSession.create({
      spec: rgbNet,
      data: { dataset: shapes, splits: makeSplits(shapes, { validation: 0.2, test: 0 }, 1) },
      settings: settings({ batchSize: 8 }),
      backend: new CpuBackend(),
    });
    const rf = (await rs.filters({ normalization: 'all' }))!;
    expect(rf).toMatchObject({
      filters: 6,
      channels: 3,
      rgb: true,
      tilesPerFilter: 1,
      normalization: 'all',
    });
    expect(rf.rgba).toHaveLength(6 * 9 * 4);

    const mlp = await TrainingSession.create({
      spec: seq(
        [1, 28, 28],
        [
          ['f', 'flatten'],
          ['fc', 'dense', { units: 10 }],
        ],
      ),
      data: await mnistSubset(64, 0),
      settings: settings(),
      backend: new CpuBackend(),
    });
    expect(await mlp.filters()).toBeNull();
  });

  it('activation maps of every layer for one validation image', async () => {
    const s = await mnistSession();
    await s.step(5);
    const a = await s.activations(3);
    expect(a.datasetIndex).toBe(s.validationIndices[3]);
    expect(a.label).toBe(s.dataset.labels[a.datasetIndex]);
    expect(a.imageShape).toEqual([1, 28, 28]);
    expect(a.maps.map((m) => m.layerId)).toEqual(['conv1', 'relu1', 'pool1', 'conv2', 'relu2', 'pool2', 'flat', 'fc']); // prettier-ignore
    const byId = Object.fromEntries(a.maps.map((m) => [m.layerId, m]));
    expect(byId.conv1.shape).toEqual([4, 28, 28]);
    expect(byId.conv2.shape).toEqual([8, 10, 10]);
    expect(byId.fc.shape).toEqual([10]);
    expect(byId.relu1.min).toBeGreaterThanOrEqual(0);
    // relu1 = max(0, conv1), element for element.
    for (let i = 0; i < byId.conv1.values.length; i += 37) {
      expect(byId.relu1.values[i]).toBe(Math.max(0, byId.conv1.values[i]));
    }
    const sum = a.probabilities.reduce((x, y) => x + y, 0);
    expect(sum).toBeCloseTo(1, 5);
    expect(a.predicted).toBe(a.probabilities.indexOf(Math.max(...a.probabilities)));
    const input = await s.activations(3, ['input']);
    expect(input.maps[0].values[300]).toBeCloseTo(a.image[300] / 255, 6);
    await expect(s.activations(120)).rejects.toThrow(/does not exist/);
    await expect(s.activations(0, ['nope'])).rejects.toThrow(/no layer "nope"/);
  });

  it('predictions with top-3 probabilities', async () => {
    const s = await mnistSession({ optimizer: { ...defaultOptimizer('adam'), lr: 0.005 } });
    await s.step(20);
    const p = await s.predictions({ count: 10 });
    expect(p.predictions).toHaveLength(10);
    expect(p.images).toHaveLength(10 * 784);
    for (const [i, q] of p.predictions.entries()) {
      expect(q.datasetIndex).toBe(s.validationIndices[i]);
      expect(q.top).toHaveLength(3);
      expect(q.top[0].probability).toBeGreaterThanOrEqual(q.top[1].probability);
      expect(q.top[1].probability).toBeGreaterThanOrEqual(q.top[2].probability);
      expect(q.top[0].classIndex).toBe(q.predicted);
      expect(q.correct).toBe(q.predicted === q.label);
    }
    const picked = await s.predictions({ positions: [7, 2] });
    expect(picked.predictions.map((q) => q.datasetIndex)).toEqual([s.validationIndices[7], s.validationIndices[2]]); // prettier-ignore
    const byIndex = await s.predictions({ indices: [5, 9] });
    expect(byIndex.predictions.map((q) => q.datasetIndex)).toEqual([5, 9]);
    await expect(s.predictions({ indices: [1e9] })).rejects.toThrow(/outside the dataset/);
    const random = await s.predictions({ count: 5, randomSeed: 3 });
    expect(new Set(random.predictions.map((q) => q.datasetIndex)).size).toBe(5);
  });

  it('confusion matrix: rows sum to class counts, cells hold their examples', async () => {
    const s = await mnistSession({ optimizer: { ...defaultOptimizer('adam'), lr: 0.005 } });
    await s.step(20);
    const cm = await s.confusion();
    const counts = classCounts(s.dataset, s.validationIndices);
    for (let t = 0; t < 10; t++) {
      let row = 0;
      for (let p = 0; p < 10; p++) {
        row += cellCount(cm, t, p);
        for (const index of cellExamples(cm, t, p)) expect(s.dataset.labels[index]).toBe(t);
      }
      expect(row).toBe(counts[t]);
      expect(cm.perClass[t].count).toBe(counts[t]);
      expect(cm.perClass[t].correct).toBe(cellCount(cm, t, t));
    }
    expect(cm.total).toBe(120);
    expect(misclassified(cm)).toHaveLength(120 - cm.perClass.reduce((a, c) => a + c.correct, 0));
    // Same model, same examples: the evaluation's accuracy agrees.
    const ev = await s.evaluate();
    expect(cm.accuracy).toBeCloseTo(ev.accuracy, 10);
  });

  it('layer health: a huge negative bias kills every ReLU; update ratios are real', async () => {
    const s = await mnistSession({ optimizer: { ...defaultOptimizer('sgd'), lr: 0.05 } });
    const before = await s.health(32);
    expect(before.step).toBe(0);
    const relu1 = before.layers.find((l) => l.layerId === 'relu1')!;
    expect(relu1.deadFraction).toBeLessThan(0.5);
    expect(before.layers.find((l) => l.layerId === 'conv1')!.updateRatio).toBeNull();
    expect(before.layers.find((l) => l.layerId === 'conv1')!.deadFraction).toBeNull();
    const hist = relu1.activation.histogram;
    expect(hist.counts).toHaveLength(30);
    expect(hist.counts.reduce((a, b) => a + b, 0)).toBe(32 * 4 * 28 * 28);

    const w0 = await s.model.readTensors();
    await s.step(1);
    const w1 = await s.model.readTensors();
    const h = await s.health(32);
    const fc = h.layers.find((l) => l.layerId === 'fc')!;
    const a = w0.get('fc.weight')!.data;
    const b = w1.get('fc.weight')!.data;
    let du = 0;
    let nw = 0;
    for (let i = 0; i < a.length; i++) {
      du += (b[i] - a[i]) ** 2;
      nw += b[i] ** 2;
    }
    expect(fc.updateRatio).toBeCloseTo(Math.sqrt(du) / Math.sqrt(nw), 6);
    expect(fc.weightNorm).toBeCloseTo(Math.sqrt(nw), 4);
    expect(fc.gradNorm).toBeGreaterThan(0);
    expect(['too-low', 'healthy', 'too-high']).toContain(updateRatioVerdict(fc.updateRatio));

    const crafted = new Map(w1);
    crafted.set('conv1.bias', { shape: [4], data: new Float32Array(4).fill(-1000) });
    s.model.writeTensors(crafted);
    const dead = await s.health(32);
    expect(dead.layers.find((l) => l.layerId === 'relu1')!.deadFraction).toBe(1);
    expect(dead.layers.find((l) => l.layerId === 'relu1')!.activation.zeroFraction).toBe(1);
  });

  it('learning-rate range test suggests a rate and leaves the run untouched', async () => {
    const opt = { ...defaultOptimizer('momentum'), lr: 0.01 };
    const a = await mnistSession({ optimizer: opt });
    const b = await mnistSession({ optimizer: opt });
    await a.step(3);
    await b.step(3);
    const before = await flat(a);
    const r = await a.lrRangeTest({ lo: 1e-4, hi: 100, steps: 40 });
    expect(await flat(a)).toEqual(before);
    expect(a.stepCount).toBe(3);
    expect(r.lrs[0]).toBeCloseTo(1e-4, 10);
    for (let i = 1; i < r.lrs.length; i++) expect(r.lrs[i]).toBeGreaterThan(r.lrs[i - 1]);
    expect(r.losses).toHaveLength(r.lrs.length);
    expect(r.suggested).toBeGreaterThan(1e-4);
    expect(r.suggested).toBeLessThan(100);
    expect(r.minLoss!.loss).toBe(Math.min(...r.losses));
    expect(r.stoppedEarly).toBe(r.lrs.length < 40);
    expect(r.suggested).toBeLessThanOrEqual(r.minLoss!.lr / 10);
    // Training continues exactly as if the test had never run (batches, optimizer state).
    await a.step(3);
    await b.step(3);
    expect(await flat(a)).toEqual(await flat(b));
  });

  it('suggestLearningRate finds the steepest descent before the minimum', () => {
    const lrs = Array.from({ length: 50 }, (_, i) => 1e-5 * Math.pow(1e6, i / 49));
    // Loss falls like a sigmoid in log10(lr) centred at 1e-2, then rises past 1e-0.5.
    const losses = lrs.map((lr) => {
      const x = Math.log10(lr);
      return 2.3 - 2 / (1 + Math.exp(-3 * (x + 2))) + (x > -0.5 ? 5 * (x + 0.5) ** 2 : 0);
    });
    const s = suggestLearningRate(lrs, losses);
    expect(Math.log10(s.steepest!)).toBeCloseTo(-2, 0);
    expect(s.suggested).toBe(s.steepest);
    expect(s.minLoss!.lr).toBeGreaterThan(0.1);
    expect(suggestLearningRate([], [])).toEqual({ suggested: null, steepest: null, minLoss: null });
  });

  it('gradient check of the user network in float64', async () => {
    const s = await mnistSession();
    await s.step(2);
    for (const layerId of ['conv1', 'conv2', 'fc', 'input']) {
      const g = await s.gradientCheck({ layerId, samples: 6 });
      expect(g.entries.length).toBeGreaterThan(0);
      expect(g.maxRelError).toBeLessThan(1e-2);
      expect(['pass', 'kinks']).toContain(g.verdict);
      expect(g.examples).toBe(2);
    }
    const fc = await s.gradientCheck({ layerId: 'fc', samples: 4 });
    // fc has a weight and a bias tensor: both are sampled.
    expect(new Set(fc.entries.map((e) => e.tensor))).toEqual(new Set(['fc.weight', 'fc.bias']));
    await expect(s.gradientCheck({ layerId: 'relu1' })).rejects.toThrow(/no parameters/);
  });
});
