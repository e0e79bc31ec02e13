// What the Train button means right now. The training worker trains one configured session (a
// network, a dataset, settings); the builder keeps changing all three. This slice remembers what
// the session was configured with, so that:
//   - Train on an unchanged, paused session resumes it;
//   - Train after any change to the network, the data or the settings configures a fresh
//     session first (a new run in the history) and starts it;
//   - Step trains a few steps, configuring first when needed.
// The commands go to the TrainingController (store/controller.ts), which feeds the training and
// runs stores; this slice only holds the configuration key, what is in flight, and errors.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { analyzeNetwork } from '../engine/analyze';
import type { NetworkSpec } from '../engine/spec';
import type { TrainingSettings } from '../engine/train/settings';
import type { DatasetChoice } from '../worker/protocol';
import { TrainingController } from './controller';
import { datasetStore, type DatasetStore } from './dataset';
import { datasetTarget } from './dataset-settings';
import { networkStore, type NetworkStore } from './network';
import { runsStore } from './runs';

export type RunCommand = 'configuring' | 'starting' | 'pausing' | 'stepping' | 'resetting';

export interface RunControlState {
  /** The configuration of the worker's session (see configKey); null when none. */
  readonly configuredKey: string | null;
  /** The command in flight, for disabling buttons and showing "Preparing…". */
  readonly busy: RunCommand | null;
  /** Why the last command failed, for the user; null when it did not. */
  readonly error: string | null;

  /** Starts training: resumes an unchanged paused session, else configures a new one. */
  train(): Promise<void>;
  pause(): Promise<void>;
  /** Trains `count` steps then pauses. */
  step(count?: number): Promise<void>;
  /** Back to step 0 with fresh weights. */
  reset(): Promise<void>;
  /**
   * Makes sure a session exists (configuring one for what the builder shows when none does),
   * without training: for tools that need a network with weights before any run, such as the
   * learning-rate finder. A configured session is kept even if the builder changed since, so
   * a tool inspects what was trained. Resolves true when a session is ready.
   */
  prepare(): Promise<boolean>;
  /** Changes the learning rate of the running session (and of the settings). */
  setLearningRate(lr: number): Promise<void>;
  /**
   * Sets up a session for what the builder shows now without training, then runs `load` on it
   * (imported weights, an autosaved checkpoint). Train afterwards continues that session.
   * Rejects with the reason when either part fails; no session then counts as configured.
   */
  configureWith(
    load?: (ctl: TrainingController) => Promise<void>,
    opts?: { name?: string },
  ): Promise<void>;
  dismissError(): void;
}

/** Everything that, when it changes, makes the configured session out of date. */
export function configKey(spec: NetworkSpec, dataKey: string, settings: TrainingSettings): string {
  return JSON.stringify({ spec, dataKey, settings });
}

