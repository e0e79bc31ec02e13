// The worker side of the protocol, apart from the worker global itself: it validates each
// message, owns the backend and the TrainingSession, and posts replies and stream events. Kept
// free of `self` so that Node tests (and an in-process fallback) can drive it directly.
//
// Ordering: init and configure are chained (a start sent right after configure waits for the
// data to load); every other command waits for that chain and then goes straight to the
// session, which serialises model work itself. So a pause is never stuck behind a long
// inspection, only behind the chunk of steps in flight.
import type { Backend } from '../engine/backend/backend';
import { packTensors } from '../engine/train/checkpoint';
import { TrainingSession, type SessionOptions } from '../engine/train/session';
import type { SessionEvent } from '../engine/train/session-events';
import { deviceLost, type BackendChoice } from './backend-choice';
import { DatasetResolver, type MnistLoader } from './datasets';
import {
  eventTransferables,
  parseCommand,
  ProtocolError,
  PROTOCOL_VERSION,
  type BackendPreference,
  type Command,
  type InspectionRequest,
  type InspectionResult,
  type WorkerEvent,
} from './protocol';

/** An event as the host writes it; the version is stamped on the way out. */
type Outgoing = WorkerEvent extends infer E ? (E extends WorkerEvent ? Omit<E, 'v'> : never) : never; // prettier-ignore

export type PostEvent = (event: WorkerEvent, transfer: ArrayBuffer[]) => void;

export interface HostDeps {
  chooseBackend(prefer: BackendPreference): Promise<BackendChoice>;
  /** A fresh CPU backend, for when a GPU device is lost. */
  cpuBackend(): Backend;
  loadMnist: MnistLoader;
  /** Session tuning (metrics rate, chunk length...); tests shorten intervals. */
  sessionOptions?: Partial<Pick<SessionOptions, 'metricsEvery' | 'metricsIntervalMs' | 'chunkMs' | 'checkpointIntervalMs' | 'evalBatchSize'>>; // prettier-ignore
  /** Called after a dispose command has been answered (the worker closes itself). */
  onDisposed?: () => void;
}

export class TrainingHost {
  private setup: Promise<unknown> = Promise.resolve();
  private prefer: BackendPreference = 'webgpu';
  private backend: Backend | null = null;
  private notice: string | null = null;
  private session: TrainingSession | null = null;
  private sendCheckpoints = false;
  private readonly datasets: DatasetResolver;
  private disposed = false;

  constructor(
    private readonly post: PostEvent,
    private readonly deps: HostDeps,
  ) {
    this.datasets = new DatasetResolver(deps.loadMnist);
  }

  /** Handles one incoming message. Never throws: every failure becomes an error event. */
  async handle(data: unknown): Promise<void> {
    let cmd: Command;
    try {
      cmd = parseCommand(data);
    } catch (e) {
      const p = e instanceof ProtocolError ? e : new ProtocolError(String(e));
      this.send({ type: 'error', message: `bad message: ${p.message}`, ...(p.replyTo !== undefined ? { replyTo: p.replyTo } : {}), ...(p.command ? { command: p.command } : {}) }); // prettier-ignore
      return;
    }
    try {
      await this.run(cmd);
    } catch (e) {
      this.send({ type: 'error', replyTo: cmd.id, command: cmd.type, message: errorMessage(e) });
    }
  }

  private send(event: Outgoing): void {
    const full = { v: PROTOCOL_VERSION, ...event } as WorkerEvent;
    try {
      this.post(full, eventTransferables(full));
    } catch (e) {
      // A payload that cannot be cloned is a bug here, but the page must still hear of it.
      const replyTo = 'replyTo' in full ? full.replyTo : undefined;
      this.post({ v: PROTOCOL_VERSION, type: 'error', message: `could not send ${full.type}: ${errorMessage(e)}`, ...(replyTo !== undefined ? { replyTo } : {}) }, []); // prettier-ignore
    }
  }

  private requireSession(): TrainingSession {
    if (!this.session) throw new Error('no network is configured yet: send configure first');
    return this.session;
  }

  private async run(cmd: Command): Promise<void> {
    if (this.disposed) throw new Error('the training worker has been disposed');
    if (cmd.type === 'init') {
      const task = this.setup.then(() => this.init(cmd.prefer, cmd.sendCheckpoints ?? false));
      this.setup = task.catch(() => {});
      const backend = await task;
      this.send({ type: 'ready', replyTo: cmd.id, backend });
      return;
    }
    if (cmd.type === 'configure') {
      const task = this.setup.then(() => this.configure(cmd));
      this.setup = task.catch(() => {});
      const summary = await task;
      this.send({ type: 'configured', replyTo: cmd.id, summary });
      return;
    }
    await this.setup;
    const done = () => this.send({ type: 'done', replyTo: cmd.id });
    switch (cmd.type) {
      case 'start':
      case 'resume':
        this.requireSession().start();
        return done();
      case 'pause':
        await this.requireSession().pause();
        return done();
      case 'step':
        await this.requireSession().step(cmd.count);
        return done();
      case 'reset':
        await this.requireSession().reset();
        return done();
      case 'setLearningRate':
        this.requireSession().setLearningRate(cmd.lr);
        return done();
      case 'inspect': {
        const result = await this.inspect(this.requireSession(), cmd.request);
        this.send({ type: 'inspection', replyTo: cmd.id, result });
        return;
      }
      case 'lrRangeTest': {
        const result = await this.requireSession().lrRangeTest(cmd.options);
        this.send({ type: 'lrRange', replyTo: cmd.id, result });
        return;
      }
      case 'exportWeights': {
        const bytes = await this.requireSession().exportWeights();
        this.send({ type: 'weights', replyTo: cmd.id, bytes });
        return;
      }
      case 'importWeights':
        await this.requireSession().importWeights(cmd.bytes);
        return done();
      case 'dispose':
        await this.dispose();
        done();
        this.deps.onDisposed?.();
        return;
    }
  }

