// Autosave and resume. The training worker takes a checkpoint (a host copy of the weights) every
// 15 s of running, at every pause and at the end, and, because the controller inits it with
// sendCheckpoints, posts the weights along. Each one is written here to IndexedDB with what the
// session was built from and the run's charts. Nothing of this touches the training loop: the
// copy is made between chunks in the worker and written asynchronously on the page; a write
// still in progress when the next checkpoint arrives makes that one wait, and only the newest
// waiting one is written.
//
// On the next start (a reload, a crashed tab, a browser restart) a stored checkpoint whose
// network is the one the builder shows is offered: "Resume from step N" sets the training
// settings and dataset it was trained with, builds a session, loads the weights at that step
// (step count, learning-rate schedule, batch order and validation points continue; optimizer
// moments start afresh) and carries on training. A lost GPU device needs none of this: the
// worker itself moves to the CPU from its last checkpoint.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { weightsFile } from '../../engine/io/bundle';
import { PREPROCESS_METADATA_KEY } from '../../engine/io/weights';
import { specHash } from '../../engine/spec-hash';
import { unpackTensors } from '../../engine/train/checkpoint';
import type { TrainingController } from '../controller';
import type { DatasetStore } from '../dataset';
import type { NetworkStore } from '../network';
import type { RunControlState } from '../run-control';
import type { RunsState } from '../runs';
import type { EventOf } from '../../worker/protocol';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  NewerCheckpointError,
  parseCheckpointRecord,
  type CheckpointRecord,
} from './checkpoint-record';
import { storageErrorMessage, type CheckpointRepository } from './checkpoint-repository';
import { snapshotAt } from './run-snapshot';

export interface ResumeOffer {
  readonly step: number;
  readonly totalSteps: number;
  readonly savedAt: number;
  /** The checkpoint is the end of its run: resuming restores the trained weights. */
  readonly finished: boolean;
  readonly datasetLabel: string;
}

export interface AutosaveState {
  /** A stored checkpoint of the network the builder shows, offered for resuming. */
  readonly offer: ResumeOffer | null;
  /** The newest checkpoint written since the page opened. */
  readonly lastSaved: { readonly step: number; readonly savedAt: number } | null;
  /** A failed write (storage full...) or resume, for a visible banner. */
  readonly error: string | null;
  /** Something the user should know that is not a failure (a corrupt checkpoint removed). */
  readonly notice: string | null;
  /** A resume is in progress. */
  readonly resuming: boolean;

  /** Reads the stored checkpoint and starts saving new ones (once, at app start). */
  start(): Promise<void>;
  resume(): Promise<void>;
  /** Deletes the stored checkpoint and the offer. */
  discard(): Promise<void>;
  dismissError(): void;
  dismissNotice(): void;
}

