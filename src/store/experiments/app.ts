// The app's experiments store, wired to the app's own builder, dataset, training controller and
// run control (the same ones the Train button uses), and the way in from an experiment link.
import { useStore } from 'zustand';
import { datasetStore } from '../dataset';
import { networkStore } from '../network';
import { browserStorage } from '../persist';
import { runControl, trainingController } from '../run-control';
import { uiStore } from '../ui';
import { experimentById, type ExperimentId } from './catalog';
import { createExperimentsStore, type ExperimentsState } from './runner';

export const experimentsStore = createExperimentsStore({
  network: networkStore,
  dataset: datasetStore,
  controller: trainingController,
  runControl,
  storage: browserStorage(),
});

export function useExperiments<T>(selector: (s: ExperimentsState) => T): T {
  return useStore(experimentsStore, selector);
}

/** The hash of an experiment link: "#experiment=<id>". */
export const EXPERIMENT_LINK_PREFIX = '#experiment=';

export function experimentLink(id: ExperimentId, base: string): string {
  return `${base.replace(/#.*$/, '')}${EXPERIMENT_LINK_PREFIX}${id}`;
}

/**
 * Opens an experiment link's hash: selects the experiment, shows the Experiments tab and puts
 * the experiment's first setup in the playground. Returns an error sentence for an unknown id.
 */
export function openExperimentLink(hash: string): string | null {
  const id = decodeURIComponent(hash.slice(EXPERIMENT_LINK_PREFIX.length));
  const def = experimentById(id);
  if (!def) {
    return `This link names an experiment (${JSON.stringify(id)}) that this version of convplay does not have. Your own setup is unchanged.`; // prettier-ignore
  }
  const s = experimentsStore.getState();
  s.select(def.id);
  if (!def.tool) s.open(def.id, 0);
  uiStore.getState().setSideTab('experiments');
  return null;
}
