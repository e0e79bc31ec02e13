// One layer type in the palette: click (or Enter) appends it to the network; drag it (pointer, or
// Space + arrow keys) to put it somewhere else. Its description is the button's accessible
// description, and shows as a tooltip on hover and keyboard focus (drawn by the palette, since a
// tooltip inside the scrolling palette column would be clipped by it).
import { useDraggable } from '@dnd-kit/core';
import type { LayerDef } from '../../engine/layers/types';
import { paletteId } from '../builder/dnd';

export interface TooltipAnchor {
  readonly text: string;
  readonly rect: DOMRect;
}

export function PaletteItem({
  def,
  onAdd,
  onTooltip,
}: {
  def: LayerDef;
  onAdd: (type: string) => void;
  onTooltip: (anchor: TooltipAnchor | null) => void;
}) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: paletteId(def.type),
  });
  const descId = `palette-desc-${def.type}`;
  const show = (el: HTMLElement) =>
    onTooltip({ text: def.description, rect: el.getBoundingClientRect() });
  const hide = () => onTooltip(null);
  return (
    <li>
      <button
        ref={setNodeRef}
        type="button"
        className={`palette-item cat-${def.category}${isDragging ? ' is-dragging' : ''}`}
        {...attributes}
        {...listeners}
        aria-roledescription="draggable layer"
        aria-describedby={`${descId} ${attributes['aria-describedby']}`}
        onClick={() => onAdd(def.type)}
        onMouseEnter={(e) => show(e.currentTarget)}
        onMouseLeave={hide}
        onFocus={(e) => {
          if (e.currentTarget.matches(':focus-visible')) show(e.currentTarget);
        }}
        onBlur={hide}
      >
        <span className="palette-swatch" aria-hidden="true" />
        <span className="palette-label">{def.label}</span>
        <span className="palette-add" aria-hidden="true">
          +
        </span>
      </button>
      <span id={descId} className="visually-hidden">
        {def.description}
      </span>
    </li>
  );
}

/** What follows the pointer while a palette item is dragged. */
export function PaletteDragChip({ def }: { def: LayerDef }) {
  return (
    <div className={`palette-item palette-chip cat-${def.category}`}>
      <span className="palette-swatch" aria-hidden="true" />
      <span className="palette-label">{def.label}</span>
    </div>
  );
}

/** The one visible tooltip, fixed beside its item, outside any scrolling container. */
export function PaletteTooltip({ anchor }: { anchor: TooltipAnchor | null }) {
  if (!anchor) return null;
  const { rect } = anchor;
  return (
    <div
      className="tooltip"
      aria-hidden="true"
      style={{ top: Math.max(8, rect.top), left: rect.right + 10 }}
    >
      {anchor.text}
    </div>
  );
}
