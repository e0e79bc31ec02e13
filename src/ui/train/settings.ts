// Reading and writing the training settings from forms. The store validates every change and
// throws on a bad value; the forms clamp to valid ranges, so a throw here is a bug, which is
// logged rather than allowed to break the page.
import type { TrainingSettings } from '../../engine/train/settings';
import { trainingStore, useTraining } from '../../store/training';

export function useTrainingSettings(): TrainingSettings {
  return useTraining((s) => s.settings);
}

export function updateTrainingSettings(patch: Partial<TrainingSettings>): void {
  try {
    trainingStore().getState().setSettings(patch);
  } catch (e) {
    console.warn(`convplay: setting refused: ${e instanceof Error ? e.message : String(e)}`);
  }
}
