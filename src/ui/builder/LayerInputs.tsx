// The inputs of a DAG layer (Add, Concat, or any layer the user rewired): "adds: conv3 + relu1",
// each name a small select of the earlier layers. Shown only where a layer's inputs are not
// simply "the layer before".
import type { LayerDef } from '../../engine/layers/types';
import { INPUT_ID, type LayerSpec } from '../../engine/spec';
import { networkStore } from '../../store/network';

/** Verb and separator per type; other types read "inputs: a, b". */
const WORDING: Readonly<Record<string, { verb: string; sep: string }>> = {
  add: { verb: 'adds', sep: '+' },
  concat: { verb: 'stacks', sep: '‖' },
};

export function LayerInputs({
  layer,
  def,
  inputs,
  earlier,
}: {
  layer: LayerSpec;
  def: LayerDef | undefined;
  /** The ids it reads, with the sequential default made explicit. */
  inputs: readonly string[];
  /** Ids it may read: the input and every layer above it. */
  earlier: readonly string[];
}) {
  const words = WORDING[layer.type] ?? { verb: inputs.length > 1 ? 'inputs' : 'reads', sep: ',' };
  const [min, max] = def?.arity ?? [1, 1];
  const set = (next: readonly string[] | undefined) =>
    networkStore.getState().setLayerInputs(layer.id, next);
  const options = [INPUT_ID, ...earlier];
  return (
    <div className="layer-inputs" role="group" aria-label={`Inputs of ${layer.id}`}>
      <span className="layer-inputs-verb">{words.verb}:</span>
      {inputs.map((src, slot) => (
        <span key={slot} className="layer-input-slot">
          {slot > 0 && (
            <span className="layer-inputs-sep" aria-hidden="true">
              {words.sep}
            </span>
          )}
          <select
            className="setting-input input-select"
            value={src}
            aria-label={`Input ${slot + 1} of ${layer.id}`}
            onChange={(e) => set(inputs.map((s, i) => (i === slot ? e.target.value : s)))}
          >
            {!options.includes(src) && <option value={src}>{src} (missing)</option>}
            {options.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
          {inputs.length > min && (
            <button
              type="button"
              className="btn-icon btn-small"
              aria-label={`Remove input ${slot + 1} of ${layer.id}`}
              title="Remove this input"
              onClick={() => set(inputs.filter((_, i) => i !== slot))}
            >
              ×
            </button>
          )}
        </span>
      ))}
      {inputs.length < max && (
        <button
          type="button"
          className="btn btn-small"
          aria-label={`Add an input to ${layer.id}`}
          onClick={() => set([...inputs, earlier[earlier.length - 1] ?? INPUT_ID])}
        >
          + input
        </button>
      )}
      {layer.inputs && max === 1 && (
        <button
          type="button"
          className="btn btn-small"
          title="Read the layer directly above again"
          onClick={() => set(undefined)}
        >
          Reset
        </button>
      )}
    </div>
  );
}