export interface RunControlDeps {
  /** The controller, created on first use (creating it starts the worker). */
  controller: () => TrainingController;
  network: NetworkStore;
  dataset: DatasetStore;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function createRunControl(deps: RunControlDeps): StoreApi<RunControlState> {
  const store = createStore<RunControlState>()((set, get) => {
    const ctl = deps.controller;

    const currentKey = () =>
      configKey(
        deps.network.getState().spec,
        deps.dataset.getState().dataKey(),
        ctl().training.getState().settings,
      );

    /** What must hold before a session can be built, as a sentence; null when all is well. */
    const blocker = (): string | null => {
      const ds = deps.dataset.getState();
      const classes = datasetTarget(ds)?.classes;
      const analysis = analyzeNetwork(deps.network.getState().spec, { numClasses: classes });
      if (!analysis.ok) {
        const first = analysis.issues.find((i) => i.severity === 'error');
        return `The network needs fixing first: ${first?.message ?? 'it is not valid'}.`;
      }
      return null;
    };

    /** Configures a session for what the builder shows now; returns false if it could not. */
    const configure = async (runName?: string): Promise<boolean> => {
      const why = blocker();
      const choice: DatasetChoice | null = deps.dataset.getState().trainingChoice();
      if (why || !choice) {
        set({ error: why ?? 'Import your images first (Data tab), then train.' });
        return false;
      }
      const spec = deps.network.getState().spec;
      const key = currentKey();
      const name =
        runName ??
        `${spec.name ?? 'Network'} · ${deps.dataset.getState().loaded?.name ?? choice.kind}`;
      set({ busy: 'configuring' });
      await ctl().configure(spec, choice, { name });
      set({ configuredKey: key });
      return true;
    };

    /** Runs a command, recording a failure as `error` instead of throwing at a click handler. */
    const run = async (busy: RunCommand, fn: () => Promise<void>) => {
      if (get().busy) return;
      set({ busy, error: null });
      try {
        await fn();
      } catch (e) {
        set({ error: message(e) });
      } finally {
        set({ busy: null });
      }
    };

    const fresh = () => get().configuredKey !== null && get().configuredKey === currentKey();

    return {
      configuredKey: null,
      busy: null,
      error: null,

      train: () =>
        run('starting', async () => {
          const state = ctl().training.getState().status.state;
          if (state === 'running') return;
          if (state === 'paused' && fresh()) return ctl().resume();
          const untouched = state === 'idle' && fresh();
          if (!untouched && !(await configure())) return;
          set({ busy: 'starting' });
          await ctl().start();
        }),
      pause: () => run('pausing', () => ctl().pause()),
      step: (count = 1) =>
        run('stepping', async () => {
          const state = ctl().training.getState().status.state;
          if (state === 'running') return;
          const usable = fresh() && state !== 'finished' && state !== 'error';
          if (!usable && !(await configure())) return;
          set({ busy: 'stepping' });
          await ctl().step(count);
        }),
      reset: () => run('resetting', () => ctl().reset()),
      async prepare() {
        if (get().configuredKey !== null) return true;
        let ok = false;
        await run('configuring', async () => {
          ok = await configure();
        });
        return ok;
      },
      async setLearningRate(lr) {
        const c = ctl();
        const settings = c.training.getState().settings;
        try {
          c.training.getState().setSettings({ optimizer: { ...settings.optimizer, lr } });
          // The running session changes rate in place; keep it counted as configured.
          if (get().configuredKey !== null) {
            const s = c.training.getState().status.state;
            if (s === 'running' || s === 'paused') {
              await c.setLearningRate(lr);
              set({ configuredKey: currentKey() });
            }
          }
        } catch (e) {
          set({ error: message(e) });
        }
      },
      async configureWith(load, opts = {}) {
        if (get().busy) throw new Error('Another training command is still running: try again in a moment.'); // prettier-ignore
        set({ busy: 'configuring', error: null });
        try {
          if (!(await configure(opts.name))) {
            // The caller shows the reason; it need not show twice.
            const why = get().error ?? 'Training could not be set up.';
            set({ error: null });
            throw new Error(why);
          }
          await load?.(ctl());
        } catch (e) {
          set({ configuredKey: null });
          throw e;
        } finally {
          set({ busy: null });
        }
      },
      dismissError: () => set({ error: null }),
    };
  });
  return store;
}

let sharedController: TrainingController | null = null;

/** The app's training controller; the first call starts the worker. */
export function trainingController(): TrainingController {
  sharedController ??= new TrainingController();
  return sharedController;
}

/** Starts the worker and its backend, and reads the run history (at app start). */
export async function startTraining(): Promise<void> {
  const ctl = trainingController();
  await Promise.all([
    // Checkpoint weights come to the page, where autosave keeps them (store/keep/autosave.ts).
    ctl
      .init('webgpu', { sendCheckpoints: true })
      .catch((e) => ctl.training.getState().setError(message(e))),
    runsStore().getState().load(),
  ]);
}

export const runControl = createRunControl({
  controller: trainingController,
  network: networkStore,
  dataset: datasetStore,
});

export function useRunControl<T>(selector: (s: RunControlState) => T): T {
  return useStore(runControl, selector);
}

/** True when the builder no longer matches the configured session (Train starts afresh). */
export function useConfigIsStale(): boolean {
  const key = useRunControl((s) => s.configuredKey);
  const spec = useStore(networkStore, (s) => s.spec);
  const dataKey = useStore(datasetStore, (s) => s.dataKey());
  const settings = useStore(trainingController().training, (s) => s.settings);
  return key !== null && key !== configKey(spec, dataKey, settings);
}
