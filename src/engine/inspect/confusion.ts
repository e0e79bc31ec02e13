// Confusion matrix over a split: which classes the network mixes up, per-class accuracy, and
// for every cell the examples that landed there, so clicking a cell can show them. Examples are
// stored cell by cell in one array with start offsets (compressed rows), which crosses to the
// page as two transferable buffers however many examples there are.
import type { ImageDataset } from '../data/dataset';
import type { Model } from '../model/model';
import { argmax, logitsFor, type ExampleSource } from './forward';

export interface ClassAccuracy {
  readonly classIndex: number;
  /** Examples of this class. */
  readonly count: number;
  readonly correct: number;
  /** correct / count; NaN when the split has no example of the class. */
  readonly accuracy: number;
}

export interface ConfusionMatrix {
  readonly classes: number;
  /** classes × classes counts, row = true class, column = predicted class. */
  readonly matrix: Uint32Array;
  readonly total: number;
  readonly accuracy: number;
  readonly perClass: ClassAccuracy[];
  /**
   * Dataset indices of the examples in each cell, cell after cell in row-major order: cell
   * (t, p) holds cellExamples[cellStart[t·C + p] .. cellStart[t·C + p + 1]).
   */
  readonly cellStart: Uint32Array;
  readonly cellExamples: Uint32Array;
}

/** Builds the matrix from predicted classes of the examples `indices` of `d`. */
export function confusionFromPredictions(
  d: Pick<ImageDataset, 'labels' | 'classNames'>,
  indices: ArrayLike<number>,
  predicted: ArrayLike<number>,
): ConfusionMatrix {
  const classes = d.classNames.length;
  const cells = classes * classes;
  const matrix = new Uint32Array(cells);
  const cellOf = new Uint32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const cell = d.labels[indices[i]] * classes + predicted[i];
    cellOf[i] = cell;
    matrix[cell]++;
  }
  const cellStart = new Uint32Array(cells + 1);
  for (let c = 0; c < cells; c++) cellStart[c + 1] = cellStart[c] + matrix[c];
  const fill = cellStart.slice(0, cells);
  const cellExamples = new Uint32Array(indices.length);
  for (let i = 0; i < indices.length; i++) cellExamples[fill[cellOf[i]]++] = indices[i];
  const perClass: ClassAccuracy[] = [];
  let correctTotal = 0;
  for (let t = 0; t < classes; t++) {
    let count = 0;
    for (let p = 0; p < classes; p++) count += matrix[t * classes + p];
    const correct = matrix[t * classes + t];
    correctTotal += correct;
    perClass.push({ classIndex: t, count, correct, accuracy: count ? correct / count : NaN });
  }
  const total = indices.length;
  return {
    classes,
    matrix,
    total,
    accuracy: total ? correctTotal / total : NaN,
    perClass,
    cellStart,
    cellExamples,
  };
}

/** Count in cell (true class t, predicted class p). */
export function cellCount(cm: ConfusionMatrix, t: number, p: number): number {
  return cm.matrix[t * cm.classes + p];
}

/** Dataset indices of the examples of class t predicted as p (a view, no copy). */
export function cellExamples(cm: ConfusionMatrix, t: number, p: number): Uint32Array {
  const cell = t * cm.classes + p;
  return cm.cellExamples.subarray(cm.cellStart[cell], cm.cellStart[cell + 1]);
}

/** All misclassified examples' dataset indices, row after row. */
export function misclassified(cm: ConfusionMatrix): number[] {
  const out: number[] = [];
  for (let t = 0; t < cm.classes; t++) {
    for (let p = 0; p < cm.classes; p++) if (p !== t) out.push(...cellExamples(cm, t, p));
  }
  return out;
}

export async function confusionMatrix(
  model: Model,
  src: ExampleSource,
  indices: ArrayLike<number>,
  between?: () => Promise<void>,
): Promise<ConfusionMatrix> {
  const classes = src.dataset.classNames.length;
  const logits = await logitsFor(model, src, indices, 64, between);
  const predicted = new Uint32Array(indices.length);
  for (let i = 0; i < indices.length; i++) predicted[i] = argmax(logits, i * classes, classes);
  return confusionFromPredictions(src.dataset, indices, predicted);
}
