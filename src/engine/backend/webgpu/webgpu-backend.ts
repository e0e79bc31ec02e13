// The WebGPU backend: tensors are GPU buffers for the whole run, op calls build kernels
// (pipeline + bind group + grid, uniforms written once), and `run` replays a program in one
// command encoder and one submit. The only per-step uploads are the batch and the scalars;
// reads go through a ring of staging buffers and never block a step.
//
// Failure: `device.lost` or an uncaptured WebGPU error puts the backend in a failed state:
// `run` throws WebGpuFailedError (the training loop stops cleanly), `sync` rejects, and
// `onFailure` listeners hear about it once. Reads already in flight may still resolve. The
// caller falls back to the CPU with weights it copied to the host (Model.readTensors()) — after
// a loss the GPU buffers are gone, so the worker should keep a recent host copy of the weights.
import type { Backend, Kernel, Tensor } from '../backend';
import { GpuContext, type KernelTuning } from './context';
import { acquireDevice, type AcquireOptions } from './device';
import { encodeProgram, makeKernel, type GpuKernel, type Step } from './kernel';
import type { Fusion } from './ops/fusion';
import * as bn from './ops/batchnorm';
import * as conv from './ops/conv';
import * as drop from './ops/dropout';
import * as ew from './ops/elementwise';
import * as loss from './ops/loss';
import { matmul, type MatmulFamily } from './ops/matmul';
import * as opt from './ops/optim';
import * as pool from './ops/pool';
import { StagingRing } from './staging';
import { asGpu, type GpuTensor } from './tensors';

export interface GpuFailure {
  readonly kind: 'lost' | 'error';
  readonly message: string;
}

export class WebGpuFailedError extends Error {
  constructor(readonly failure: GpuFailure) {
    super(
      failure.kind === 'lost'
        ? `The GPU device was lost: ${failure.message}`
        : `A WebGPU error stopped training: ${failure.message}`,
    );
    this.name = 'WebGpuFailedError';
  }
}

export interface WebGpuBackendOptions {
  /** Adapter description for `description` (acquireDevice supplies it). */
  readonly description?: string;
  /**
   * Kernel variants: 'auto' picks register tiles on CPU-emulated adapters and workgroup-memory
   * tiles on GPUs; the others force one family (tests run both on every adapter).
   */
  readonly kernels?: 'auto' | 'emulated' | 'hardware';
  /** The adapter is CPU-emulated (SwiftShader, llvmpipe); used when kernels is 'auto'. */
  readonly emulated?: boolean;
  /**
   * Fixed subgroup size of the device ('subgroups' feature enabled), or null. The emulated
   * kernels share loads across 4-lane subgroups when it is 4.
   */
  readonly subgroupSize?: number | null;
  /** Destroy the device on dispose (true when the backend acquired it). */
  readonly ownsDevice?: boolean;
  /** Tile-size overrides, for tuning kernels on a new adapter. */
  readonly tuning?: KernelTuning;
  /** Fold activation layers into neighbouring kernels (default true; see `activation`). */
  readonly fuse?: boolean;
}

/** A kernel that can absorb an activation layer: rebuilds its steps with a fusion. */
interface Fusable {
  readonly kernel: GpuKernel;
  readonly rebuild: (f: Fusion) => Step[];
}

export class WebGpuBackend implements Backend {
  readonly name = 'webgpu' as const;
  readonly description: string;
  private readonly ctx: GpuContext;
  private readonly staging: StagingRing;
  private readonly matmulFamily: MatmulFamily;
  private failed: GpuFailure | null = null;
  private readonly fuseEnabled: boolean;
  /** Kernels with no activation of their own, by output tensor: an activation may fold in. */
  private readonly producers = new Map<string, Fusable>();
  /** Activation backward kernels by incoming-gradient tensor, waiting for that gradient's producer. */
  private readonly pendingGrad = new Map<string, { kernel: GpuKernel; fusion: Fusion }>();
  private readonly bufferIds = new WeakMap<GPUBuffer, number>();
  private nextBufferId = 1;
  private disposed = false;
  private readonly listeners = new Set<(f: GpuFailure) => void>();
  /**
   * Resolves when the backend stops working (device lost, or an uncaptured error): what the
   * worker listens to in order to move a run to the CPU (src/worker/backend-choice.ts).
   */
  readonly lost: Promise<GpuFailure>;
  private resolveLost: (f: GpuFailure) => void = () => {};
  private readonly onUncaptured = (e: Event) => {
    const err = (e as GPUUncapturedErrorEvent).error;
    this.fail({ kind: 'error', message: err?.message ?? String(err) });
  };

