// One layer type in the palette: click (or Enter) appends it to the network; drag it (pointer, or
// Space + arrow keys) to put it somewhere else. Its description shows as a tooltip on hover and
// keyboard focus, and is announced as the button's description.
import { useDraggable } from '@dnd-kit/core';
import type { LayerDef } from '../../engine/layers/types';
import { paletteId } from '../builder/dnd';

export function PaletteItem({ def, onAdd }: { def: LayerDef; onAdd: (type: string) => void }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: paletteId(def.type),
  });
  const tipId = `palette-tip-${def.type}`;
  return (
    <li className="palette-item-wrap">
      <button
        ref={setNodeRef}
        type="button"
        className={`palette-item cat-${def.category}${isDragging ? ' is-dragging' : ''}`}
        {...attributes}
        {...listeners}
        aria-roledescription="draggable layer"
        aria-describedby={`${tipId} ${attributes['aria-describedby']}`}
        onClick={() => onAdd(def.type)}
      >
        <span className="palette-swatch" aria-hidden="true" />
        <span className="palette-label">{def.label}</span>
        <span className="palette-add" aria-hidden="true">
          +
        </span>
      </button>
      <span role="tooltip" id={tipId} className="tooltip">
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
