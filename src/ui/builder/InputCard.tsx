// The top of the network: what goes in, which follows the chosen dataset.
import { shapeText } from '../../engine/shapes';
import { useDataset } from '../../store/dataset';
import { datasetTarget, type DatasetSettings } from '../../store/dataset-settings';
import { useNetwork } from '../../store/network';
import { uiStore } from '../../store/ui';

/** What to call the data before it has loaded. */
function sourceName(s: DatasetSettings & { status: string }): string {
  const loading = s.status === 'loading' ? ' (loading…)' : '';
  switch (s.source) {
    case 'mnist':
      return `MNIST${loading}`;
    case 'shapes':
      return `Synthetic shapes${loading}`;
    case 'custom':
      return s.custom ? `${s.custom.name} (not loaded)` : 'your images (none imported yet)';
  }
}

export function InputCard() {
  const input = useNetwork((s) => s.spec.input);
  const name = useDataset((s) => s.loaded?.name ?? sourceName(s));
  const classes = useDataset((s) => datasetTarget(s)?.classes);
  return (
    <div className="input-card" role="group" aria-label="Network input">
      <span className="layer-type">Input</span>
      <span className="input-source">
        {name}
        {classes !== undefined && ` · ${classes} classes`}
      </span>
      <span className="layer-shape" title="Input shape (height × width × channels)">
        {shapeText([input.channels, input.height, input.width])}
      </span>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => uiStore.getState().setSideTab('data')}
      >
        Change data
      </button>
    </div>
  );
}