export interface AutosaveDeps {
  readonly repository: CheckpointRepository;
  readonly controller: () => TrainingController;
  readonly network: NetworkStore;
  readonly dataset: DatasetStore;
  readonly runControl: StoreApi<RunControlState>;
  readonly runs: () => StoreApi<RunsState>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function datasetLabel(r: CheckpointRecord): string {
  if (r.dataset.kind === 'mnist') return 'MNIST';
  if (r.dataset.kind === 'shapes') return 'synthetic shapes';
  return `your images (“${r.dataset.name}”)`;
}

function offerOf(r: CheckpointRecord): ResumeOffer {
  return {
    step: r.step,
    totalSteps: r.totalSteps,
    savedAt: r.savedAt,
    finished: r.step >= r.totalSteps,
    datasetLabel: datasetLabel(r),
  };
}

/** The run name for the resumed run: the old one, marked (once) as resumed. */
function resumedName(r: CheckpointRecord): string {
  const base = (r.name ?? r.spec.name ?? 'Run').replace(/ \(resumed at step \d+\)$/, '');
  return `${base} (resumed at step ${r.step})`;
}

export function createAutosave(deps: AutosaveDeps): StoreApi<AutosaveState> {
  /** The checkpoint read at start-up (what resume restores). */
  let stored: CheckpointRecord | null = null;
  let started = false;
  let pending: CheckpointRecord | null = null;
  let writing: Promise<void> | null = null;

  const store = createStore<AutosaveState>()((set, get) => {
    const drain = async () => {
      while (pending) {
        const record = pending;
        pending = null;
        try {
          await deps.repository.save(record);
          set({ lastSaved: { step: record.step, savedAt: record.savedAt } });
          // The stored checkpoint the offer was about has just been replaced by this run's.
          if (get().offer && !get().resuming) {
            stored = null;
            set({ offer: null });
          }
          // A write that works again clears a storage-full message.
          if (get().error?.startsWith('Autosave failed')) set({ error: null });
        } catch (e) {
          set({ error: storageErrorMessage(e, `the checkpoint at step ${record.step}`) });
        }
      }
      writing = null;
    };

    const onCheckpoint = async (e: EventOf<'checkpoint'>) => {
      if (!e.weights) return;
      const ctl = deps.controller();
      const cfg = ctl.current;
      if (!cfg) return;
      const { step, epoch, savedAt } = e.checkpoint;
      const run = await snapshotAt(ctl.training, step, epoch);
      // A newer session (configured meanwhile) has made this checkpoint moot.
      if (ctl.current !== cfg) return;
      pending = {
        format: CHECKPOINT_FORMAT,
        version: CHECKPOINT_VERSION,
        savedAt,
        step,
        epoch,
        totalSteps: cfg.summary.totalSteps,
        spec: cfg.spec,
        settings: cfg.settings,
        dataset: cfg.dataset,
        preprocess: cfg.summary.preprocess,
        ...(cfg.name ? { name: cfg.name } : {}),
        weights: e.weights,
        run,
      };
      writing ??= drain();
      // The run history is written with its checkpoint, so both come back alike.
      void deps.runs().getState().flush();
    };

    /** Sets the settings and dataset the checkpoint was trained with; throws why it cannot. */
    const applySetup = (r: CheckpointRecord) => {
      if (specHash(deps.network.getState().spec) !== specHash(r.spec)) {
        throw new Error('the network in the builder has changed since the checkpoint was saved');
      }
      const ds = deps.dataset.getState();
      const d = r.dataset;
      if (d.kind === 'custom') {
        const data = ds.source === 'custom' ? ds.getData() : null;
        const { channels, height, width } = r.spec.input;
        const fits = data && data.dataset.channels === channels && data.dataset.height === height && data.dataset.width === width; // prettier-ignore
        if (!fits) {
          throw new Error(
            `it was trained on your own images (“${d.name}”), which are not stored with it: ` +
              'import them again in the Data tab, then resume',
          );
        }
      } else if (d.kind === 'shapes') {
        const s = ds.shapes;
        ds.setShapes({
          count: d.count,
          size: d.size ?? s.size,
          channels: d.channels ?? s.channels,
          classes: d.classes ?? s.classes,
          seed: d.seed ?? s.seed,
        });
        deps.dataset.getState().choose('shapes');
      } else {
        ds.choose('mnist');
      }
      deps.controller().training.getState().setSettings(r.settings);
    };

    return {
      offer: null,
      lastSaved: null,
      error: null,
      notice: null,
      resuming: false,

      async start() {
        if (started) return;
        started = true;
        const ctl = deps.controller();
        ctl.client.on('checkpoint', (e) => void onCheckpoint(e));
        // Training something else means the offer was declined (the next checkpoint replaces it).
        ctl.training.subscribe((s, prev) => {
          if (s.status.state === 'running' && prev.status.state !== 'running' && !get().resuming) {
            set({ offer: null });
          }
        });
        let raw: unknown;
        try {
          raw = await deps.repository.load();
        } catch (e) {
          set({ notice: `Autosave could not read this browser's storage (${message(e)}).` });
          return;
        }
        if (raw === undefined) return;
        let record: CheckpointRecord;
        try {
          record = parseCheckpointRecord(raw);
        } catch (e) {
          // A newer build's checkpoint is that build's business: leave it alone.
          if (e instanceof NewerCheckpointError) return;
          await deps.repository.clear().catch(() => {});
          set({
            notice: `The autosaved checkpoint could not be read (${message(e)}), so it was removed. Your network and settings are as you left them.`, // prettier-ignore
          });
          return;
        }
        stored = record;
        // Only a checkpoint of the network on screen is offered; the user may have moved on.
        if (specHash(record.spec) === specHash(deps.network.getState().spec)) {
          set({ offer: offerOf(record) });
        }
      },

      async resume() {
        const r = stored;
        if (!r || get().resuming) return;
        set({ resuming: true, error: null });
        try {
          applySetup(r);
          const bytes = weightsFile(r.spec, unpackTensors(r.weights), {
            [PREPROCESS_METADATA_KEY]: JSON.stringify(r.preprocess),
          });
          await deps.runControl.getState().configureWith(
            async (ctl) => {
              // Charts first: the checkpoint the import announces is saved with them.
              ctl.training.getState().restoreRun(r.run);
              await ctl.client.importWeights(bytes, { step: r.step });
            },
            { name: resumedName(r) },
          );
          set({ offer: null });
          // A run in progress carries on at once; finished weights, or weights loaded before
          // any training (an import), are put back and left for the user to use.
          if (r.step > 0 && r.step < r.totalSteps) await deps.runControl.getState().train();
        } catch (e) {
          set({ error: `Could not resume from step ${r.step}: ${message(e)}.` });
        } finally {
          set({ resuming: false });
        }
      },

      async discard() {
        stored = null;
        set({ offer: null });
        try {
          await deps.repository.clear();
        } catch (e) {
          set({ error: `Could not delete the autosaved checkpoint (${message(e)}).` });
        }
      },

      dismissError: () => set({ error: null }),
      dismissNotice: () => set({ notice: null }),
    };
  });
  return store;
}

export function useAutosave<T>(
  store: StoreApi<AutosaveState>,
  selector: (s: AutosaveState) => T,
): T {
  return useStore(store, selector);
}
