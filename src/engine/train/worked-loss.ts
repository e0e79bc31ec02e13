// The two classification losses worked through by hand for one example, every intermediate
// number kept, for the loss-functions experiment's step-by-step view. The trainer's own losses
// are the kernels in the backends; a unit test checks these totals against them.

export interface HingeTerm {
  /** The wrong class j. */
  readonly j: number;
  /** s_j − s_y + margin, before clamping at 0. */
  readonly raw: number;
  /** max(0, raw). */
  readonly value: number;
}

export interface WorkedLoss {
  readonly scores: readonly number[];
  readonly correct: number;
  readonly margin: number;
  readonly hinge: { readonly terms: readonly HingeTerm[]; readonly loss: number };
  readonly softmax: {
    /** Scores minus their maximum: same probabilities, no overflow in exp. */
    readonly shifted: readonly number[];
    readonly exps: readonly number[];
    readonly sum: number;
    readonly probabilities: readonly number[];
    /** −ln p_correct. */
    readonly loss: number;
  };
}

/** Multiclass SVM (hinge) and softmax cross-entropy losses of `scores` for class `correct`. */
export function workedLoss(scores: readonly number[], correct: number, margin = 1): WorkedLoss {
  if (!Number.isInteger(correct) || correct < 0 || correct >= scores.length) {
    throw new RangeError(`correct class ${correct} is not one of the ${scores.length} scores`);
  }
  const sy = scores[correct];
  const terms = scores.flatMap((s, j) => {
    if (j === correct) return [];
    const raw = s - sy + margin;
    return [{ j, raw, value: Math.max(0, raw) }];
  });
  const max = Math.max(...scores);
  const shifted = scores.map((s) => s - max);
  const exps = shifted.map((s) => Math.exp(s));
  const sum = exps.reduce((a, b) => a + b, 0);
  const probabilities = exps.map((e) => e / sum);
  return {
    scores,
    correct,
    margin,
    hinge: { terms, loss: terms.reduce((a, t) => a + t.value, 0) },
    softmax: { shifted, exps, sum, probabilities, loss: -Math.log(probabilities[correct]) },
  };
}

/**
 * The classic three-image example (cs231n's linear-classifier notes): scores for the classes
 * cat, car, frog of a cat, a car and a frog image. Hinge losses 2.9, 0 and 12.9 (mean 5.27).
 */
export const CLASSIC_EXAMPLE = {
  classes: ['cat', 'car', 'frog'],
  examples: [
    { scores: [3.2, 5.1, -1.7], correct: 0 },
    { scores: [1.3, 4.9, 2.0], correct: 1 },
    { scores: [2.2, 2.5, -3.1], correct: 2 },
  ],
} as const;
