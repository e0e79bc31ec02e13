// Gradient check of the user's own network: for a chosen layer (or the input image, which runs
// the gradient through every layer), the analytic gradient from backprop next to a numerical
// one from central differences, in float64 on a copy of the current weights. Agreement to about
// 1e-6 says backprop is right; small disagreements come from ReLU/max-pool kinks.
import { useState } from 'react';
import { gradCheckVerdict, type GradCheckResult } from '../../engine/inspect/gradcheck';
import { INPUT_ID } from '../../engine/spec';
import { runControl, trainingController } from '../../store/run-control';
import { useAnalysis } from '../builder/analysis';
import { Select } from '../train/SettingFields';
import { useConfiguredNetwork } from './configured';
import { scientific } from './numbers';

const VERDICT_LABEL = { pass: 'pass', kinks: 'kinks (probably fine)', fail: 'fail' } as const;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function ResultView({ r }: { r: GradCheckResult }) {
  return (
    <div className="gradcheck-result">
      <p role="status" className="gradcheck-verdict">
        <span className={`verdict verdict-${r.verdict}`}>{VERDICT_LABEL[r.verdict]}</span>
        <span>
          max relative error <strong>{scientific(r.maxRelError)}</strong>
        </span>
      </p>
      <p className="hint">
        {r.message} {r.entries.length} values of {r.layerId} on {r.examples} validation images (loss{' '}
        {r.loss.toPrecision(4)}).
      </p>
      <div className="health-scroll">
        <table className="gradcheck-table" aria-label="Analytic and numerical gradients">
          <thead>
            <tr>
              <th scope="col">Value</th>
              <th scope="col" className="num">
                analytic
              </th>
              <th scope="col" className="num">
                numerical
              </th>
              <th scope="col" className="num">
                rel. error
              </th>
            </tr>
          </thead>
          <tbody>
            {r.entries.map((e) => (
              <tr key={`${e.tensor}-${e.index}`}>
                <th scope="row">
                  {e.tensor}[{e.index}]
                </th>
                <td className="num">{scientific(e.analytic)}</td>
                <td className="num">{scientific(e.numeric)}</td>
                <td className={`num rel-${gradCheckVerdict(e.relError).verdict}`}>
                  {scientific(e.relError)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function GradCheckView() {
  // Before any session the builder's network is what a check would set up and run on.
  const builder = useAnalysis();
  const network = useConfiguredNetwork() ?? builder;
  const [choice, setChoice] = useState<string | null>(null);
  const [result, setResult] = useState<GradCheckResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const withParams = (network?.layers ?? []).filter((l) => l.paramCount > 0);
  const options = [
    ...withParams.map((l) => ({ value: l.id, label: `${l.id} (${l.paramCount} parameters)` })),
    { value: INPUT_ID, label: 'input (through every layer)' },
  ];
  const layerId = options.some((o) => o.value === choice) ? choice! : options[0].value;

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      if (!(await runControl.getState().prepare())) {
        setError(runControl.getState().error ?? 'The network could not be set up.');
        return;
      }
      setResult(await trainingController().client.gradientCheck({ layerId, samples: 6 }));
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gradcheck">
      <p className="hint">
        Compares backprop’s gradient with (loss(w + ε) − loss(w − ε)) / 2ε for a few values, in
        float64 on a copy of the current weights. Pass: relative error below 1e−6.
      </p>
      <div className="toolbar">
        <Select
          id="gradcheck-layer"
          label="Layer to check"
          value={layerId}
          options={options}
          onChange={setChoice}
        />
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={busy}
          onClick={() => void run()}
        >
          {busy ? 'Checking…' : 'Run gradient check'}
        </button>
      </div>
      {error && (
        <p className="hint error-text" role="alert">
          {error}
        </p>
      )}
      {result && <ResultView r={result} />}
    </div>
  );
}
