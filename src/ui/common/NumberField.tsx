// A labelled number input for settings that must stay in range (dataset and augmentation
// settings have no analysis to explain a bad value, so out-of-range input is clamped on commit).
import { useId, useState } from 'react';

export function NumberField({
  label,
  value,
  min,
  max,
  step = 1,
  integer = true,
  unit,
  help,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  unit?: string;
  help?: string;
  onChange: (v: number) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const commit = (text: string, final: boolean) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) return;
    const v = integer ? Math.round(n) : n;
    // While typing, only in-range values commit ("1" on the way to "128" must not clamp to 100).
    if (!final && (v < min || v > max)) return;
    const clamped = Math.min(max, Math.max(min, v));
    if (clamped !== value) onChange(clamped);
  };
  return (
    <div className="field" title={help}>
      <label htmlFor={id}>{label}</label>
      <span className="field-control">
        <input
          id={id}
          type="number"
          min={min}
          max={max}
          step={step}
          value={draft ?? String(value)}
          onChange={(e) => {
            setDraft(e.target.value);
            commit(e.target.value, false);
          }}
          onBlur={(e) => {
            commit(e.target.value, true);
            setDraft(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              commit(e.currentTarget.value, true);
              setDraft(null);
            }
          }}
        />
        {unit && <span className="field-unit">{unit}</span>}
      </span>
    </div>
  );
}
