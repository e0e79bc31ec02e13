// TrainingSettings: everything about *how* a network is trained, as plain JSON. The training
// panel edits it, the store persists it, the worker validates it, the session turns it into a
// TrainConfig, and the run history compares it between runs. One type, shared by all of them, so
// a setting added here shows up everywhere it must.
import type { OptimizerKind } from '../backend/backend';
import { NO_AUGMENT, parseAugmentConfig, type AugmentConfig } from '../data/augment';
import { PREPROCESS_MODES, type PreprocessMode } from '../data/preprocess';
import { INIT_SCHEMES, type InitScheme } from '../init';
import { defaultOptimizer, OPTIMIZER_KINDS, type OptimizerConfig } from '../optim/optimizer';
import { CONSTANT_SCHEDULE, SCHEDULE_KINDS, type ScheduleConfig } from '../optim/schedule';
import type { LossKind, TrainConfig } from './trainer';

export interface OverfitSettings {
  /**
   * Train on the first `examples` training examples only, with regularisation and augmentation
   * off: the classic check that a network (and its code) can drive the loss to ~0.
   */
  readonly enabled: boolean;
  readonly examples: number;
  /** Run length in steps (an "epoch" of a tiny subset is one step, so epochs would be useless). */
  readonly steps: number;
}

export interface TrainingSettings {
  readonly batchSize: number;
  /** Passes over the training split; the run finishes after ceil(epochs × steps per epoch). */
  readonly epochs: number;
  /**
   * Run length in steps when > 0, overriding `epochs`: experiments compare runs of one length
   * whatever the dataset's size. 0 = use epochs.
   */
  readonly steps: number;
  /** Optimizer kind and its hyperparameters; `optimizer.lr` is the base learning rate. */
  readonly optimizer: OptimizerConfig;
  /**
   * Learning-rate schedule. `totalSteps` 0 means "the whole run" (linear and cosine decay end
   * exactly when training does); step decay's `stepSize` is in steps.
   */
  readonly schedule: ScheduleConfig;
  readonly loss: LossKind;
  readonly hingeMargin: number;
  /** L1 and L2 strengths; both > 0 is elastic net. */
  readonly l1: number;
  readonly l2: number;
  /** Max-norm constraint per unit (0 = off). */
  readonly maxNorm: number;
  readonly regularizeBiases: boolean;
  readonly init: InitScheme;
  /** Seeds initialisation, shuffling, augmentation, dropout and generated splits. */
  readonly seed: number;
  readonly augment: AugmentConfig;
  readonly preprocess: PreprocessMode;
  readonly overfit: OverfitSettings;
  /**
   * Train on only the first this many examples of the training split (0 = all of it), with
   * regularisation as set: the small-data setting where overfitting shows.
   */
  readonly trainLimit: number;
  /**
   * Fraction held out for validation, for datasets that come without a split (shapes, the
   * user's images). Datasets with a published split (the bundled MNIST) keep theirs so that
   * accuracies stay comparable between runs.
   */
  readonly validationFraction: number;
  /** Validate every this many epochs (e.g. 0.25 = four times an epoch); 0 = only at the end. */
  readonly validateEvery: number;
  /** Cap on validation examples per periodic evaluation (0 = the whole split). */
  readonly validationLimit: number;
}

export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = Object.freeze({
  batchSize: 32,
  epochs: 2,
  steps: 0,
  optimizer: defaultOptimizer('adam'),
  schedule: CONSTANT_SCHEDULE,
  loss: 'softmax',
  hingeMargin: 1,
  l1: 0,
  l2: 1e-4,
  maxNorm: 0,
  regularizeBiases: false,
  init: 'he',
  seed: 1,
  augment: NO_AUGMENT,
  preprocess: 'scale',
  overfit: { enabled: false, examples: 20, steps: 200 },
  trainLimit: 0,
  validationFraction: 0.1,
  validateEvery: 0.25,
  validationLimit: 0,
}) as TrainingSettings;

/** Settings with the optimizer switched to `kind`, keeping the learning rate the user chose. */
export function withOptimizerKind(s: TrainingSettings, kind: OptimizerKind): TrainingSettings {
  return { ...s, optimizer: { ...defaultOptimizer(kind), lr: s.optimizer.lr } };
}

