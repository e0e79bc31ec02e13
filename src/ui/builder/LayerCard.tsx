// One layer of the network: its type and id, the settings form generated from the layer's
// schema, what it produces (output shape, parameters, FLOPs), its inputs when it is a DAG layer,
// and any problem the analysis found with a one-click fix. Reorder by dragging the handle.
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { LayerAnalysis, LayerIssue } from '../../engine/analyze';
import { getLayerDef } from '../../engine/layers/registry';
import { shapeText } from '../../engine/shapes';
import type { LayerSpec } from '../../engine/spec';
import { networkStore } from '../../store/network';
import { formatCount, formatExact, formatFlops } from '../format';
import { useDropMarker } from './dnd';
import { IssueMessage } from './IssueMessage';
import { LayerInputs } from './LayerInputs';
import { SettingField } from './SettingField';

interface Props {
  readonly layer: LayerSpec;
  readonly index: number;
  readonly analysis: LayerAnalysis | undefined;
  readonly issues: readonly LayerIssue[];
  /** Ids of the layers above this one (what it may read). */
  readonly earlier: readonly string[];
  /** Later layers that read this one other than the one right below (skip connections). */
  readonly skipConsumers: readonly string[];
  readonly selected: boolean;
}

export function LayerCard({
  layer,
  index,
  analysis,
  issues,
  earlier,
  skipConsumers,
  selected,
}: Props) {
  const def = getLayerDef(layer.type);
  const marker = useDropMarker();
  const {
    attributes,
    listeners,
    setNodeRef,
    setActivatorNodeRef,
    transform,
    transition,
    isDragging,
  } = useSortable({ id: layer.id });
  const state = networkStore.getState;
  const hasError = issues.some((i) => i.severity === 'error');
  const inputs = analysis?.inputs ?? [];
  const showInputs = layer.inputs !== undefined || (def?.arity[1] ?? 1) > 1;
  const out = analysis?.outShape;
  const config = analysis?.config ?? layer.config;
  const badKeys = new Set(
    issues.flatMap((i) => (i.fix?.action.kind === 'set' ? [i.fix.action.key] : [])),
  );
  const markerClass =
    marker?.targetId === layer.id ? (marker.after ? ' drop-after' : ' drop-before') : '';

  return (
    <li
      ref={setNodeRef}
      id={`layer-${layer.id}`}
      className={`layer-card cat-${def?.category ?? 'unknown'}${selected ? ' is-selected' : ''}${
        hasError ? ' has-error' : ''
      }${isDragging ? ' is-dragging' : ''}${markerClass}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      aria-label={`${layer.id} (${def?.label ?? layer.type})`}
      onPointerDown={() => {
        if (!selected) state().select(layer.id);
      }}
      onFocus={() => {
        if (!selected) state().select(layer.id);
      }}
    >
      <div className="layer-head">
        <button
          type="button"
          ref={setActivatorNodeRef}
          className="drag-handle"
          {...attributes}
          {...listeners}
          aria-roledescription="sortable layer"
          aria-label={`Drag ${layer.id} to reorder (position ${index + 1})`}
          title="Drag to reorder (or focus and press Space, then the arrow keys)"
        >
          <svg viewBox="0 0 10 16" width="10" height="16" aria-hidden="true">
            {[3, 8, 13].flatMap((y) =>
              [2, 8].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.4" />),
            )}
          </svg>
        </button>
        <span className="layer-type" title={def?.description}>
          {def?.label ?? layer.type}
        </span>
        <span className="layer-id">{layer.id}</span>
        <span className="layer-stats">
          <span
            className={`layer-shape${out ? '' : ' is-unknown'}`}
            title="Output shape (height × width × channels)"
          >
            {out ? shapeText(out) : '—'}
          </span>
          {analysis && analysis.paramCount > 0 && (
            <span
              className="layer-stat"
              title={`${formatExact(analysis.paramCount)} trainable parameters`}
            >
              {formatCount(analysis.paramCount)} params
            </span>
          )}
          {analysis && analysis.flops > 0 && (
            <span
              className="layer-stat"
              title={`${formatExact(analysis.flops)} floating-point operations per example`}
            >
              {formatFlops(analysis.flops)}
            </span>
          )}
        </span>
        <span className="layer-actions">
          <button
            type="button"
            className="btn-icon"
            aria-label={`Duplicate ${layer.id}`}
            title="Duplicate"
            onClick={() => state().duplicateLayer(layer.id)}
          >
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <rect x="5" y="5" width="9" height="9" rx="1.5" />
              <path d="M11 5V3.5A1.5 1.5 0 0 0 9.5 2h-6A1.5 1.5 0 0 0 2 3.5v6A1.5 1.5 0 0 0 3.5 11H5" />
            </svg>
          </button>
          <button
            type="button"
            className="btn-icon btn-danger"
            aria-label={`Delete ${layer.id}`}
            title="Delete"
            onClick={() => state().removeLayer(layer.id)}
          >
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5" />
            </svg>
          </button>
        </span>
      </div>
      {showInputs && <LayerInputs layer={layer} def={def} inputs={inputs} earlier={earlier} />}
      {def && def.settings.length > 0 && (
        <div className="layer-settings">
          {def.settings.map((s) => (
            <SettingField
              key={s.key}
              layerId={layer.id}
              setting={s}
              value={layer.config[s.key] ?? config[s.key]}
              invalid={badKeys.has(s.key)}
              onChange={(v) => state().updateSetting(layer.id, s.key, v)}
            />
          ))}
        </div>
      )}
      {skipConsumers.length > 0 && (
        <p className="layer-skip">also feeds {skipConsumers.join(', ')}</p>
      )}
      {issues.map((issue, i) => (
        <IssueMessage key={i} issue={issue} />
      ))}
    </li>
  );
}
