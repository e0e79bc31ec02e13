// The experiments: the classic lessons of training conv nets, each a preset over the ordinary
// playground. An experiment is a list of variants; a variant is exactly what the builder, the
// Data tab and the Train tab would hold (a network, a dataset choice, training settings), so
// running one goes through the same configure/start path as the Train button, and "Open in
// playground" simply puts a variant's setup in the stores for the user to change.
//
// Each experiment also says what to look for, which charts show it, and what to inspect when a
// variant ends (layer health, first-layer filters); conclusions.ts turns the results into
// sentences.
import type { OptimizerKind } from '../../engine/backend/backend';
import type { InitScheme } from '../../engine/init';
import type { NetworkSpec } from '../../engine/spec';
import { defaultOptimizer } from '../../engine/optim/optimizer';
import { CONSTANT_SCHEDULE, type ScheduleConfig } from '../../engine/optim/schedule';
import { DEFAULT_TRAINING_SETTINGS, type TrainingSettings } from '../../engine/train/settings';
import type { ShapesSettings } from '../dataset-settings';
import { deepTanhNet, plainOrNormNet, smallConvNet, type ActivationType } from './networks';

export type ExperimentId =
  | 'learning-rate'
  | 'optimizers'
  | 'initialization'
  | 'activations'
  | 'overfitting'
  | 'batch-norm'
  | 'sanity-checks'
  | 'gradient-check'
  | 'loss-functions'
  | 'lr-schedules';

/** 'full' reaches the conclusion; 'quick' is a short look (about a sixth of the steps). */
export type RunLength = 'full' | 'quick';

export type ExperimentData =
  { readonly source: 'mnist' } | { readonly source: 'shapes'; readonly shapes: ShapesSettings };

export interface VariantSetup {
  readonly spec: NetworkSpec;
  readonly data: ExperimentData;
  readonly settings: TrainingSettings;
}

export interface ExperimentVariant extends VariantSetup {
  /** Short, unique within the experiment: the legend and the results table show it. */
  readonly label: string;
}

/** A chart of the variants' curves, one line each. */
export type ExperimentChart = 'loss' | 'accuracy' | 'trainVal' | 'valAccuracy' | 'lr';

/** What the runner reads from each variant's session when it ends. */
export type ExperimentProbe = 'health' | 'filters';

export interface ExperimentDef {
  readonly id: ExperimentId;
  readonly number: number;
  readonly title: string;
  /** The question, in one line. */
  readonly question: string;
  /** What to look for, a short paragraph. */
  readonly lookFor: string;
  readonly charts: readonly ExperimentChart[];
  readonly probes: readonly ExperimentProbe[];
  /** An experiment that runs a tool instead of training runs (the gradient check). */
  readonly tool?: 'gradient-check';
  /** Extra explanation shown with the charts (the loss worked example). */
  readonly worked?: 'loss';
  variants(length: RunLength): ExperimentVariant[];
}

const MNIST: ExperimentData = { source: 'mnist' };

/** Steps for a run: `full`, or about a sixth of it (at least `min`) for a quick look. */
export function stepsFor(length: RunLength, full: number, min = 20): number {
  return length === 'full' ? full : Math.max(min, Math.round(full / 6));
}

function settings(over: Partial<TrainingSettings>): TrainingSettings {
  return {
    ...DEFAULT_TRAINING_SETTINGS,
    batchSize: 32,
    l2: 0,
    seed: 1,
    // Validation a few times a run: 8000 MNIST images / 32 = 250 steps per epoch.
    validateEvery: 0.25,
    validationLimit: 500,
    ...over,
  };
}

function optimizer(kind: OptimizerKind, lr?: number) {
  const o = defaultOptimizer(kind);
  return lr === undefined ? o : { ...o, lr };
}

const SCHEDULE = (kind: ScheduleConfig['kind'], over: Partial<ScheduleConfig> = {}) => ({
  ...CONSTANT_SCHEDULE,
  kind,
  ...over,
});

const LN = (c: number) => Math.log(c).toFixed(2);