  /** Acquires a device from a GPU object (navigator.gpu, or Dawn's GPU in Node). */
  static async create(
    gpu: GPU,
    opts: AcquireOptions &
      Omit<WebGpuBackendOptions, 'description' | 'emulated' | 'ownsDevice'> = {},
  ): Promise<WebGpuBackend> {
    const acquired = await acquireDevice(gpu, opts);
    return new WebGpuBackend(acquired.device, {
      ...opts,
      description: acquired.description,
      emulated: acquired.emulated,
      subgroupSize: acquired.subgroupSize,
      ownsDevice: true,
    });
  }

  constructor(
    readonly device: GPUDevice,
    private readonly opts: WebGpuBackendOptions = {},
  ) {
    const kernels = opts.kernels ?? 'auto';
    const emulated = kernels === 'auto' ? (opts.emulated ?? false) : kernels === 'emulated';
    const sharing = emulated && opts.subgroupSize === 4 && device.features.has('subgroups');
    this.ctx = new GpuContext(device, emulated, sharing, opts.tuning);
    this.matmulFamily = emulated ? 'registers' : 'tiled';
    this.lost = new Promise((resolve) => (this.resolveLost = resolve));
    this.staging = new StagingRing(device);
    this.fuseEnabled = opts.fuse ?? true;
    this.description = `WebGPU: ${opts.description ?? 'GPU'}`;
    device.addEventListener('uncapturederror', this.onUncaptured);
    void device.lost.then((info) => {
      if (this.disposed && info.reason === 'destroyed') return;
      this.fail({ kind: 'lost', message: info.message || info.reason || 'unknown reason' });
    });
  }

  /** True when kernels use the CPU-emulation variants. */
  get emulated(): boolean {
    return this.ctx.emulated;
  }

  /** Pipelines compiled so far (distinct kernels). */
  get pipelineCount(): number {
    return this.ctx.pipelines.size;
  }

  /** The failure that stopped this backend, if any. */
  get failure(): GpuFailure | null {
    return this.failed;
  }

  /** Called once when the device is lost or an uncaptured error occurs; returns unsubscribe. */
  onFailure(listener: (f: GpuFailure) => void): () => void {
    this.listeners.add(listener);
    if (this.failed) queueMicrotask(() => listener(this.failed!));
    return () => this.listeners.delete(listener);
  }

  private fail(f: GpuFailure): void {
    if (this.failed) return;
    this.failed = f;
    this.resolveLost(f);
    for (const l of this.listeners) {
      try {
        l(f);
      } catch {
        // A listener's own failure must not hide the GPU's.
      }
    }
  }

  private checkAlive(): void {
    if (this.failed) throw new WebGpuFailedError(this.failed);
    if (this.disposed) throw new Error('the WebGPU backend was disposed');
  }

  tensor(shape: readonly number[], label: string): GpuTensor {
    return this.ctx.tensors.create(shape, label);
  }

  view(base: Tensor, offset: number, shape: readonly number[], label: string): GpuTensor {
    return this.ctx.tensors.view(asGpu(base), offset, shape, label);
  }

  write(t: Tensor, data: ArrayLike<number>, offset = 0): void {
    this.checkAlive();
    const g = asGpu(t);
    if (offset < 0 || offset + data.length > g.size) {
      throw new RangeError(`write of ${data.length} values at ${offset} outside ${t.label}`);
    }
    if (data.length === 0) return;
    const src = data instanceof Float32Array ? data : Float32Array.from(data);
    this.device.queue.writeBuffer(
      g.buffer,
      (g.offset + offset) * 4,
      src.buffer,
      src.byteOffset,
      src.length * 4,
    );
  }

  read(t: Tensor): Promise<Float32Array> {
    if (this.failed && this.failed.kind === 'lost') {
      return Promise.reject(new WebGpuFailedError(this.failed));
    }
    const g = asGpu(t);
    return this.staging.read(g.buffer, g.offset * 4, g.size * 4);
  }

