// Optimizer settings as the UI, the CLI and saved runs describe them.
import type { OptimizerHyper, OptimizerKind } from '../backend/backend';

export interface OptimizerConfig {
  readonly kind: OptimizerKind;
  /** Base learning rate (a schedule scales it per step). */
  readonly lr: number;
  readonly momentum: number;
  readonly rho: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

export const OPTIMIZER_KINDS: readonly { value: OptimizerKind; label: string }[] = [
  { value: 'sgd', label: 'SGD' },
  { value: 'momentum', label: 'SGD + momentum' },
  { value: 'nesterov', label: 'Nesterov momentum' },
  { value: 'adagrad', label: 'Adagrad' },
  { value: 'rmsprop', label: 'RMSProp' },
  { value: 'adam', label: 'Adam' },
];

/** Usual starting points: Adam's published defaults, 0.9 momentum, RMSProp decay 0.99. */
export function defaultOptimizer(kind: OptimizerKind): OptimizerConfig {
  const lr = kind === 'adam' || kind === 'rmsprop' ? 1e-3 : 0.01;
  return { kind, lr, momentum: 0.9, rho: 0.99, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
}

export function optimizerHyper(c: OptimizerConfig): OptimizerHyper {
  const { kind, momentum, rho, beta1, beta2, eps } = c;
  return { kind, momentum, rho, beta1, beta2, eps };
}

/** Extra state tensors the update keeps per parameter (velocity, caches, moments). */
export function optimizerStateCount(kind: OptimizerKind): number {
  return kind === 'sgd' ? 0 : kind === 'adam' ? 2 : 1;
}
