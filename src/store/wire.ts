// Connects the stores where one follows another: the network's input shape follows the chosen
// dataset. Kept out of both stores so each can be created and tested alone.
import type { DatasetStore } from './dataset';
import { datasetTarget } from './dataset-settings';
import type { NetworkStore } from './network';

/** Keeps the network input equal to the dataset's shape; returns the unsubscribe function. */
export function followDatasetShape(dataset: DatasetStore, network: NetworkStore): () => void {
  const sync = () => {
    const target = datasetTarget(dataset.getState());
    if (target) network.getState().setInputShape(target.input);
  };
  sync();
  return dataset.subscribe((s, prev) => {
    if (s.source !== prev.source || s.shapes !== prev.shapes || s.custom !== prev.custom) sync();
  });
}
