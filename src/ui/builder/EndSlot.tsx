// The drop target after the last layer ("append here"), which is also the empty-network prompt.
import { useDroppable } from '@dnd-kit/core';
import { END_SLOT, useDropMarker } from './dnd';

export function EndSlot({ empty }: { empty: boolean }) {
  const { setNodeRef, isOver } = useDroppable({ id: END_SLOT });
  const marker = useDropMarker();
  const active = isOver || marker?.targetId === END_SLOT;
  return (
    <li
      ref={setNodeRef}
      className={`end-slot${active ? ' is-over' : ''}${empty ? ' is-empty' : ''}`}
    >
      {empty
        ? 'The network is empty: drag a layer here, click one in the palette, or start from a template.'
        : 'Drop a layer here to append it'}
    </li>
  );
}
