// The app shell: header; the layer palette, the network builder and the Data / Train / Watch
// panels side by side (stacked on narrow screens). The palette and the builder share one
// drag-and-drop context so layers can be dragged from one into the other.
import { getLayerDef } from './engine/layers/registry';
import { AnalysisProvider } from './ui/builder/analysis';
import { BuilderDnd } from './ui/builder/dnd';
import { NetworkBuilder } from './ui/builder/NetworkBuilder';
import { LayerPalette } from './ui/palette/LayerPalette';
import { PaletteDragChip } from './ui/palette/PaletteItem';
import { KeepNotices } from './ui/keep/KeepNotices';
import { Header } from './ui/shell/Header';
import { SidePanel } from './ui/shell/SidePanel';
import { StorageNotices } from './ui/shell/StorageNotices';
import { useHistoryKeys } from './ui/shell/use-history-keys';

function overlay(type: string) {
  const def = getLayerDef(type);
  return def ? <PaletteDragChip def={def} /> : null;
}

export function App() {
  useHistoryKeys();
  return (
    <AnalysisProvider>
      <div className="app">
        <Header />
        {/* One row of the page grid, whichever notices are showing. */}
        <div className="app-notices">
          <StorageNotices />
          <KeepNotices />
        </div>
        <main className="workspace">
          <BuilderDnd renderOverlay={overlay}>
            <LayerPalette />
            <NetworkBuilder />
          </BuilderDnd>
          <SidePanel />
        </main>
      </div>
    </AnalysisProvider>
  );
}