export const EXPERIMENTS: readonly ExperimentDef[] = [
  {
    id: 'learning-rate',
    number: 1,
    title: 'Learning rate: too low, good, too high',
    question: 'What does the learning rate do to the loss curve?',
    lookFor:
      'The same network (leaky ReLU), data and seed with plain SGD at three learning rates. Too low: the ' +
      'loss creeps down and is still high when the run ends. Good: it falls fast and keeps ' +
      'falling. Too high: each step overshoots, the loss grows until it is no longer a number ' +
      '(NaN) and training pauses itself.',
    charts: ['loss', 'accuracy'],
    probes: [],
    variants: (length) =>
      [0.0005, 0.05, 1].map((lr, i) => ({
        label: `${['too low', 'good', 'too high'][i]} (lr ${lr})`,
        // Leaky ReLU: with plain ReLU a too-high rate kills every unit (the loss freezes at
        // ln 10) before it can diverge, which hides the lesson.
        spec: smallConvNet('leakyrelu'),
        data: MNIST,
        settings: settings({ optimizer: optimizer('sgd', lr), steps: stepsFor(length, 300) }),
      })),
  },
  {
    id: 'optimizers',
    number: 2,
    title: 'Optimizer race',
    question: 'Which update rule gets the loss down fastest?',
    lookFor:
      'Six optimizers on the same network, data, initial weights and batches, each at its ' +
      'customary learning rate. Momentum methods overtake plain SGD; Adam and RMSProp adapt a ' +
      'rate per weight and are fast from the first steps; Adagrad’s steps shrink as its ' +
      'squared-gradient sum grows.',
    charts: ['loss', 'accuracy'],
    probes: [],
    variants: (length) =>
      (
        [
          ['sgd', 0.01],
          ['momentum', 0.01],
          ['nesterov', 0.01],
          ['adagrad', 0.01],
          ['rmsprop', 0.001],
          ['adam', 0.001],
        ] as const
      ).map(([kind, lr]) => ({
        label: `${kind} (lr ${lr})`,
        spec: smallConvNet(),
        data: MNIST,
        settings: settings({ optimizer: optimizer(kind, lr), steps: stepsFor(length, 300) }),
      })),
  },
  {
    id: 'initialization',
    number: 3,
    title: 'Initialisation: zeros, small random, Xavier, He',
    question: 'Why does the scale of the initial weights matter in a deep net?',
    lookFor:
      'A six-layer tanh network started four ways. Zeros: every filter gets the same gradient ' +
      'so all filters stay identical (nothing breaks the symmetry) and the loss stays near ' +
      `ln 10 = ${LN(10)}. Small random (0.01·N(0,1)): each layer shrinks the signal, so the ` +
      'activation histograms of deeper layers collapse to a spike at 0 and learning stalls. ' +
      'Xavier keeps the spread steady through the layers; He (made for ReLU) is larger and ' +
      'pushes more tanh units towards ±1 (saturation).',
    charts: ['loss'],
    probes: ['health', 'filters'],
    variants: (length) =>
      (['zeros', 'small', 'xavier', 'he'] as InitScheme[]).map((init) => ({
        label: { zeros: 'zeros', small: 'small random', xavier: 'Xavier', he: 'He' }[init],
        spec: deepTanhNet(),
        data: MNIST,
        settings: settings({ init, optimizer: optimizer('momentum', 0.01), steps: stepsFor(length, 200) }), // prettier-ignore
      })),
  },
  {
    id: 'activations',
    number: 4,
    title: 'Activation functions',
    question: 'Sigmoid, tanh, ReLU, Leaky ReLU or ELU: which trains fastest, and at what cost?',
    lookFor:
      'The same conv net with each activation. Sigmoid is not zero-centred and saturates, so ' +
      'it learns slowest; tanh is better; ReLU and its variants learn fastest. The results ' +
      'table lists the share of dead ReLUs (units that never fire on a probe batch) and of ' +
      'saturated sigmoid/tanh units (outputs pinned near their limits, where the gradient ' +
      'vanishes).',
    charts: ['loss', 'accuracy'],
    probes: ['health'],
    variants: (length) =>
      (['sigmoid', 'tanh', 'relu', 'leakyrelu', 'elu'] as ActivationType[]).map((a) => ({
        label: a,
        spec: smallConvNet(a),
        data: MNIST,
        settings: settings({ optimizer: optimizer('momentum', 0.01), init: a === 'sigmoid' || a === 'tanh' ? 'xavier' : 'he', steps: stepsFor(length, 300) }), // prettier-ignore
      })),
  },
  {
    id: 'overfitting',
    number: 5,
    title: 'Overfitting and regularisation',
    question: 'What closes the gap between training and validation accuracy?',
    lookFor:
      'Only 300 training digits, trained for many epochs, checked against 1000 held-out ' +
      'ones. Without regularisation the network memorises them: training accuracy reaches ' +
      '100% while validation accuracy stays well below. L2 weight decay, dropout and ' +
      'augmentation (small shifts and rotations) each make memorising harder, so the gap ' +
      'shrinks: the training curve rises more slowly and validation ends as high or higher.',
    charts: ['trainVal'],
    probes: [],
    variants: (length) => {
      const base = settings({
        optimizer: optimizer('adam', 0.001),
        trainLimit: 300,
        validationLimit: 0,
        // 300 images / 32 ≈ 10 steps per epoch: validate every 5 epochs.
        validateEvery: 5,
        steps: stepsFor(length, 600, 60),
      });
      const aug = { ...base.augment, translate: 2, rotateDegrees: 10 };
      return [
        { label: 'no regularisation', spec: smallConvNet(), data: MNIST, settings: base },
        { label: 'L2 0.01', spec: smallConvNet(), data: MNIST, settings: { ...base, l2: 0.01 } },
        { label: 'dropout 0.5', spec: smallConvNet('relu', true), data: MNIST, settings: base },
        { label: 'augmentation', spec: smallConvNet(), data: MNIST, settings: { ...base, augment: aug } }, // prettier-ignore
      ];
    },
  },
  {
    id: 'batch-norm',
    number: 6,
    title: 'Batch norm allows a higher learning rate',
    question: 'Why do nearly all modern conv nets normalise their activations?',
    lookFor:
      'A five-conv network with plain SGD. Without normalisation it needs a small rate and ' +
      'learns slowly; at a high rate it makes no progress at all (the loss stays at ln 10). ' +
      'With batch norm after each convolution every layer’s inputs are re-centred and ' +
      're-scaled each step, so the same high rate trains, and fast.',
    charts: ['loss', 'accuracy'],
    probes: [],
    variants: (length) => {
      const run = (lr: number) =>
        settings({ optimizer: optimizer('sgd', lr), steps: stepsFor(length, 300) });
      return [
        { label: 'plain, lr 0.05', spec: plainOrNormNet(false), data: MNIST, settings: run(0.05) },
        { label: 'plain, lr 1', spec: plainOrNormNet(false), data: MNIST, settings: run(1) },
        { label: 'batch norm, lr 1', spec: plainOrNormNet(true), data: MNIST, settings: run(1) },
      ];
    },
  },
  {
    id: 'sanity-checks',
    number: 7,
    title: 'Sanity checks before a long run',
    question: 'Is the network (and the code) able to learn at all?',
    lookFor:
      'Two checks worth a minute before any long run. At the start, with small random ' +
      `weights and 10 classes, the softmax loss should be about ln 10 = ${LN(10)} (every class ` +
      'equally likely); far more means the initial scores are too large. Then, with ' +
      'regularisation off, the network should memorise 20 examples: training accuracy 100% ' +
      'and the loss close to 0. If it cannot, something is broken.',
    charts: ['loss', 'accuracy'],
    probes: [],
    variants: (length) => [
      {
        label: 'overfit 20 examples',
        spec: smallConvNet(),
        data: MNIST,
        settings: settings({
          optimizer: optimizer('adam', 0.005),
          overfit: { enabled: true, examples: 20, steps: stepsFor(length, 150, 60) },
          validateEvery: 0,
        }),
      },
    ],
  },
  {
    id: 'gradient-check',
    number: 8,
    title: 'Gradient check',
    question: 'Are the gradients backpropagation computes the true ones?',
    lookFor:
      'For any layer of the network in the builder, the analytic gradient (backpropagation) ' +
      'is compared with a numerical one (nudging each checked weight by ±h and measuring the ' +
      'loss), in float64. A relative error below about 1e-7 means the layer’s backward pass ' +
      'is right; around 1e-2 or more means a bug (or a kink of ReLU/max pool hit by the nudge).',
    charts: [],
    probes: [],
    tool: 'gradient-check',
    variants: () => [],
  },
  {
    id: 'loss-functions',
    number: 9,
    title: 'Softmax vs multiclass hinge loss',
    question: 'Two ways to score a prediction: do they train differently?',
    lookFor:
      'The same network trained with softmax cross-entropy and with the multiclass SVM (hinge) ' +
      'loss. The two losses are on different scales, so compare accuracy. Hinge stops caring ' +
      'about an example once the right class wins by the margin (its loss is exactly 0); ' +
      'softmax always wants the right class more probable. The worked example shows both on ' +
      'one example, step by step.',
    charts: ['accuracy', 'loss'],
    probes: [],
    worked: 'loss',
    variants: (length) =>
      (['softmax', 'hinge'] as const).map((loss) => ({
        label: loss === 'softmax' ? 'softmax' : 'hinge',
        spec: smallConvNet(),
        data: MNIST,
        settings: settings({ loss, optimizer: optimizer('momentum', 0.01), steps: stepsFor(length, 300) }), // prettier-ignore
      })),
  },
  {
    id: 'lr-schedules',
    number: 10,
    title: 'Learning-rate schedules',
    question: 'Does lowering the rate during the run help?',
    lookFor:
      'The same run three times: a constant rate, step decay (×0.1 two-thirds of the way ' +
      'through) and cosine decay to zero. A high constant rate keeps the loss noisy; when a ' +
      'schedule lowers the rate, the loss drops and the noise shrinks, and the run ends lower.',
    charts: ['loss', 'lr'],
    probes: [],
    variants: (length) => {
      const steps = stepsFor(length, 300);
      const opt = optimizer('momentum', 0.1);
      return [
        { label: 'constant', spec: smallConvNet(), data: MNIST, settings: settings({ optimizer: opt, steps }) }, // prettier-ignore
        { label: 'step decay', spec: smallConvNet(), data: MNIST, settings: settings({ optimizer: opt, steps, schedule: SCHEDULE('step', { stepSize: Math.round((steps * 2) / 3), gamma: 0.1 }) }) }, // prettier-ignore
        { label: 'cosine', spec: smallConvNet(), data: MNIST, settings: settings({ optimizer: opt, steps, schedule: SCHEDULE('cosine', { totalSteps: 0, finalFraction: 0 }) }) }, // prettier-ignore
      ];
    },
  },
];

export function experimentById(id: string): ExperimentDef | undefined {
  return EXPERIMENTS.find((e) => e.id === id);
}

export function isExperimentId(v: unknown): v is ExperimentId {
  return typeof v === 'string' && experimentById(v) !== undefined;
}
