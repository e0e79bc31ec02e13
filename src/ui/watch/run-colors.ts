// One colour per run in the comparison overlay, fixed by the run's place in the history (so a
// run keeps its colour when others are hidden or shown).
import type { RunRecord, RunsState } from '../../store/runs';

export const RUN_COLORS = [
  '#4f46e5', '#ea7b14', '#15803d', '#c81e1e', '#0891b2', '#7c3aed', '#a16207', '#db2777',
] as const; // prettier-ignore

export function runColor(runs: readonly RunRecord[], id: string): string {
  const sorted = [...runs].sort((a, b) => a.createdAt - b.createdAt);
  const i = Math.max(
    0,
    sorted.findIndex((r) => r.id === id),
  );
  return RUN_COLORS[i % RUN_COLORS.length];
}

export const selectRuns = (s: RunsState) => s.runs;

/**
 * The live run's record changes with every metrics message (throttled for display); a change the
 * user made (a run shown or hidden, renamed, deleted, a new run) shows at once.
 */
export function runsChangedByUser(next: readonly RunRecord[], prev: readonly RunRecord[]): boolean {
  if (next.length !== prev.length) return true;
  return next.some((r, i) => r.id !== prev[i].id || r.visible !== prev[i].visible || r.name !== prev[i].name); // prettier-ignore
}
