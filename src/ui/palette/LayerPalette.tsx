// Every registered layer type, grouped by category, in registry order. Reads LAYER_DEFS only, so
// a new layer type appears here without any change to this file.
import { LAYER_DEFS } from '../../engine/layers/registry';
import type { LayerDef } from '../../engine/layers/types';
import { networkStore } from '../../store/network';
import { useUi } from '../../store/ui';
import { useState } from 'react';
import { categoryLabel, categoryRank } from '../categories';
import { PaletteItem, PaletteTooltip, type TooltipAnchor } from './PaletteItem';

function groups(defs: readonly LayerDef[]): [string, LayerDef[]][] {
  const byCategory = new Map<string, LayerDef[]>();
  for (const d of defs) {
    const list = byCategory.get(d.category) ?? [];
    list.push(d);
    byCategory.set(d.category, list);
  }
  return [...byCategory].sort((a, b) => categoryRank(a[0]) - categoryRank(b[0]));
}

function matches(d: LayerDef, q: string): boolean {
  const s = q.trim().toLowerCase();
  return (
    s === '' ||
    d.label.toLowerCase().includes(s) ||
    d.type.includes(s) ||
    d.category.includes(s) ||
    d.description.toLowerCase().includes(s)
  );
}

/** Appends a layer and brings its card into view. */
export function appendLayer(type: string): void {
  const id = networkStore.getState().addLayer(type);
  requestAnimationFrame(() =>
    document
      .getElementById(`layer-${id}`)
      ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }),
  );
}

export function LayerPalette() {
  const query = useUi((s) => s.paletteQuery);
  const setQuery = useUi((s) => s.setPaletteQuery);
  const shown = groups(LAYER_DEFS.filter((d) => matches(d, query)));
  const [tooltip, setTooltip] = useState<TooltipAnchor | null>(null);
  return (
    <nav className="palette" aria-label="Layer palette" onScroll={() => setTooltip(null)}>
      <div className="panel-heading">
        <h2>Layers</h2>
        <p className="hint">Click to append, or drag into the network.</p>
      </div>
      <input
        type="search"
        className="palette-search"
        placeholder="Filter · Enter adds"
        aria-label="Filter layers"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          // Enter adds the first match: type "con", Enter, and Conv2D is in.
          const first = shown[0]?.[1][0];
          if (e.key === 'Enter' && first && query.trim() !== '') appendLayer(first.type);
        }}
      />
      {shown.length === 0 && <p className="hint">No layer matches “{query}”.</p>}
      {shown.map(([category, defs]) => (
        <section key={category} className="palette-group" aria-labelledby={`cat-${category}`}>
          <h3 id={`cat-${category}`} className={`palette-group-title cat-${category}`}>
            {categoryLabel(category)}
          </h3>
          <ul className="palette-list">
            {defs.map((d) => (
              <PaletteItem key={d.type} def={d} onAdd={appendLayer} onTooltip={setTooltip} />
            ))}
          </ul>
        </section>
      ))}
      <PaletteTooltip anchor={tooltip} />
    </nav>
  );
}
