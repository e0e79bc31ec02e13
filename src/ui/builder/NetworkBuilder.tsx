// The centre of the app: the network as an ordered list of layer cards between the input and an
// append slot, with templates, undo/redo and the totals above it.
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useMemo } from 'react';
import { INPUT_ID } from '../../engine/spec';
import { useNetwork } from '../../store/network';
import { useAnalysis } from './analysis';
import { BuilderToolbar } from './BuilderToolbar';
import { NETWORK_ZONE } from './dnd';
import { EndSlot } from './EndSlot';
import { InputCard } from './InputCard';
import { IssueMessage } from './IssueMessage';
import { LayerCard } from './LayerCard';
import { TotalsBar } from './TotalsBar';

export function NetworkBuilder() {
  const spec = useNetwork((s) => s.spec);
  const selectedId = useNetwork((s) => s.selectedId);
  const analysis = useAnalysis();
  const { setNodeRef } = useDroppable({ id: NETWORK_ZONE });
  const ids = useMemo(() => spec.layers.map((l) => l.id), [spec.layers]);

  const issuesById = useMemo(() => {
    const m = new Map<string, typeof analysis.issues>();
    for (const issue of analysis.issues)
      m.set(issue.layerId, [...(m.get(issue.layerId) ?? []), issue]);
    return m;
  }, [analysis]);

  return (
    <section className="builder" aria-label="Network builder">
      <BuilderToolbar />
      <TotalsBar />
      <div className="network" ref={setNodeRef}>
        <InputCard />
        {(issuesById.get(INPUT_ID) ?? []).map((issue, i) => (
          <IssueMessage key={i} issue={issue} />
        ))}
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <ol className="layer-list" aria-label="Network layers">
            {spec.layers.map((layer, index) => {
              const consumers = analysis.consumers.get(layer.id) ?? [];
              const next = spec.layers[index + 1]?.id;
              return (
                <LayerCard
                  key={layer.id}
                  layer={layer}
                  index={index}
                  analysis={analysis.byId.get(layer.id)}
                  issues={issuesById.get(layer.id) ?? []}
                  earlier={ids.slice(0, index)}
                  skipConsumers={consumers.map((c) => c.layerId).filter((id) => id !== next)}
                  selected={selectedId === layer.id}
                />
              );
            })}
            <EndSlot empty={spec.layers.length === 0} />
          </ol>
        </SortableContext>
      </div>
    </section>
  );
}
