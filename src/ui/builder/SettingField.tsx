// One setting of a layer, rendered from its schema: a number input with its range, a checkbox, a
// select, or for padding a select of "same" and 0…max. Values out of range are still written to
// the spec, so the analysis can say what is wrong and offer the fix.
import { useId, useState } from 'react';
import type { SettingSchema } from '../../engine/layers/types';
import type { ConfigValue } from '../../engine/spec';

interface Props {
  readonly layerId: string;
  readonly setting: SettingSchema;
  /** The current value (defaults filled in by the analysis when the spec omits it). */
  readonly value: ConfigValue | undefined;
  readonly invalid: boolean;
  readonly onChange: (value: ConfigValue) => void;
}

function NumberField({
  layerId,
  setting,
  value,
  invalid,
  onChange,
  inputId,
}: Props & { inputId: string }) {
  const s = setting as Extract<SettingSchema, { kind: 'int' | 'number' }>;
  const shown = typeof value === 'number' ? String(value) : '';
  // A draft lets the user clear the box or type "0." without the store rejecting it midway.
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      id={inputId}
      type="number"
      inputMode={s.kind === 'int' ? 'numeric' : 'decimal'}
      className="setting-input"
      min={s.min}
      max={s.max}
      step={s.kind === 'int' ? 1 : s.step}
      value={draft ?? shown}
      aria-label={`${s.label} of ${layerId}`}
      aria-invalid={invalid || undefined}
      onChange={(e) => {
        const text = e.target.value;
        setDraft(text);
        const n = Number(text);
        if (text.trim() !== '' && Number.isFinite(n)) onChange(n);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}

export function SettingField(props: Props) {
  const { layerId, setting: s, value, invalid, onChange } = props;
  const inputId = useId();
  let control;
  switch (s.kind) {
    case 'int':
    case 'number':
      control = <NumberField {...props} inputId={inputId} />;
      break;
    case 'bool':
      return (
        <label className="setting setting-bool" title={s.help}>
          <input
            type="checkbox"
            checked={value === true}
            aria-label={`${s.label} of ${layerId}`}
            onChange={(e) => onChange(e.target.checked)}
          />
          <span className="setting-label">{s.label}</span>
        </label>
      );
    case 'choice':
      control = (
        <select
          id={inputId}
          className="setting-input"
          value={String(value ?? s.default)}
          aria-label={`${s.label} of ${layerId}`}
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange(e.target.value)}
        >
          {s.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    case 'padding': {
      const options: (number | 'same')[] = [
        'same',
        ...Array.from({ length: s.max + 1 }, (_, i) => i),
      ];
      // Keep an out-of-range stored value visible (and selected) so the error makes sense.
      if (value !== undefined && !options.includes(value as number | 'same')) {
        options.push(value as number);
      }
      control = (
        <select
          id={inputId}
          className="setting-input"
          value={String(value ?? s.default)}
          aria-label={`${s.label} of ${layerId}`}
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange(e.target.value === 'same' ? 'same' : Number(e.target.value))}
        >
          {options.map((o) => (
            <option key={String(o)} value={String(o)}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    }
  }
  return (
    <div className="setting" title={s.help}>
      <label className="setting-label" htmlFor={inputId}>
        {s.label}
      </label>
      {control}
    </div>
  );
}
