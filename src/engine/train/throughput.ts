// Speed and time-left estimates for the progress display. Chunks of steps are timed as wholes
// (on WebGPU a single step's time means nothing: steps are queued, then waited for together),
// and the per-step time is an exponential moving average over chunks so the estimate settles
// quickly but does not jump with every garbage collection.

export class Throughput {
  private msPerStepAvg = 0;
  private weight = 0;
  private evalMsAvg = 0;
  private evals = 0;

  constructor(
    /** How much of the old average each new chunk keeps (per 1000 ms of work). */
    private readonly memory = 0.5,
  ) {}

  /** Records a chunk of `steps` training steps that took `ms` milliseconds. */
  addChunk(steps: number, ms: number): void {
    if (steps <= 0 || !(ms >= 0)) return;
    // Weight by duration: a 5 ms chunk should move the average less than a 500 ms one.
    const keep = Math.pow(this.memory, Math.min(4, ms / 1000));
    const per = ms / steps;
    this.msPerStepAvg = this.weight === 0 ? per : keep * this.msPerStepAvg + (1 - keep) * per;
    this.weight++;
  }

  /** Records one periodic evaluation's duration. */
  addEvaluation(ms: number): void {
    this.evalMsAvg = this.evals === 0 ? ms : 0.5 * this.evalMsAvg + 0.5 * ms;
    this.evals++;
  }

  get msPerStep(): number {
    return this.msPerStepAvg;
  }

  examplesPerSecond(batchSize: number): number {
    return this.msPerStepAvg > 0 ? (1000 * batchSize) / this.msPerStepAvg : 0;
  }

  /** Seconds left for `steps` more steps and `evaluations` more evaluations; null if unknown. */
  eta(steps: number, evaluations: number): number | null {
    if (this.weight === 0) return null;
    const ms = Math.max(0, steps) * this.msPerStepAvg + Math.max(0, evaluations) * this.evalMsAvg;
    return ms / 1000;
  }

  reset(): void {
    this.msPerStepAvg = 0;
    this.weight = 0;
    this.evalMsAvg = 0;
    this.evals = 0;
  }
}
