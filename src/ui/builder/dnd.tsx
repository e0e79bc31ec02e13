// Drag and drop for the builder, with dnd-kit: palette items are draggables that insert a new
// layer where they are dropped; layer cards are sortable by their handle. Pointer and keyboard
// both work: Space picks an item up, arrow keys move it, Space drops, Escape cancels.
//
// One DndContext wraps the palette and the network (they must share it). Drops from the palette
// only count inside the network area, so letting go over the palette does nothing.
import {
  DndContext,
  DragOverlay,
  KeyboardCode,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type ClientRect,
  type CollisionDetection,
  type DragEndEvent,
  type DragMoveEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { getLayerDef } from '../../engine/layers/registry';
import { networkStore } from '../../store/network';

export const PALETTE_PREFIX = 'palette:';
/** The whole network list: palette drops outside it are ignored. */
export const NETWORK_ZONE = 'zone:network';
/** The slot after the last layer. */
export const END_SLOT = 'slot:end';

export function paletteId(type: string): string {
  return `${PALETTE_PREFIX}${type}`;
}

function paletteType(id: UniqueIdentifier | undefined | null): string | null {
  const s = String(id ?? '');
  return s.startsWith(PALETTE_PREFIX) ? s.slice(PALETTE_PREFIX.length) : null;
}

export interface DropMarker {
  /** The layer the new one would go before/after, or END_SLOT. */
  readonly targetId: string;
  readonly after: boolean;
}

const DropMarkerContext = createContext<DropMarker | null>(null);

/** Where a palette item being dragged would land (for the insertion line), or null. */
export function useDropMarker(): DropMarker | null {
  return useContext(DropMarkerContext);
}

function center(r: ClientRect): { x: number; y: number } {
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
}

function inside(p: { x: number; y: number }, r: ClientRect): boolean {
  return p.x >= r.left && p.x <= r.right && p.y >= r.top && p.y <= r.bottom;
}

/**
 * Cards and the end slot compete by closest centre; the network zone itself is never a target.
 * A palette item only has a target while the pointer (or, with the keyboard, the item) is over
 * the network zone.
 */
const collisionDetection: CollisionDetection = (args) => {
  const targets = args.droppableContainers.filter((c) => c.id !== NETWORK_ZONE);
  if (paletteType(args.active.id) !== null) {
    const zone = args.droppableRects.get(NETWORK_ZONE);
    const point = args.pointerCoordinates ?? center(args.collisionRect);
    if (!zone || !inside(point, zone)) return [];
  }
  return closestCenter({ ...args, droppableContainers: targets });
};

const DIRECTIONS: readonly string[] = [
  KeyboardCode.Down,
  KeyboardCode.Up,
  KeyboardCode.Left,
  KeyboardCode.Right,
];

/**
 * Keyboard moves for palette items (sortable cards use dnd-kit's own): Down/Right steps to the
 * next slot in the network, Up/Left to the previous; from the palette, Down starts at the top
 * and Up at the end. The item is centred on the slot so the collision test picks exactly it.
 */
const keyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  const { active, collisionRect, droppableRects, droppableContainers, over } = args.context;
  if (paletteType(active?.id) === null) return sortableKeyboardCoordinates(event, args);
  if (!DIRECTIONS.includes(event.code) || !collisionRect) return undefined;
  event.preventDefault();
  const slots = droppableContainers
    .getEnabled()
    .filter((c) => c.id !== NETWORK_ZONE)
    .flatMap((c) => {
      const rect = droppableRects.get(c.id);
      return rect ? [{ id: c.id, rect }] : [];
    })
    .sort((a, b) => a.rect.top - b.rect.top);
  if (slots.length === 0) return undefined;
  const forward = event.code === KeyboardCode.Down || event.code === KeyboardCode.Right;
  const at = slots.findIndex((s) => s.id === over?.id);
  const next =
    at < 0
      ? forward
        ? 0
        : slots.length - 1
      : Math.max(0, Math.min(slots.length - 1, at + (forward ? 1 : -1)));
  const c = center(slots[next].rect);
  return { x: c.x - collisionRect.width / 2, y: c.y - collisionRect.height / 2 };
};

/** Where a palette item over `overId` inserts; null when it is not over the network. */
function insertIndex(overId: UniqueIdentifier | null | undefined, after: boolean): number | null {
  if (overId == null) return null;
  const { layers } = networkStore.getState().spec;
  if (overId === END_SLOT) return layers.length;
  const i = layers.findIndex((l) => l.id === overId);
  return i < 0 ? null : i + (after ? 1 : 0);
}

