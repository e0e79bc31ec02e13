// How pixels become the numbers the network sees.
import type { PreprocessMode } from '../../engine/data/preprocess';
import { PREPROCESS_MODES } from '../../engine/data/preprocess';

const LABELS: Record<PreprocessMode, { label: string; detail: string }> = {
  scale: { label: 'Scale to [0, 1]', detail: 'pixel / 255' },
  center: { label: 'Center', detail: 'subtract the training-set mean per channel' },
  standardize: {
    label: 'Standardize',
    detail: 'subtract the mean, divide by the standard deviation (training set, per channel)',
  },
};

export function PreprocessForm({
  value: mode,
  onChange: set,
}: {
  value: PreprocessMode;
  onChange: (mode: PreprocessMode) => void;
}) {
  return (
    <div className="field field-wide">
      <label htmlFor="preprocess">Input scaling</label>
      <select id="preprocess" value={mode} onChange={(e) => set(e.target.value as PreprocessMode)}>
        {PREPROCESS_MODES.map((m) => (
          <option key={m} value={m}>
            {LABELS[m].label}
          </option>
        ))}
      </select>
      <p className="hint">{LABELS[mode].detail}. Statistics come from the training split only.</p>
    </div>
  );
}
