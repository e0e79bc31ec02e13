// The top of the network: what goes in, which follows the chosen dataset.
import { shapeText } from '../../engine/shapes';
import { useDataset } from '../../store/dataset';
import { datasetTarget } from '../../store/dataset-settings';
import { useNetwork } from '../../store/network';
import { uiStore } from '../../store/ui';

export function InputCard() {
  const input = useNetwork((s) => s.spec.input);
  const name = useDataset((s) => s.loaded?.name ?? (s.source === 'custom' ? s.custom?.name : null));
  const classes = useDataset((s) => datasetTarget(s)?.classes);
  return (
    <div className="input-card" aria-label="Network input">
      <span className="layer-type">Input</span>
      <span className="input-source">
        {name ?? 'no dataset yet'}
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
