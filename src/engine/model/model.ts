// A compiled network: the analysed spec plus its parameters on a backend. Trainable parameters
// live in one flat tensor (weights first, then biases and norm parameters), gradients in
// another of the same layout, so regularisation is one kernel over a prefix and the optimizer
// is one kernel over everything. Batch-norm running statistics live in a separate flat tensor.
import { analyzeNetwork, type AnalyzeOptions, type NetworkAnalysis } from '../analyze';
import { SCALAR_COUNT, VIEW_ALIGN, type Backend, type Tensor } from '../backend/backend';
import { initParam, type InitScheme } from '../init';
import type { HostTensor } from '../io/safetensors';
import type { ParamDecl } from '../layers/types';
import { Rng } from '../rng';
import { elementCount } from '../shapes';
import type { NetworkSpec } from '../spec';
import { Plan, type PlanMode } from './plan';

export class ModelError extends Error {
  constructor(
    message: string,
    readonly issues: NetworkAnalysis['issues'] = [],
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export interface ParamEntry {
  readonly layerId: string;
  readonly decl: ParamDecl;
  /** `<layerId>.<name>`, the name in exported files. */
  readonly name: string;
  readonly size: number;
  readonly trainable: boolean;
  /** Offset in the flat params (trainable) or buffers tensor. */
  readonly offset: number;
  readonly value: Tensor;
  readonly grad: Tensor | null;
}

/** What the data says the network must fit (class count, image shape). */
export type CompileOptions = AnalyzeOptions;

function align(n: number): number {
  return Math.ceil(n / VIEW_ALIGN) * VIEW_ALIGN;
}

export class Model {
  readonly params: Tensor;
  readonly grads: Tensor;
  readonly buffers: Tensor;
  /** Per-step scalars shared by every plan (learning rate, step, dropout seed). */
  readonly scalars: Tensor;
  readonly entries: readonly ParamEntry[];
  /** Elements [0, weightsEnd) of params hold only weights (the always-regularised part). */
  readonly weightsEnd: number;
  private readonly plans = new Map<string, Plan>();

  private constructor(
    readonly spec: NetworkSpec,
    readonly analysis: NetworkAnalysis,
    readonly backend: Backend,
  ) {
    const decls = analysis.layers.flatMap((l) => l.params.map((decl) => ({ layerId: l.id, decl })));
    const rank = (role: ParamDecl['role']) => (role === 'weight' ? 0 : role === 'buffer' ? 2 : 1);
    // Layout order: weights, then biases and norm parameters, then buffers (stable sort keeps
    // network order within each group).
    const layoutOrder = decls
      .map((_, i) => i)
      .sort((a, b) => rank(decls[a].decl.role) - rank(decls[b].decl.role));
    const offsets = new Array<number>(decls.length);
    let pOff = 0;
    let bOff = 0;
    let weightsEnd = 0;
    for (const i of layoutOrder) {
      const { decl } = decls[i];
      const size = elementCount(decl.shape);
      if (decl.role === 'buffer') {
        offsets[i] = bOff;
        bOff = align(bOff + size);
      } else {
        offsets[i] = pOff;
        pOff = align(pOff + size);
        if (decl.role === 'weight') weightsEnd = pOff;
      }
    }
    // Never zero-sized: a network of only pooling layers still gets valid (unused) tensors.
    this.params = backend.tensor([Math.max(pOff, VIEW_ALIGN)], 'params');
    this.grads = backend.tensor([Math.max(pOff, VIEW_ALIGN)], 'grads');
    this.buffers = backend.tensor([Math.max(bOff, VIEW_ALIGN)], 'buffers');
    this.scalars = backend.tensor([SCALAR_COUNT], 'scalars');
    this.weightsEnd = weightsEnd;
    // Entries in network order, as files list them.
    this.entries = decls.map(({ layerId, decl }, i) => {
      const name = `${layerId}.${decl.name}`;
      const trainable = decl.role !== 'buffer';
      const offset = offsets[i];
      return {
        layerId, decl, name, trainable, offset,
        size: elementCount(decl.shape),
        value: backend.view(trainable ? this.params : this.buffers, offset, decl.shape, name),
        grad: trainable ? backend.view(this.grads, offset, decl.shape, `${name}.grad`) : null,
      }; // prettier-ignore
    });
  }

  /** Analyses and compiles; throws ModelError listing the issues if the network is invalid. */
  static create(spec: NetworkSpec, backend: Backend, opts: CompileOptions = {}): Model {
    const analysis = analyzeNetwork(spec, opts);
    if (!analysis.ok) {
      const errors = analysis.issues.filter((i) => i.severity === 'error');
      throw new ModelError(
        errors.map((i) => `${i.layerId}: ${i.message}`).join('\n') || 'invalid network',
        analysis.issues,
      );
    }
    return new Model(spec, analysis, backend);
  }

  get paramCount(): number {
    return this.analysis.totals.params;
  }

  /** Initialises every parameter and buffer; the same seed gives the same weights. */
  initialize(scheme: InitScheme, seed: number): void {
    const rng = new Rng(seed);
    for (const e of this.entries) {
      const data = new Float32Array(e.size);
      initParam(e.decl, scheme, rng, data);
      this.backend.write(e.trainable ? this.params : this.buffers, data, e.offset);
    }
  }

  /** A forward (and, for 'train', backward) program for one batch size; built once, cached. */
  plan(batch: number, mode: PlanMode, opts: { inputGrad?: boolean } = {}): Plan {
    const key = `${mode}:${batch}:${opts.inputGrad ? 1 : 0}`;
    let p = this.plans.get(key);
    if (!p) {
      p = new Plan(this, batch, mode, opts.inputGrad ?? false);
      this.plans.set(key, p);
    }
    return p;
  }

  /** All parameters and buffers by name, copied to the host (two reads, whatever the count). */
  async readTensors(): Promise<Map<string, HostTensor>> {
    const [params, buffers] = await Promise.all([
      this.backend.read(this.params),
      this.backend.read(this.buffers),
    ]);
    const out = new Map<string, HostTensor>();
    for (const e of this.entries) {
      const src = e.trainable ? params : buffers;
      out.set(e.name, { shape: e.decl.shape, data: src.slice(e.offset, e.offset + e.size) });
    }
    return out;
  }

  /**
   * Replaces parameters from host tensors. Every entry must be present with the right shape;
   * nothing is written unless all are (the caller's model stays intact on a bad file).
   */
  writeTensors(tensors: ReadonlyMap<string, HostTensor>): void {
    for (const e of this.entries) {
      const t = tensors.get(e.name);
      if (!t)
        throw new ModelError(`missing tensor "${e.name}" (shape [${e.decl.shape.join(', ')}])`);
      const same =
        t.shape.length === e.decl.shape.length && t.shape.every((d, i) => d === e.decl.shape[i]);
      if (!same) {
        throw new ModelError(
          `tensor "${e.name}" has shape [${t.shape.join(', ')}] but the network needs [${e.decl.shape.join(', ')}]`,
        );
      }
    }
    for (const e of this.entries) {
      this.backend.write(
        e.trainable ? this.params : this.buffers,
        tensors.get(e.name)!.data,
        e.offset,
      );
    }
  }

  entry(name: string): ParamEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }
}
