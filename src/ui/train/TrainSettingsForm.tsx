// The training settings (engine/train/settings.ts), grouped: the basics open, the rest folded.
// Every field writes through the training store, which validates it; the ranges here match the
// validator's so a value typed in is clamped rather than refused.
import type { OptimizerKind } from '../../engine/backend/backend';
import { INIT_SCHEMES, type InitScheme } from '../../engine/init';
import { OPTIMIZER_KINDS } from '../../engine/optim/optimizer';
import { withOptimizerKind } from '../../engine/train/settings';
import { trainingStore } from '../../store/training';
import { NumberField } from '../common/NumberField';
import { LearningRateControl } from './LearningRateControl';
import { SchedulePreview } from './SchedulePreview';
import { OptimizerFields, ScheduleFields, Select } from './SettingFields';
import { updateTrainingSettings, useTrainingSettings } from './settings';

export function TrainSettingsForm() {
  const s = useTrainingSettings();
  const set = updateTrainingSettings;
  return (
    <section className="train-settings" aria-label="Training settings">
      <LearningRateControl />
      <div className="form-grid">
        <NumberField
          label="Batch size"
          value={s.batchSize}
          min={1}
          max={4096}
          onChange={(batchSize) => set({ batchSize })}
        />
        <NumberField
          label="Epochs"
          value={s.epochs}
          min={0.01}
          max={1000}
          step={0.5}
          integer={false}
          help={
            s.steps > 0
              ? 'Not used: the run length is set in steps'
              : 'Passes over the training split'
          }
          onChange={(epochs) => set({ epochs })}
        />
        <NumberField
          label="Steps"
          value={s.steps}
          min={0}
          max={10000000}
          help="Run length in steps; 0 = by epochs"
          onChange={(steps) => set({ steps })}
        />
        <Select
          id="optimizer-kind"
          label="Optimizer"
          value={s.optimizer.kind}
          options={OPTIMIZER_KINDS}
          onChange={(kind: OptimizerKind) =>
            trainingStore().getState().setSettings(withOptimizerKind(s, kind))
          }
        />
        <NumberField
          label="Learning rate"
          value={s.optimizer.lr}
          min={1e-6}
          max={10}
          step={0.0001}
          integer={false}
          onChange={(lr) => set({ optimizer: { ...s.optimizer, lr } })}
        />
        <OptimizerFields s={s} />
      </div>
      <details className="settings-group">
        <summary>Schedule</summary>
        <div className="form-grid">
          <ScheduleFields s={s} />
        </div>
        <SchedulePreview settings={s} />
      </details>
      <details className="settings-group">
        <summary>Loss and regularisation</summary>
        <div className="form-grid">
          <Select
            id="loss-kind"
            label="Loss"
            value={s.loss}
            options={[
              { value: 'softmax', label: 'Softmax cross-entropy' },
              { value: 'hinge', label: 'Multiclass hinge (SVM)' },
            ]}
            onChange={(loss) => set({ loss })}
          />
          {s.loss === 'hinge' && (
            <NumberField
              label="Margin"
              value={s.hingeMargin}
              min={0}
              max={100}
              step={0.5}
              integer={false}
              onChange={(hingeMargin) => set({ hingeMargin })}
            />
          )}
          <NumberField
            label="L2"
            value={s.l2}
            min={0}
            max={10}
            step={0.0001}
            integer={false}
            help="Weight decay strength"
            onChange={(l2) => set({ l2 })}
          />
          <NumberField
            label="L1"
            value={s.l1}
            min={0}
            max={10}
            step={0.0001}
            integer={false}
            onChange={(l1) => set({ l1 })}
          />
          <NumberField
            label="Max-norm"
            value={s.maxNorm}
            min={0}
            max={1e6}
            step={0.5}
            integer={false}
            help="Cap on each unit's weight vector length (0 = off)"
            onChange={(maxNorm) => set({ maxNorm })}
          />
        </div>
      </details>
      <details className="settings-group">
        <summary>Initialisation, seed and validation</summary>
        <div className="form-grid">
          <Select
            id="init-scheme"
            label="Initialisation"
            value={s.init}
            options={INIT_SCHEMES}
            onChange={(init: InitScheme) => set({ init })}
          />
          <NumberField
            label="Seed"
            value={s.seed}
            min={0}
            max={2 ** 31 - 1}
            help="Same seed, same settings: the same run"
            onChange={(seed) => set({ seed })}
          />
          <NumberField
            label="Validate every"
            value={s.validateEvery}
            min={0}
            max={100}
            step={0.25}
            integer={false}
            unit="epochs"
            onChange={(validateEvery) => set({ validateEvery })}
          />
          <NumberField
            label="Training examples"
            value={s.trainLimit}
            min={0}
            max={1000000}
            help="Train on only the first N of the training split; 0 = all"
            onChange={(trainLimit) => set({ trainLimit })}
          />
        </div>
      </details>
      <details className="settings-group">
        <summary>Overfit check</summary>
        <p className="hint">
          Train on a handful of examples with regularisation and augmentation off: a network that
          cannot drive their loss to zero has a bug or too little capacity.
        </p>
        <div className="form-grid">
          <label className="field field-check">
            <input
              type="checkbox"
              checked={s.overfit.enabled}
              onChange={(e) => set({ overfit: { ...s.overfit, enabled: e.target.checked } })}
            />
            Overfit a few examples
          </label>
          <NumberField
            label="Examples"
            value={s.overfit.examples}
            min={1}
            max={1000}
            onChange={(examples) => set({ overfit: { ...s.overfit, examples } })}
          />
          <NumberField
            label="Steps"
            value={s.overfit.steps}
            min={1}
            max={100000}
            onChange={(steps) => set({ overfit: { ...s.overfit, steps } })}
          />
        </div>
      </details>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => trainingStore().getState().resetSettings()}
      >
        Reset settings to defaults
      </button>
    </section>
  );
}
