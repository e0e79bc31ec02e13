// The Watch panel: the current run's curves, what the network does inside (filters, activation
// maps), its predictions and mistakes, the health of every layer, learning-rate effects across
// runs and the range test, a gradient check, and the run history. Each part folds away; a
// folded or scrolled-away part asks the worker nothing.
import type { ReactNode } from 'react';
import { useTraining } from '../../store/training';
import '../styles/watch.css';
import { ActivationView } from './ActivationView';
import { CompareRuns } from './CompareRuns';
import { ConfusionView } from './ConfusionView';
import { FilterGrid } from './FilterGrid';
import { GradCheckView } from './GradCheckView';
import { HealthView } from './HealthView';
import { LrFinder } from './LrFinder';
import { PredictionsView } from './PredictionsView';
import { RunHistory } from './RunHistory';
import { Section } from './Section';
import { TrainingCharts } from './TrainingCharts';

const NEEDS_SESSION = 'Appears once a run is set up: press Train or Step in the Train panel.';

export function WatchPanel() {
  const summary = useTraining((s) => s.summary);
  const session = (body: ReactNode) => (summary ? body : <p className="hint">{NEEDS_SESSION}</p>);
  return (
    <div className="panel-body watch-panel">
      <h2>Watch</h2>
      {summary ? (
        <p className="hint">
          {summary.datasetName} · {summary.trainExamples} training / {summary.validationExamples}{' '}
          validation images · {summary.stepsPerEpoch} steps per epoch
        </p>
      ) : (
        <p className="hint">Start training in the Train panel; the curves fill in live.</p>
      )}
      <Section id="curves" title="Training curves">
        <TrainingCharts />
      </Section>
      <Section id="inside" title="Inside the network" hint="filters, activation maps">
        {session(
          <>
            <FilterGrid />
            <ActivationView />
          </>,
        )}
      </Section>
      <Section id="predictions" title="Predictions" hint="top-3 on validation images">
        {session(<PredictionsView />)}
      </Section>
      <Section id="confusion" title="Confusion matrix" hint="validation split">
        {session(<ConfusionView />)}
      </Section>
      <Section id="health" title="Layer health" hint="norms, update ratios, dead ReLUs">
        {session(<HealthView />)}
      </Section>
      <Section id="compare" title="Compare runs" hint="learning-rate effects">
        <CompareRuns />
      </Section>
      <Section id="lrFinder" title="Learning-rate finder" hint="range test">
        <LrFinder />
      </Section>
      <Section id="gradCheck" title="Gradient check" hint="backprop vs numerical">
        <GradCheckView />
      </Section>
      <Section id="runs" title="Runs">
        <RunHistory />
      </Section>
    </div>
  );
}