  run(program: readonly Kernel[]): void {
    this.checkAlive();
    if (program.length === 0) return;
    const encoder = this.device.createCommandEncoder();
    encodeProgram(encoder, program);
    this.device.queue.submit([encoder.finish()]);
  }

  async sync(): Promise<void> {
    this.checkAlive();
    await this.device.queue.onSubmittedWorkDone();
    // Uncaptured errors are delivered as events; let them land before reporting success.
    await new Promise((r) => setTimeout(r, 0));
    this.checkAlive();
  }

  /** Reads in flight and staging buffers held (tests and diagnostics). */
  get readStats(): { pending: number; buffers: number } {
    return { pending: this.staging.pending, buffers: this.staging.buffers };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.device.removeEventListener('uncapturederror', this.onUncaptured);
    this.staging.dispose();
    this.ctx.dispose();
    if (this.opts.ownsDevice) this.device.destroy();
  }

  // ---- ops: each family's host side lives in ops/<family>.ts ----

  fill(t: Tensor, value: number): Kernel {
    return ew.fill(this.ctx, t, value);
  }
  copy(src: Tensor, dst: Tensor): Kernel {
    return ew.copy(this.ctx, src, dst);
  }
  add(a: Tensor, b: Tensor, out: Tensor): Kernel {
    return ew.add(this.ctx, a, b, out);
  }
  copyChannels(p: Parameters<Backend['copyChannels']>[0]): Kernel {
    return ew.copyChannels(this.ctx, p);
  }
  conv2d(p: Parameters<Backend['conv2d']>[0]): Kernel {
    const k = conv.conv2d(this.ctx, p) as GpuKernel;
    if (p.act === 'none')
      this.offerProducer(p.y, k, (f) => [...(conv.conv2d(this.ctx, p, f) as GpuKernel).steps]);
    return k;
  }
  conv2dBackwardData(p: Parameters<Backend['conv2dBackwardData']>[0]): Kernel {
    return this.withPendingGrad(p.dx, (f) => conv.conv2dBackwardData(this.ctx, p, f));
  }
  conv2dBackwardFilter(p: Parameters<Backend['conv2dBackwardFilter']>[0]): Kernel {
    return conv.conv2dBackwardFilter(this.ctx, p);
  }
  matmul(p: Parameters<Backend['matmul']>[0]): Kernel {
    if (p.act !== 'none') return matmul(this.ctx, p, this.matmulFamily);
    const k = this.withPendingGrad(p.c, (f) => matmul(this.ctx, p, this.matmulFamily, f));
    this.offerProducer(p.c, k as GpuKernel, (f) => [
      ...(matmul(this.ctx, p, this.matmulFamily, f) as GpuKernel).steps,
    ]);
    return k;
  }
  channelSum(p: Parameters<Backend['channelSum']>[0]): Kernel {
    return ew.channelSum(this.ctx, p);
  }
  pool2d(p: Parameters<Backend['pool2d']>[0]): Kernel {
    return pool.pool2d(this.ctx, p);
  }
  pool2dBackward(p: Parameters<Backend['pool2dBackward']>[0]): Kernel {
    return this.withPendingGrad(p.dx, (f) => pool.pool2dBackward(this.ctx, p, f));
  }
  /**
   * When x is the output of a conv2d or matmul built without an activation, that kernel is
   * rebuilt to also store act(x) into y (it still stores x), and this kernel is empty: a whole
   * pass over the tensor saved. Replaying the producer's program then fills y too, which is
   * harmless: y is this layer's own output, written by nothing else.
   */
  activation(p: Parameters<Backend['activation']>[0]): Kernel {
    const [x, y] = [asGpu(p.x), asGpu(p.y)];
    const producer =
      this.fuseEnabled && p.act !== 'none' ? this.producers.get(this.key(x)) : undefined;
    if (producer && !this.overlap(x, y)) {
      const steps = this.tryRebuild(producer.rebuild, {
        kind: 'fwd',
        act: p.act,
        alpha: p.alpha,
        out: y,
      });
      if (steps) {
        producer.kernel.steps = steps;
        this.producers.delete(this.key(x));
        return makeKernel(`${p.act} ${p.y.label} (fused into ${producer.kernel.label})`, []);
      }
    }
    return ew.activation(this.ctx, p);
  }
  /**
   * Built as its own kernel, but registered so that the op later built to produce dy (max/avg
   * pool backward, conv or dense input gradient) can compute dx in its epilogue instead; this
   * kernel is then emptied. Layers are built in forward order, so dy's producer — the next
   * layer's backward — is built after this.
   */
  activationBackward(p: Parameters<Backend['activationBackward']>[0]): Kernel {
    const k = ew.activationBackward(this.ctx, p) as GpuKernel;
    const [x, y, dy, dx] = [asGpu(p.x), asGpu(p.y), asGpu(p.dy), asGpu(p.dx)];
    if (this.fuseEnabled && p.act !== 'none' && !this.overlap(dy, dx)) {
      this.pendingGrad.set(this.key(dy), {
        kernel: k,
        fusion: { kind: 'bwd', act: p.act, alpha: p.alpha, x, y, dx },
      });
    }
    return k;
  }