/** True when the dragged item's centre is below the centre of what it is over. */
function isBelow(e: DragMoveEvent | DragEndEvent): boolean {
  const dragged = e.active.rect.current.translated;
  const over = e.over?.rect;
  if (!dragged || !over) return false;
  return center(dragged).y > center(over).y;
}

function labelOf(id: UniqueIdentifier): string {
  const type = paletteType(id);
  if (type !== null) return `${getLayerDef(type)?.label ?? type} from the palette`;
  return `layer ${String(id)}`;
}

/** Names the target, not its index: the drop announcement comes after the network changed. */
function positionOf(id: UniqueIdentifier | undefined): string {
  if (id === undefined) return 'outside the network';
  if (id === END_SLOT) return 'at the end of the network';
  return `over layer ${String(id)}`;
}

const announcements: Announcements = {
  onDragStart: ({ active }) =>
    `Picked up ${labelOf(active.id)}. Use the arrow keys to choose where it goes, Space to drop, Escape to cancel.`,
  onDragOver: ({ active, over }) => `${labelOf(active.id)} is ${positionOf(over?.id)}.`,
  onDragEnd: ({ active, over }) =>
    over
      ? `Dropped ${labelOf(active.id)} ${positionOf(over.id)}.`
      : `${labelOf(active.id)} was not placed.`,
  onDragCancel: ({ active }) => `Cancelled dragging ${labelOf(active.id)}.`,
};

const screenReaderInstructions = {
  draggable:
    'To move this item, press Space to pick it up, the arrow keys to move it, Space again to drop it, and Escape to cancel.',
};

export function BuilderDnd({
  children,
  renderOverlay,
}: {
  children: ReactNode;
  /** What follows the pointer while a palette item is dragged. */
  renderOverlay: (type: string) => ReactNode;
}) {
  const [dragType, setDragType] = useState<string | null>(null);
  const [marker, setMarker] = useState<DropMarker | null>(null);
  const sensors = useSensors(
    // A few pixels of travel before a drag starts, so a click on a palette item still appends.
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    // Space picks up and drops; Enter stays free to click (a palette item's click appends).
    useSensor(KeyboardSensor, {
      coordinateGetter: keyboardCoordinates,
      keyboardCodes: {
        start: [KeyboardCode.Space],
        cancel: [KeyboardCode.Esc],
        end: [KeyboardCode.Space, KeyboardCode.Enter],
      },
    }),
  );

  const onDragStart = (e: DragStartEvent) => {
    setDragType(paletteType(e.active.id));
    setMarker(null);
  };
  const onDragMove = (e: DragMoveEvent) => {
    if (paletteType(e.active.id) === null || !e.over) {
      setMarker(null);
      return;
    }
    const targetId = String(e.over.id);
    const after = targetId !== END_SLOT && isBelow(e);
    setMarker((m) => (m?.targetId === targetId && m.after === after ? m : { targetId, after }));
  };
  const onDragEnd = (e: DragEndEvent) => {
    setDragType(null);
    setMarker(null);
    const state = networkStore.getState();
    const type = paletteType(e.active.id);
    if (type !== null) {
      const at = insertIndex(e.over?.id, e.over?.id !== END_SLOT && isBelow(e));
      if (at !== null) state.addLayer(type, at);
      return;
    }
    if (!e.over || e.over.id === e.active.id) return;
    const { layers } = state.spec;
    const from = layers.findIndex((l) => l.id === e.active.id);
    const to =
      e.over.id === END_SLOT ? layers.length - 1 : layers.findIndex((l) => l.id === e.over!.id);
    if (from >= 0 && to >= 0) state.moveLayer(from, to);
  };
  const onDragCancel = () => {
    setDragType(null);
    setMarker(null);
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisionDetection}
      onDragStart={onDragStart}
      onDragMove={onDragMove}
      onDragOver={onDragMove}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
      accessibility={{ announcements, screenReaderInstructions }}
    >
      <DropMarkerContext.Provider value={marker}>{children}</DropMarkerContext.Provider>
      <DragOverlay dropAnimation={null}>{dragType ? renderOverlay(dragType) : null}</DragOverlay>
    </DndContext>
  );
}