/** Steps a (non-overfit) run takes: `steps` when set, else ceil(epochs × steps per epoch). */
export function runSteps(
  s: Pick<TrainingSettings, 'epochs' | 'steps'>,
  stepsPerEpoch: number,
): number {
  if (s.steps > 0) return s.steps;
  return Math.max(1, Math.ceil(s.epochs * stepsPerEpoch));
}

/** 'none' | 'l1' | 'l2' | 'elastic': a name for the combination of L1 and L2 set. */
export function regularizationKind(s: Pick<TrainingSettings, 'l1' | 'l2'>): string {
  if (s.l1 > 0 && s.l2 > 0) return 'elastic';
  if (s.l1 > 0) return 'l1';
  if (s.l2 > 0) return 'l2';
  return 'none';
}

/** The Trainer's configuration for a run of `totalSteps` steps. */
export function trainConfigFrom(
  s: TrainingSettings,
  totalSteps: number,
  batchSize = s.batchSize,
): TrainConfig {
  const overfit = s.overfit.enabled;
  return {
    batchSize,
    optimizer: s.optimizer,
    schedule:
      s.schedule.totalSteps > 0
        ? s.schedule
        : { ...s.schedule, totalSteps: Math.max(1, totalSteps) },
    loss: s.loss,
    hingeMargin: s.hingeMargin,
    // Overfitting a handful of examples is a test of capacity: regularisation would fight it.
    l1: overfit ? 0 : s.l1,
    l2: overfit ? 0 : s.l2,
    maxNorm: overfit ? 0 : s.maxNorm,
    regularizeBiases: s.regularizeBiases,
    seed: s.seed,
  };
}

