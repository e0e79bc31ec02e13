// The Watch panel: the current run's curves and first-layer filters, and the run history.
import { useTraining } from '../../store/training';
import { FilterGrid } from './FilterGrid';
import { RunHistory } from './RunHistory';
import { TrainingCharts } from './TrainingCharts';

export function WatchPanel() {
  const summary = useTraining((s) => s.summary);
  return (
    <div className="panel-body">
      <h2>Watch</h2>
      {summary ? (
        <p className="hint">
          {summary.datasetName} · {summary.trainExamples} training / {summary.validationExamples}{' '}
          validation images · {summary.stepsPerEpoch} steps per epoch
        </p>
      ) : (
        <p className="hint">Start training in the Train panel; the curves fill in live.</p>
      )}
      <TrainingCharts />
      <FilterGrid />
      <RunHistory />
    </div>
  );
}
