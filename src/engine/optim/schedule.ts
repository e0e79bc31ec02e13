// Learning-rate schedules: lr(t) = base · factor(t), t = 0-based step. A linear warm-up, when
// set, multiplies the first steps by (t + 1)/warmup.
export type ScheduleKind = 'constant' | 'step' | 'exponential' | 'inverse' | 'linear' | 'cosine';

export interface ScheduleConfig {
  readonly kind: ScheduleKind;
  /** step: multiply by `gamma` every `stepSize` steps. */
  readonly stepSize: number;
  readonly gamma: number;
  /** exponential: e^(−k·t); inverse (1/t): 1/(1 + k·t). */
  readonly k: number;
  /** linear and cosine: decay over this many steps to `finalFraction`·base, then stay. */
  readonly totalSteps: number;
  readonly finalFraction: number;
  /** Linear warm-up steps (0 = none). */
  readonly warmupSteps: number;
}

export const SCHEDULE_KINDS: readonly { value: ScheduleKind; label: string }[] = [
  { value: 'constant', label: 'Constant' },
  { value: 'step', label: 'Step decay' },
  { value: 'exponential', label: 'Exponential' },
  { value: 'inverse', label: '1/t' },
  { value: 'linear', label: 'Linear' },
  { value: 'cosine', label: 'Cosine' },
];

export const CONSTANT_SCHEDULE: ScheduleConfig = {
  kind: 'constant',
  stepSize: 1000,
  gamma: 0.5,
  k: 1e-3,
  totalSteps: 1000,
  finalFraction: 0,
  warmupSteps: 0,
};

export function scheduleFactor(s: ScheduleConfig, t: number): number {
  let f: number;
  const progress = s.totalSteps > 0 ? Math.min(1, t / s.totalSteps) : 1;
  switch (s.kind) {
    case 'constant':
      f = 1;
      break;
    case 'step':
      f = Math.pow(s.gamma, Math.floor(t / Math.max(1, s.stepSize)));
      break;
    case 'exponential':
      f = Math.exp(-s.k * t);
      break;
    case 'inverse':
      f = 1 / (1 + s.k * t);
      break;
    case 'linear':
      f = 1 - (1 - s.finalFraction) * progress;
      break;
    case 'cosine':
      f = s.finalFraction + 0.5 * (1 - s.finalFraction) * (1 + Math.cos(Math.PI * progress));
      break;
  }
  if (s.warmupSteps > 0 && t < s.warmupSteps) f *= (t + 1) / s.warmupSteps;
  return f;
}

export function learningRate(base: number, s: ScheduleConfig, t: number): number {
  return base * scheduleFactor(s, t);
}
