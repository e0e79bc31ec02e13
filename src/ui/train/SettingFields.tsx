// Small building blocks of the training settings form: a labelled select, and the fields that
// depend on the chosen optimizer and schedule.
import type { ScheduleConfig, ScheduleKind } from '../../engine/optim/schedule';
import { SCHEDULE_KINDS } from '../../engine/optim/schedule';
import type { TrainingSettings } from '../../engine/train/settings';
import { NumberField } from '../common/NumberField';
import { updateTrainingSettings } from './settings';

export function Select<T extends string>({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (v: T) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function OptimizerFields({ s }: { s: TrainingSettings }) {
  const o = s.optimizer;
  const set = (patch: Partial<TrainingSettings['optimizer']>) =>
    updateTrainingSettings({ optimizer: { ...o, ...patch } });
  return (
    <>
      {(o.kind === 'momentum' || o.kind === 'nesterov') && (
        <NumberField
          label="Momentum"
          value={o.momentum}
          min={0}
          max={0.999}
          step={0.05}
          integer={false}
          onChange={(momentum) => set({ momentum })}
        />
      )}
      {o.kind === 'rmsprop' && (
        <NumberField
          label="Decay ρ"
          value={o.rho}
          min={0}
          max={0.999}
          step={0.01}
          integer={false}
          onChange={(rho) => set({ rho })}
        />
      )}
      {o.kind === 'adam' && (
        <>
          <NumberField
            label="β₁"
            value={o.beta1}
            min={0}
            max={0.999}
            step={0.01}
            integer={false}
            onChange={(beta1) => set({ beta1 })}
          />
          <NumberField
            label="β₂"
            value={o.beta2}
            min={0}
            max={0.99999}
            step={0.001}
            integer={false}
            onChange={(beta2) => set({ beta2 })}
          />
        </>
      )}
    </>
  );
}

export function ScheduleFields({ s }: { s: TrainingSettings }) {
  const sc = s.schedule;
  const set = (patch: Partial<ScheduleConfig>) =>
    updateTrainingSettings({ schedule: { ...sc, ...patch } });
  return (
    <>
      <Select
        id="schedule-kind"
        label="Schedule"
        value={sc.kind}
        options={SCHEDULE_KINDS}
        onChange={(kind: ScheduleKind) => set({ kind })}
      />
      {sc.kind === 'step' && (
        <>
          <NumberField
            label="Every (steps)"
            value={sc.stepSize}
            min={1}
            max={1e6}
            onChange={(stepSize) => set({ stepSize })}
          />
          <NumberField
            label="Multiply by"
            value={sc.gamma}
            min={0}
            max={1}
            step={0.05}
            integer={false}
            onChange={(gamma) => set({ gamma })}
          />
        </>
      )}
      {(sc.kind === 'exponential' || sc.kind === 'inverse') && (
        <NumberField
          label="Decay k"
          value={sc.k}
          min={0}
          max={10}
          step={0.0005}
          integer={false}
          onChange={(k) => set({ k })}
        />
      )}
      {(sc.kind === 'linear' || sc.kind === 'cosine') && (
        <NumberField
          label="Final fraction"
          value={sc.finalFraction}
          min={0}
          max={1}
          step={0.05}
          integer={false}
          onChange={(finalFraction) => set({ finalFraction })}
        />
      )}
      <NumberField
        label="Warm-up (steps)"
        value={sc.warmupSteps}
        min={0}
        max={1e6}
        onChange={(warmupSteps) => set({ warmupSteps })}
      />
    </>
  );
}
