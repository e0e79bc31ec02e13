// What a TrainingSession reports while it runs. Plain data only (numbers, strings, short arrays)
// so the worker can forward every event to the page as is: a metrics update is a few hundred
// bytes however long the run, because it carries only the points since the previous update.

export type SessionState = 'idle' | 'running' | 'paused' | 'finished' | 'error';

export interface SessionStatus {
  readonly state: SessionState;
  /** Completed training steps. */
  readonly step: number;
  /** Why the state changed when it is worth telling ("learning rate too high…", an error). */
  readonly message?: string;
  /** What paused the run: the user, a step(n) that completed, or a NaN/Inf loss. */
  readonly reason?: 'user' | 'steps' | 'nan' | 'device';
}

/**
 * Training metrics since the previous update. The arrays are parallel: one entry per loss
 * reading (every `metricsEvery` steps, by default every step), so charts get the raw,
 * unsmoothed per-batch loss while messages stay at about ten a second.
 */
export interface MetricsUpdate {
  /** Step number (1-based) of each reading: the last step it covers. */
  readonly steps: number[];
  /** Mean data loss of the batches the reading covers (NaN/Infinity when it diverged). */
  readonly loss: number[];
  /** Training accuracy of those batches, in [0, 1]. */
  readonly accuracy: number[];
  /** Learning rate used by the reading's last step. */
  readonly lr: number[];
  /** Epoch progress (fractional) after the reading's last step. */
  readonly epoch: number[];
  /** Regularisation loss at the last reading (0 when L1/L2 are off). */
  readonly regLoss: number;
  /** Latest step and where the run ends. */
  readonly step: number;
  readonly totalSteps: number;
  readonly stepsPerEpoch: number;
  /** Throughput over the recent past (smoothed), training steps only. */
  readonly examplesPerSecond: number;
  readonly msPerStep: number;
  /** Estimated wall time to the end of the run, validation included; null until measurable. */
  readonly etaSeconds: number | null;
  /** Wall time spent running (pauses excluded). */
  readonly elapsedMs: number;
}

export interface EvaluationResult {
  readonly split: 'validation';
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  /** Examples evaluated. */
  readonly count: number;
  readonly durationMs: number;
  /** True for the evaluation at the end of the run. */
  readonly final: boolean;
}

export interface NanInfo {
  /** The step whose loss was not finite. */
  readonly step: number;
  readonly loss: number;
  readonly lr: number;
  /** The explanation and what to try, ready to show. */
  readonly message: string;
  /** The step whose weights were restored, or null when no finite checkpoint existed. */
  readonly rolledBackTo: number | null;
}

export interface CheckpointInfo {
  readonly step: number;
  readonly epoch: number;
  /** Date.now() when it was taken. */
  readonly savedAt: number;
}

export interface BackendInfo {
  readonly name: string;
  readonly description: string;
  /** A sentence for the user when something is worth knowing (a fallback, a lost device). */
  readonly notice: string | null;
}

export type SessionEvent =
  | { readonly type: 'status'; readonly status: SessionStatus }
  | { readonly type: 'metrics'; readonly metrics: MetricsUpdate }
  | { readonly type: 'evaluation'; readonly evaluation: EvaluationResult }
  | { readonly type: 'nanPaused'; readonly nan: NanInfo }
  | { readonly type: 'checkpoint'; readonly checkpoint: CheckpointInfo }
  | { readonly type: 'backendChanged'; readonly backend: BackendInfo };

export type SessionListener = (event: SessionEvent) => void;
