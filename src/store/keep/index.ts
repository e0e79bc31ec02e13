// The app's "keep" instances, wired to the app's stores: autosave (IndexedDB), the share-link
// result shown after opening a link, and the import / export / check actions the panels call.
// Each piece is created from plain functions elsewhere in this folder, which the tests build
// with their own stores.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { datasetStore } from '../dataset';
import { networkStore } from '../network';
import { runControl, trainingController } from '../run-control';
import { runsStore } from '../runs';
import { createAutosave, type AutosaveState } from './autosave';
import { defaultCheckpointRepository } from './checkpoint-repository';
import { exportFile, readSnapshot, type DownloadFile, type ExportFormat } from './export';
import { applyImport, planImport, readModelFiles, type PickedFile } from './import';
import { applyShareLink, shareLinkFor, type ShareResult } from './share';

export const autosave = createAutosave({
  repository: defaultCheckpointRepository(),
  controller: trainingController,
  network: networkStore,
  dataset: datasetStore,
  runControl,
  runs: runsStore,
});

export function useAutosaveState<T>(selector: (s: AutosaveState) => T): T {
  return useStore(autosave, selector);
}

const shareDeps = () => ({
  network: networkStore,
  dataset: datasetStore,
  training: trainingController().training,
});

/** What opening a share link did, until dismissed. */
export const shareResult = createStore<{ result: ShareResult | null }>()(() => ({ result: null }));

export function useShareResult(): ShareResult | null {
  return useStore(shareResult, (s) => s.result);
}

export function dismissShareResult(): void {
  shareResult.setState({ result: null });
}

/** The link for the setup on screen. */
export function currentShareLink(base: string): string {
  return shareLinkFor(shareDeps(), base);
}

/** Opens a share link into the stores and records what happened for the notice. */
export function openShareLink(link: string): ShareResult {
  const result = applyShareLink(link, shareDeps());
  shareResult.setState({ result });
  return result;
}

/** A download of the training session's weights right now (a snapshot, even mid-run). */
export async function downloadModel(format: ExportFormat): Promise<DownloadFile> {
  const ctl = trainingController();
  const bytes = await ctl.client.exportWeights();
  const snap = readSnapshot(bytes, ctl.training.getState().summary?.preprocess);
  return exportFile(format, snap);
}

/** Reads, checks and loads model files; resolves with the message, rejects with ImportError. */
export async function importModel(files: readonly PickedFile[]): Promise<string> {
  const model = readModelFiles(files);
  const plan = planImport(model, { dataset: datasetStore });
  const name = files.map((f) => f.name).join(' + ');
  return applyImport(plan, { network: networkStore, dataset: datasetStore, training: trainingController().training, runControl }, name); // prettier-ignore
}

/** Validation loss and accuracy of the session's weights now, as a sentence. */
export async function checkWeights(): Promise<string> {
  const e = await trainingController().client.evaluate();
  return `Validation loss ${e.loss.toFixed(4)}, accuracy ${(e.accuracy * 100).toFixed(1)}% on ${e.count.toLocaleString('en')} images (step ${e.step}).`; // prettier-ignore
}
