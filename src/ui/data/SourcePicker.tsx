// Which data to train on.
import { useDataset } from '../../store/dataset';
import type { DatasetSource } from '../../store/dataset-settings';

const SOURCES: { id: DatasetSource; label: string; detail: string }[] = [
  {
    id: 'mnist',
    label: 'MNIST digits',
    detail: 'bundled · 10,000 handwritten digits · works offline',
  },
  { id: 'shapes', label: 'Synthetic shapes', detail: 'generated · coloured shapes, any size' },
  {
    id: 'custom',
    label: 'Your own images',
    detail: 'a folder or zip, one sub-folder per class; or IDX / CIFAR files',
  },
];

export function SourcePicker() {
  const source = useDataset((s) => s.source);
  const choose = useDataset((s) => s.choose);
  return (
    <fieldset className="source-picker">
      <legend>Dataset</legend>
      {SOURCES.map((s) => (
        <label key={s.id} className={`source-option${source === s.id ? ' is-checked' : ''}`}>
          <input
            type="radio"
            name="dataset-source"
            value={s.id}
            checked={source === s.id}
            onChange={() => choose(s.id)}
          />
          <span className="source-text">
            <span className="source-label">{s.label}</span>
            <span className="source-detail">{s.detail}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