  private async init(prefer: BackendPreference, sendCheckpoints: boolean) {
    this.prefer = prefer;
    this.sendCheckpoints = sendCheckpoints;
    await this.dropSession();
    this.backend?.dispose();
    this.backend = null;
    await this.openBackend();
    return this.backendInfo();
  }

  private backendInfo() {
    const b = this.session?.backend ?? this.backend!;
    return { name: b.name, description: b.description, notice: this.notice };
  }

  private async openBackend(): Promise<Backend> {
    const choice = await this.deps.chooseBackend(this.prefer);
    this.backend = choice.backend;
    this.notice = choice.notice;
    const lost = deviceLost(choice.backend);
    if (lost) void lost.then((info) => this.onDeviceLost(choice.backend, info));
    return choice.backend;
  }

  private async onDeviceLost(lost: Backend, info: unknown): Promise<void> {
    if (this.disposed || this.backend !== lost) return;
    const reason = (info as { message?: string } | null)?.message || 'the device was lost';
    const cpu = this.deps.cpuBackend();
    this.backend = cpu;
    this.notice = `The GPU stopped working (${reason}); training continues on the CPU.`;
    if (this.session && this.session.backend === lost) {
      // The session announces the change itself (backendChanged).
      await this.session.switchBackend(cpu, this.notice, lost);
    } else {
      this.send({ type: 'backendChanged', backend: this.backendInfo() });
    }
  }

  private async dropSession(): Promise<void> {
    const old = this.session;
    this.session = null;
    if (!old) return;
    await old.pause();
    old.dispose();
  }

  private async configure(cmd: Extract<Command, { type: 'configure' }>) {
    if (!this.backend) throw new Error('the worker is not initialised: send init first');
    const hadSession = this.session !== null;
    await this.dropSession();
    if (hadSession) {
      // Tensors are only freed with their backend: a fresh one per configured network keeps a
      // long playground session from accumulating GPU memory.
      this.backend.dispose();
      await this.openBackend();
    }
    const data = await this.datasets.resolve(cmd.dataset, cmd.settings, (received, total) =>
      this.send({ type: 'progress', replyTo: cmd.id, received, total }),
    );
    const session = await TrainingSession.create({
      spec: cmd.spec,
      data,
      settings: cmd.settings,
      backend: this.backend!,
      ...this.deps.sessionOptions,
      fallbackBackend: () => {
        const cpu = this.deps.cpuBackend();
        this.backend = cpu;
        return cpu;
      },
    });
    session.on((e) => this.forward(session, e));
    this.session = session;
    return session.summary;
  }

  private forward(session: TrainingSession, e: SessionEvent): void {
    if (this.session !== session) return;
    switch (e.type) {
      case 'status':
        return this.send({ type: 'status', status: e.status });
      case 'metrics':
        return this.send({ type: 'metrics', metrics: e.metrics });
      case 'evaluation':
        return this.send({ type: 'evaluation', evaluation: e.evaluation });
      case 'nanPaused':
        return this.send({ type: 'nanPaused', nan: e.nan });
      case 'backendChanged':
        this.notice = e.backend.notice;
        return this.send({ type: 'backendChanged', backend: e.backend });
      case 'checkpoint': {
        const cp = session.checkpoint;
        const weights = this.sendCheckpoints && cp ? packTensors(cp.tensors) : undefined;
        return this.send({ type: 'checkpoint', checkpoint: e.checkpoint, ...(weights ? { weights } : {}) }); // prettier-ignore
      }
    }
  }

  private async inspect(s: TrainingSession, r: InspectionRequest): Promise<InspectionResult> {
    switch (r.kind) {
      case 'filters':
        return { kind: r.kind, filters: await s.filters(r) };
      case 'activations':
        return { kind: r.kind, activations: await s.activations(r.position, r.layers) };
      case 'predictions':
        return { kind: r.kind, predictions: await s.predictions(r, r.k ?? 3) };
      case 'confusion':
        return { kind: r.kind, confusion: await s.confusion() };
      case 'health':
        return { kind: r.kind, health: await s.health(r.probe) };
      case 'gradientCheck':
        return { kind: r.kind, gradientCheck: await s.gradientCheck(r) };
      case 'evaluate':
        return { kind: r.kind, evaluation: await s.evaluate() };
    }
  }

  private async dispose(): Promise<void> {
    await this.dropSession();
    this.backend?.dispose();
    this.backend = null;
    this.disposed = true;
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
