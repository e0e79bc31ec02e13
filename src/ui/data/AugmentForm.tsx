// Augmentation settings with a live preview: one training image and seven seeded variants, so the
// effect of each setting is visible before training. Same seed, same variants: changing one
// setting shows just its effect. The settings come in as props: they belong to the training
// settings, wherever those are kept.
import { useMemo } from 'react';
import { isAugmentEnabled, previewAugment, type AugmentConfig } from '../../engine/data/augment';
import { exampleSize } from '../../engine/data/dataset';
import { useDataset } from '../../store/dataset';
import { NumberField } from '../common/NumberField';
import { exampleBytes } from './draw';
import { PixelStrip } from './PixelStrip';

type NumericKey = Exclude<keyof AugmentConfig, 'flipHorizontal'>;

const FIELDS: { key: NumericKey; label: string; max: number; step: number; integer: boolean; unit?: string; help: string }[] = [
  { key: 'cropPadding', label: 'Pad + crop', max: 8, step: 1, integer: true, unit: 'px', help: 'Pad with zeros, then crop a random window back to size' },
  { key: 'translate', label: 'Shift', max: 8, step: 1, integer: true, unit: 'px', help: 'Move by up to this many pixels each way' },
  { key: 'rotateDegrees', label: 'Rotate', max: 45, step: 1, integer: false, unit: '°', help: 'Rotate by up to ± this angle' },
  { key: 'brightness', label: 'Brightness', max: 0.5, step: 0.05, integer: false, help: 'Add up to ± this much (pixels in 0–1)' },
  { key: 'contrast', label: 'Contrast', max: 0.5, step: 0.05, integer: false, help: 'Scale contrast by 1 ± this' },
  { key: 'cutout', label: 'Cutout', max: 16, step: 1, integer: true, unit: 'px', help: 'Black out a random square of this side' },
]; // prettier-ignore

const VARIANTS = 7;

function AugmentPreview({ cfg }: { cfg: AugmentConfig }) {
  const seed = useDataset((s) => s.previewSeed);
  const revision = useDataset((s) => s.revision);
  const getData = useDataset((s) => s.getData);
  const preview = useMemo(() => {
    void revision;
    const data = getData();
    if (!data || data.splits.train.length === 0) return null;
    const d = data.dataset;
    const train = data.splits.train;
    // The seed also picks which training image is shown, so "other samples" shows a new one.
    const index = train[(seed * 7919) % train.length];
    const original = [exampleBytes(d.images, exampleSize(d), index)];
    const variants = previewAugment(d, index, cfg, seed, VARIANTS);
    return { d, original, variants, label: d.classNames[d.labels[index]] };
  }, [cfg, seed, revision, getData]);
  if (!preview) return null;
  const { d } = preview;
  return (
    <figure className="augment-preview">
      <div className="augment-strips">
        <PixelStrip
          examples={preview.original}
          channels={d.channels}
          height={d.height}
          width={d.width}
          thumb={38}
          label={`A training image of class ${preview.label}`}
        />
        <span className="augment-arrow" aria-hidden="true">
          →
        </span>
        <PixelStrip
          examples={preview.variants}
          channels={d.channels}
          height={d.height}
          width={d.width}
          thumb={38}
          label={`${VARIANTS} augmented variants of it`}
        />
      </div>
      <figcaption className="hint">
        Left: original ({preview.label}). Then {VARIANTS} variants as training would see them
        {isAugmentEnabled(cfg) ? '' : ' (all augmentation is off, so they are identical)'}.
      </figcaption>
    </figure>
  );
}

export function AugmentForm({
  value: cfg,
  onChange: set,
}: {
  value: AugmentConfig;
  onChange: (patch: Partial<AugmentConfig>) => void;
}) {
  const seed = useDataset((s) => s.previewSeed);
  const setSeed = useDataset((s) => s.setPreviewSeed);
  return (
    <div className="augment">
      <div className="form-grid" role="group" aria-label="Augmentation settings">
        <label className="field field-check">
          <input
            type="checkbox"
            checked={cfg.flipHorizontal}
            onChange={(e) => set({ flipHorizontal: e.target.checked })}
          />
          Flip left–right
        </label>
        {FIELDS.map((f) => (
          <NumberField
            key={f.key}
            label={f.label}
            value={cfg[f.key]}
            min={0}
            max={f.max}
            step={f.step}
            integer={f.integer}
            unit={f.unit}
            help={f.help}
            onChange={(v) => set({ [f.key]: v })}
          />
        ))}
      </div>
      <AugmentPreview cfg={cfg} />
      <button type="button" className="btn btn-small" onClick={() => setSeed((seed % 100_000) + 1)}>
        Show other samples
      </button>
    </div>
  );
}
