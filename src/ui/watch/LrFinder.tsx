// Learning-rate range test: a short sweep with the rate growing from tiny to huge, the loss
// plotted against it, and a suggested rate read off the curve (where the loss falls fastest,
// or a tenth of where it bottoms out, whichever is smaller). The weights are restored after,
// so it changes nothing but the time; "Use this learning rate" writes it to the settings (and
// to a run in progress).
import { useState } from 'react';
import type { LrRangeResult } from '../../engine/inspect/lr-range';
import { runControl, trainingController, useRunControl } from '../../store/run-control';
import { useTraining } from '../../store/training';
import { NumberField } from '../common/NumberField';
import { formatRate } from '../format';
import { LrFinderChart } from './LrFinderChart';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function LrFinder() {
  const [lo, setLo] = useState(1e-6);
  const [hi, setHi] = useState(1);
  const [steps, setSteps] = useState(60);
  const [result, setResult] = useState<LrRangeResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [applied, setApplied] = useState<number | null>(null);
  const lr = useTraining((s) => s.settings.optimizer.lr);
  const controlBusy = useRunControl((s) => s.busy !== null);

  const run = async () => {
    setBusy(true);
    setError(null);
    setApplied(null);
    try {
      if (!(await runControl.getState().prepare())) {
        setError(runControl.getState().error ?? 'The network could not be set up.');
        return;
      }
      setResult(await trainingController().client.lrRangeTest({ lo, hi: Math.max(hi, lo * 10), steps })); // prettier-ignore
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  const use = async (rate: number) => {
    const rounded = Number(rate.toPrecision(2));
    await runControl.getState().setLearningRate(rounded);
    setApplied(rounded);
  };

  return (
    <div className="lr-finder">
      <p className="hint">
        Trains {steps} steps with the rate rising from {formatRate(lo)} to {formatRate(hi)}, then
        puts the weights back. Most telling before training, on fresh weights.
      </p>
      <div className="form-grid">
        <NumberField
          label="Smallest rate"
          value={lo}
          min={1e-8}
          max={1}
          step={1e-6}
          integer={false}
          onChange={setLo}
        />
        <NumberField
          label="Largest rate"
          value={hi}
          min={1e-6}
          max={100}
          step={0.1}
          integer={false}
          onChange={setHi}
        />
        <NumberField label="Sweep steps" value={steps} min={5} max={500} onChange={setSteps} />
      </div>
      <div className="toolbar">
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={busy || controlBusy}
          onClick={() => void run()}
        >
          {busy ? 'Sweeping…' : 'Run learning-rate range test'}
        </button>
      </div>
      {error && (
        <p className="hint error-text" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <LrFinderChart result={result} />
          <div className="lr-suggestion" role="status">
            {result.suggested === null ? (
              <p>No suggestion: the loss never went down. Try a wider range or more steps.</p>
            ) : (
              <>
                <p>
                  Suggested learning rate{' '}
                  <strong>{formatRate(Number(result.suggested.toPrecision(2)))}</strong>
                  <span className="hint">
                    {result.steepest !== null && (
                      <> · steepest fall at {formatRate(Number(result.steepest.toPrecision(2)))}</>
                    )}
                    {result.minLoss && (
                      <> · lowest loss at {formatRate(Number(result.minLoss.lr.toPrecision(2)))}</>
                    )}
                    {result.stoppedEarly && <> · stopped when the loss exploded</>}
                  </span>
                </p>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={applied !== null && applied === lr}
                  onClick={() => void use(result.suggested!)}
                >
                  Use this learning rate
                </button>
                {applied !== null && (
                  <span className="hint"> Learning rate set to {formatRate(applied)}.</span>
                )}
              </>
            )}
          </div>
        </>
      )}
    </div>
  );
}