  // ---- fusion bookkeeping ----

  private key(t: GpuTensor): string {
    let id = this.bufferIds.get(t.buffer);
    if (id === undefined) {
      id = this.nextBufferId++;
      this.bufferIds.set(t.buffer, id);
    }
    return `${id}:${t.offset}:${t.size}`;
  }

  private overlap(a: GpuTensor, b: GpuTensor): boolean {
    return a.buffer === b.buffer && a.offset < b.offset + b.size && b.offset < a.offset + a.size;
  }

  private offerProducer(out: Tensor, kernel: GpuKernel, rebuild: (f: Fusion) => Step[]): void {
    if (this.fuseEnabled) this.producers.set(this.key(asGpu(out)), { kernel, rebuild });
  }

  /** A fused rebuild can fail a limit (one more binding); the unfused kernels still work. */
  private tryRebuild(rebuild: (f: Fusion) => Step[], f: Fusion): Step[] | null {
    try {
      return rebuild(f);
    } catch {
      return null;
    }
  }

  /** Builds the producer of `out`, folding in an activation backward waiting for it. */
  private withPendingGrad(out: Tensor, build: (f: Fusion) => Kernel): Kernel {
    const pending = this.fuseEnabled ? this.pendingGrad.get(this.key(asGpu(out))) : undefined;
    if (pending) {
      let built: Kernel | null;
      try {
        built = build(pending.fusion);
      } catch {
        built = null; // e.g. one binding too many for this device: stay unfused
      }
      if (built) {
        this.pendingGrad.delete(this.key(asGpu(out)));
        pending.kernel.steps = [];
        return makeKernel(`${built.label} (+ ${pending.kernel.label})`, (built as GpuKernel).steps);
      }
    }
    return build({ kind: 'none' });
  }
  dropout(p: Parameters<Backend['dropout']>[0]): Kernel {
    return drop.dropout(this.ctx, p);
  }
  dropoutBackward(p: Parameters<Backend['dropoutBackward']>[0]): Kernel {
    return drop.dropoutBackward(this.ctx, p);
  }
  batchNormTrain(p: Parameters<Backend['batchNormTrain']>[0]): Kernel {
    return bn.batchNormTrain(this.ctx, p);
  }
  batchNormEval(p: Parameters<Backend['batchNormEval']>[0]): Kernel {
    return bn.batchNormEval(this.ctx, p);
  }
  batchNormBackward(p: Parameters<Backend['batchNormBackward']>[0]): Kernel {
    return bn.batchNormBackward(this.ctx, p);
  }
  softmaxCrossEntropy(p: Parameters<Backend['softmaxCrossEntropy']>[0]): Kernel {
    return loss.softmaxCrossEntropy(this.ctx, p);
  }
  hinge(p: Parameters<Backend['hinge']>[0]): Kernel {
    return loss.hinge(this.ctx, p);
  }
  regularize(p: Parameters<Backend['regularize']>[0]): Kernel {
    return opt.regularize(this.ctx, p);
  }
  regLoss(p: Parameters<Backend['regLoss']>[0]): Kernel {
    return opt.regLoss(this.ctx, p);
  }
  maxNorm(p: Parameters<Backend['maxNorm']>[0]): Kernel {
    return opt.maxNorm(this.ctx, p);
  }
  optimizerStep(p: Parameters<Backend['optimizerStep']>[0]): Kernel {
    return opt.optimizerStep(this.ctx, p);
  }
}