// ------------------------------------------------------------------------------------------------
// Validation of untrusted JSON (storage, worker messages)

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function numberField(o: Obj, key: string, fallback: number, min: number, max: number, what: string): number {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new SettingsError(`${what}${key} must be a number in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return v;
} // prettier-ignore

function intField(o: Obj, key: string, fallback: number, min: number, max: number, what: string): number {
  const v = numberField(o, key, fallback, min, max, what);
  if (!Number.isInteger(v)) throw new SettingsError(`${what}${key} must be a whole number, got ${v}`);
  return v;
} // prettier-ignore

function boolField(o: Obj, key: string, fallback: boolean, what: string): boolean {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new SettingsError(`${what}${key} must be true or false`);
  return v;
}

function choiceField<T extends string>(
  o: Obj,
  key: string,
  fallback: T,
  options: readonly T[],
  what: string,
): T {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !options.includes(v as T)) {
    throw new SettingsError(
      `${what}${key} must be one of ${options.join(', ')}, got ${JSON.stringify(v)}`,
    );
  }
  return v as T;
}

function objField(o: Obj, key: string, what: string): Obj {
  const v = o[key];
  if (v === undefined) return {};
  if (!isObj(v)) throw new SettingsError(`${what}${key} must be an object`);
  return v;
}

function checkKnown(o: Obj, known: object, what: string): void {
  for (const key of Object.keys(o)) {
    if (!(key in known)) throw new SettingsError(`unknown setting "${what}${key}"`);
  }
}

/**
 * Reads settings from untrusted JSON. Missing fields take their defaults (so settings saved by
 * an older version still load); wrong types, out-of-range values and unknown keys throw a
 * SettingsError naming the field.
 */
export function parseTrainingSettings(
  value: unknown,
  defaults: TrainingSettings = DEFAULT_TRAINING_SETTINGS,
): TrainingSettings {
  if (!isObj(value)) throw new SettingsError('training settings must be an object');
  checkKnown(value, defaults, '');
  const d = defaults;
  const o = value;

  const optIn = objField(o, 'optimizer', '');
  checkKnown(optIn, d.optimizer, 'optimizer.');
  const kinds = OPTIMIZER_KINDS.map((k) => k.value);
  const kind = choiceField(optIn, 'kind', d.optimizer.kind, kinds, 'optimizer.');
  // A different kind starts from that kind's defaults, then takes what was given.
  const optBase = kind === d.optimizer.kind ? d.optimizer : defaultOptimizer(kind);
  const optimizer: OptimizerConfig = {
    kind,
    lr: numberField(optIn, 'lr', optBase.lr, 1e-12, 1e3, 'optimizer.'),
    momentum: numberField(optIn, 'momentum', optBase.momentum, 0, 0.9999, 'optimizer.'),
    rho: numberField(optIn, 'rho', optBase.rho, 0, 0.9999, 'optimizer.'),
    beta1: numberField(optIn, 'beta1', optBase.beta1, 0, 0.9999, 'optimizer.'),
    beta2: numberField(optIn, 'beta2', optBase.beta2, 0, 0.999999, 'optimizer.'),
    eps: numberField(optIn, 'eps', optBase.eps, 1e-12, 1, 'optimizer.'),
  };
  if (optimizer.lr <= 0) throw new SettingsError('optimizer.lr must be > 0');

  const schIn = objField(o, 'schedule', '');
  checkKnown(schIn, d.schedule, 'schedule.');
  const ds = d.schedule;
  const schedule: ScheduleConfig = {
    kind: choiceField(schIn, 'kind', ds.kind, SCHEDULE_KINDS.map((k) => k.value), 'schedule.'),
    stepSize: intField(schIn, 'stepSize', ds.stepSize, 1, 1e9, 'schedule.'),
    gamma: numberField(schIn, 'gamma', ds.gamma, 0, 1, 'schedule.'),
    k: numberField(schIn, 'k', ds.k, 0, 1e3, 'schedule.'),
    totalSteps: intField(schIn, 'totalSteps', ds.totalSteps, 0, 1e9, 'schedule.'),
    finalFraction: numberField(schIn, 'finalFraction', ds.finalFraction, 0, 1, 'schedule.'),
    warmupSteps: intField(schIn, 'warmupSteps', ds.warmupSteps, 0, 1e9, 'schedule.'),
  }; // prettier-ignore

  const ofIn = objField(o, 'overfit', '');
  checkKnown(ofIn, d.overfit, 'overfit.');
  const overfit: OverfitSettings = {
    enabled: boolField(ofIn, 'enabled', d.overfit.enabled, 'overfit.'),
    examples: intField(ofIn, 'examples', d.overfit.examples, 1, 100000, 'overfit.'),
    steps: intField(ofIn, 'steps', d.overfit.steps, 1, 1e7, 'overfit.'),
  };

  let augment = d.augment;
  if (o.augment !== undefined) {
    try {
      augment = parseAugmentConfig(o.augment);
    } catch (e) {
      throw new SettingsError(`augment: ${(e as Error).message}`);
    }
  }

  return {
    batchSize: intField(o, 'batchSize', d.batchSize, 1, 4096, ''),
    epochs: numberField(o, 'epochs', d.epochs, 0.001, 10000, ''),
    steps: intField(o, 'steps', d.steps, 0, 1e7, ''),
    optimizer,
    schedule,
    loss: choiceField(o, 'loss', d.loss, ['softmax', 'hinge'] as const, ''),
    hingeMargin: numberField(o, 'hingeMargin', d.hingeMargin, 0, 100, ''),
    l1: numberField(o, 'l1', d.l1, 0, 10, ''),
    l2: numberField(o, 'l2', d.l2, 0, 10, ''),
    maxNorm: numberField(o, 'maxNorm', d.maxNorm, 0, 1e6, ''),
    regularizeBiases: boolField(o, 'regularizeBiases', d.regularizeBiases, ''),
    init: choiceField(
      o,
      'init',
      d.init,
      INIT_SCHEMES.map((s) => s.value),
      '',
    ),
    seed: intField(o, 'seed', d.seed, 0, 2 ** 32 - 1, ''),
    augment,
    preprocess: choiceField(o, 'preprocess', d.preprocess, PREPROCESS_MODES, ''),
    overfit,
    trainLimit: intField(o, 'trainLimit', d.trainLimit, 0, 1e9, ''),
    validationFraction: numberField(o, 'validationFraction', d.validationFraction, 0, 0.9, ''),
    validateEvery: numberField(o, 'validateEvery', d.validateEvery, 0, 1000, ''),
    validationLimit: intField(o, 'validationLimit', d.validationLimit, 0, 1e9, ''),
  };
}

// ------------------------------------------------------------------------------------------------
// Comparing runs

export type SettingValue = number | string | boolean;

/**
 * Settings as dotted paths ("optimizer.lr", "augment.flipHorizontal"), for diffs and tables.
 * Hyperparameters that the chosen optimizer or schedule ignores are left out, so two Adam runs
 * never "differ" in momentum.
 */
export function flattenSettings(s: TrainingSettings): Record<string, SettingValue> {
  const out: Record<string, SettingValue> = {};
  const put = (prefix: string, o: object) => {
    for (const [k, v] of Object.entries(o)) out[prefix + k] = v as SettingValue;
  };
  const { optimizer: opt, schedule: sch, augment, overfit, ...top } = s;
  put('', top);
  out['optimizer.kind'] = opt.kind;
  out['optimizer.lr'] = opt.lr;
  if (opt.kind === 'momentum' || opt.kind === 'nesterov') out['optimizer.momentum'] = opt.momentum;
  if (opt.kind === 'rmsprop') out['optimizer.rho'] = opt.rho;
  if (opt.kind === 'adam') {
    out['optimizer.beta1'] = opt.beta1;
    out['optimizer.beta2'] = opt.beta2;
  }
  if (opt.kind === 'adam' || opt.kind === 'rmsprop' || opt.kind === 'adagrad') {
    out['optimizer.eps'] = opt.eps;
  }
  out['schedule.kind'] = sch.kind;
  if (sch.kind === 'step') {
    out['schedule.stepSize'] = sch.stepSize;
    out['schedule.gamma'] = sch.gamma;
  }
  if (sch.kind === 'exponential' || sch.kind === 'inverse') out['schedule.k'] = sch.k;
  if (sch.kind === 'linear' || sch.kind === 'cosine') {
    out['schedule.totalSteps'] = sch.totalSteps;
    out['schedule.finalFraction'] = sch.finalFraction;
  }
  out['schedule.warmupSteps'] = sch.warmupSteps;
  put('augment.', augment);
  out['overfit.enabled'] = overfit.enabled;
  if (overfit.enabled) {
    out['overfit.examples'] = overfit.examples;
    out['overfit.steps'] = overfit.steps;
  }
  if (s.loss !== 'hinge') delete out.hingeMargin;
  return out;
}

export interface SettingDifference {
  readonly key: string;
  readonly a: SettingValue | undefined;
  readonly b: SettingValue | undefined;
}

/**
 * The settings in which `b` differs from `a`. A hyperparameter only one side has (Adam's betas
 * when the other run used SGD) is not listed: the changed optimizer kind already says it.
 */
export function diffSettings(a: TrainingSettings, b: TrainingSettings): SettingDifference[] {
  const fa = flattenSettings(a);
  const fb = flattenSettings(b);
  return Object.keys(fa)
    .filter((k) => k in fb && fa[k] !== fb[k])
    .map((k) => ({ key: k, a: fa[k], b: fb[k] }));
}

/**
 * Keys whose value differs between the runs of `list` that have the key (for overlay legends);
 * keys only some runs have are left out for the same reason as in diffSettings.
 */
export function differingKeys(list: readonly TrainingSettings[]): string[] {
  if (list.length < 2) return [];
  const flat = list.map(flattenSettings);
  const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))];
  return keys.filter((k) => {
    const values = flat.filter((f) => k in f).map((f) => f[k]);
    return values.some((x) => x !== values[0]);
  });
}

function formatValue(v: SettingValue | undefined): string {
  if (v === undefined) return '–';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
  return String(v);
} // prettier-ignore

/** Short names for the keys that differ most often; the rest show their dotted path. */
const SHORT_KEYS: Record<string, string> = {
  'optimizer.kind': 'optimizer',
  'optimizer.lr': 'lr',
  'schedule.kind': 'schedule',
};

/** "lr=0.001 optimizer=adam": a run's values for `keys`, e.g. the output of differingKeys. */
export function settingsLabel(s: TrainingSettings, keys: readonly string[]): string {
  const flat = flattenSettings(s);
  return keys.map((k) => `${SHORT_KEYS[k] ?? k}=${formatValue(flat[k])}`).join(' ');
}
