// A Plan binds a model to one batch size: it allocates every activation (and, for training,
// every gradient) once and asks each layer for its kernels. Shapes are static within a run, so
// nothing is allocated after this; a training step replays the same kernels.
//
// Gradient routing for DAGs: a tensor read by one layer gets its gradient written directly by
// that layer's backward; a tensor read by several gets one partial gradient per reader and a
// sum, placed in the backward program after all readers and before the tensor's producer.
// Gradients are only computed where something upstream has parameters (so the first conv layer
// never computes a gradient for the image), unless `inputGrad` asks for it.
import type { Kernel, Tensor } from '../backend/backend';
import { getLayerDef } from '../layers/registry';
import type { LayerProgram } from '../layers/types';
import { INPUT_ID } from '../spec';
import type { Model } from './model';

export type PlanMode = 'train' | 'eval';

export class Plan {
  /** [batch, C, H, W] network input, written each step. */
  readonly input: Tensor;
  /** [batch] labels as floats (negative = padding, ignored by the loss). */
  readonly labels: Tensor;
  /** Output of every layer by id (and `input`). */
  readonly activations: ReadonlyMap<string, Tensor>;
  /** The last layer's output: class scores [batch, classes]. */
  readonly logits: Tensor;
  /** Gradient of the loss w.r.t. the logits: the loss kernel writes it (training plans). */
  readonly logitsGrad: Tensor;
  /** Gradient w.r.t. the network input, when asked for. */
  readonly inputGrad: Tensor | null;
  readonly forward: readonly Kernel[];
  readonly backward: readonly Kernel[];

  constructor(
    readonly model: Model,
    readonly batch: number,
    readonly mode: PlanMode,
    wantInputGrad: boolean,
  ) {
    const { backend: b, analysis } = model;
    const training = mode === 'train';
    const tag = `${mode}${batch}`;
    const batched = (shape: readonly number[]) => [batch, ...shape];

    const acts = new Map<string, Tensor>();
    this.input = b.tensor(batched(analysis.inputShape), `${tag}.input`);
    this.labels = b.tensor([batch], `${tag}.labels`);
    acts.set(INPUT_ID, this.input);

    // Which tensors need a gradient: those downstream of a trainable parameter (or the input).
    const wantGrad = new Map<string, boolean>([[INPUT_ID, training && wantInputGrad]]);
    for (const l of analysis.layers) {
      const hasParams = l.params.some((p) => p.role !== 'buffer');
      wantGrad.set(l.id, training && (hasParams || l.inputs.some((s) => wantGrad.get(s))));
    }

    const grads = new Map<string, Tensor>();
    /** Partial gradients of multiply-read tensors, keyed by tensor id. */
    const partials = new Map<string, Tensor[]>();
    const edgeTarget = (src: string, srcTensor: Tensor, readers: number): Tensor | null => {
      if (!wantGrad.get(src)) return null;
      if (readers === 1) return grads.get(src)!;
      const t = b.tensor(
        srcTensor.shape,
        `${tag}.${src}.grad.part${partials.get(src)?.length ?? 0}`,
      );
      partials.set(src, [...(partials.get(src) ?? []), t]);
      return t;
    };
    if (wantGrad.get(INPUT_ID))
      grads.set(INPUT_ID, b.tensor(this.input.shape, `${tag}.input.grad`));

    const programs: { id: string; prog: LayerProgram }[] = [];
    analysis.layers.forEach((l, index) => {
      const def = getLayerDef(l.type)!;
      const outShape = batched(l.outShape!);
      const x = l.inputs.map((s) => acts.get(s)!);
      const y = def.aliasesInput
        ? b.view(x[0], 0, outShape, `${tag}.${l.id}.out`)
        : b.tensor(outShape, `${tag}.${l.id}.out`);
      acts.set(l.id, y);
      const dx = l.inputs.map((s, slot) =>
        edgeTarget(s, x[slot], analysis.consumers.get(s)!.length),
      );
      let dy: Tensor | null = null;
      if (wantGrad.get(l.id)) {
        dy = def.aliasesInput
          ? b.view(dx[0]!, 0, outShape, `${tag}.${l.id}.grad`)
          : b.tensor(outShape, `${tag}.${l.id}.grad`);
        grads.set(l.id, dy);
      }
      const p: Record<string, Tensor> = {};
      const g: Record<string, Tensor> = {};
      for (const e of model.entries) {
        if (e.layerId !== l.id) continue;
        p[e.decl.name] = e.value;
        if (e.grad) g[e.decl.name] = e.grad;
      }
      const prog = def.build({
        backend: b, id: l.id, cfg: l.config, batch, salt: index + 1,
        inShapes: l.inShapes, outShape: l.outShape!, x, y, dy, dx, p, g, training,
        scalars: model.scalars,
        scratch: (shape, label) => b.tensor(shape, `${tag}.${label}`),
      }); // prettier-ignore
      programs.push({ id: l.id, prog });
    });

    const sumPartials = (id: string): Kernel[] => {
      const parts = partials.get(id);
      if (!parts) return [];
      const target = grads.get(id)!;
      const ks = [b.add(parts[0], parts[1], target)];
      for (let i = 2; i < parts.length; i++) ks.push(b.add(target, parts[i], target));
      return ks;
    };

    this.forward = programs.flatMap((p) => p.prog.forward);
    const backward: Kernel[] = [];
    for (let i = programs.length - 1; i >= 0; i--) {
      const { id, prog } = programs[i];
      if (!grads.has(id)) continue;
      backward.push(...sumPartials(id), ...prog.backward);
    }
    backward.push(...sumPartials(INPUT_ID));
    this.backward = backward;

    this.activations = acts;
    const lastId = analysis.layers[analysis.layers.length - 1].id;
    this.logits = acts.get(lastId)!;
    this.logitsGrad = grads.get(lastId) ?? b.tensor(this.logits.shape, `${tag}.logits.grad`);
    this.inputGrad = grads.get(INPUT_ID) ?? null;
  }
}
