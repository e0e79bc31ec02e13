// The Train panel: run controls and numbers, anything worth knowing about the run, and the
// training settings. The data side (dataset, preprocessing, augmentation) is the Data panel.
import { RunControls } from './RunControls';
import { RunNotices } from './RunNotices';
import { TrainSettingsForm } from './TrainSettingsForm';

export function TrainPanel() {
  return (
    <div className="panel-body">
      <h2>Train</h2>
      <RunNotices />
      <RunControls />
      <TrainSettingsForm />
    </div>
  );
}
