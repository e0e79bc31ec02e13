// The training-memory estimate shown in the totals bar.

const BYTES = 4; // float32
/** Adam keeps two extra values per parameter (the usual worst case among the optimizers). */
const OPTIMIZER_STATE = 2;

/**
 * Weights + gradients + optimizer state, plus per example: the forward activations, their
 * gradients in the backward pass, and the input itself. Backends add some scratch on top.
 */
export function trainingMemoryBytes(
  params: number,
  activationsPerExample: number,
  inputsPerExample: number,
  batch: number,
): number {
  return (
    BYTES *
    (params * (2 + OPTIMIZER_STATE) + batch * (2 * activationsPerExample + inputsPerExample))
  );
}
