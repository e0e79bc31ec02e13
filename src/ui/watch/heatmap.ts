// Colour scales for tables of numbers (the confusion matrix): a count becomes a background
// colour whose strength reads at a glance, and a text colour that stays legible on it.

type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
/** The app's accent (indigo) for what went right, its error red for what went wrong. */
export const GOOD: Rgb = [79, 70, 229];
export const BAD: Rgb = [200, 30, 30];

/** `t` (clamped to 0–1) of the way from white to `to`, as a CSS colour. */
export function mix(t: number, to: Rgb = GOOD): string {
  const u = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const c = WHITE.map((w, i) => Math.round(w + (to[i] - w) * u));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Dark text on light cells, white text once the cell is dark enough for it to read better. */
export function textOn(t: number): string {
  return Number.isFinite(t) && t > 0.55 ? '#ffffff' : '#1b2130';
}

export interface CellStyle {
  readonly background: string;
  readonly color: string;
}

/**
 * A confusion-matrix cell: shaded by its share of the true class's examples (so rare classes
 * read as clearly as common ones). Correct cells (the diagonal) go indigo; mistakes go red on a
 * square-root scale, so a handful of errors in a large class still shows.
 */
export function confusionCellStyle(count: number, rowTotal: number, diagonal: boolean): CellStyle {
  if (!(rowTotal > 0) || count <= 0) return { background: mix(0), color: count > 0 ? textOn(0) : '#8b93a3' }; // prettier-ignore
  const share = count / rowTotal;
  const t = diagonal ? share : Math.sqrt(share);
  return { background: mix(t, diagonal ? GOOD : BAD), color: textOn(t) };
}

/** Per-class accuracy as a colour from red (0) through white to green-ish indigo (1). */
export function accuracyStyle(accuracy: number): CellStyle {
  if (!Number.isFinite(accuracy)) return { background: mix(0), color: '#8b93a3' };
  return accuracy >= 0.5
    ? { background: mix((accuracy - 0.5) * 1.2, GOOD), color: textOn((accuracy - 0.5) * 1.2) }
    : { background: mix((0.5 - accuracy) * 1.2, BAD), color: textOn((0.5 - accuracy) * 1.2) };
}
