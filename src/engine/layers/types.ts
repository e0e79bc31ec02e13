// What a layer type declares: its settings (the UI builds forms from them), its shape rule, its
// parameters, and how it emits kernels for the forward and backward pass. Adding a layer type
// means one file in this folder and a line in registry.ts.
import type { Backend, Kernel, Tensor } from '../backend/backend';
import type { LayerConfig } from '../spec';

/** Per-example shape: [C, H, W] for images and feature maps, [F] for flat vectors. */
export type Shape = readonly number[];

interface SettingBase {
  readonly key: string;
  readonly label: string;
  readonly help: string;
}
export type SettingSchema =
  | (SettingBase & { kind: 'int'; min: number; max: number; default: number })
  | (SettingBase & { kind: 'number'; min: number; max: number; step: number; default: number })
  | (SettingBase & { kind: 'bool'; default: boolean })
  | (SettingBase & { kind: 'choice'; options: readonly string[]; default: string })
  /** A non-negative integer or the string "same". */
  | (SettingBase & { kind: 'padding'; max: number; default: number | 'same' });

export type ParamRole = 'weight' | 'bias' | 'norm' | 'buffer';

export interface ParamDecl {
  /** Tensor name suffix: `<layerId>.<name>` (PyTorch names: weight, bias, running_mean...). */
  readonly name: string;
  readonly shape: readonly number[];
  /** weight: regularised, initialised by the chosen scheme; bias/norm: optional regularisation;
   * buffer: not trained (batch-norm running statistics). */
  readonly role: ParamRole;
  readonly init: 'scheme' | 'zeros' | 'ones';
  /** For weight init: inputs and outputs each unit connects to. */
  readonly fanIn: number;
  readonly fanOut: number;
}

/** A one-click repair the UI can offer with an error. */
export type FixAction =
  | { kind: 'set'; layerId: string; key: string; value: number | string | boolean }
  | { kind: 'insert-before'; layerId: string; type: string; config?: LayerConfig }
  | { kind: 'remove'; layerId: string }
  | { kind: 'append'; type: string; config?: LayerConfig };

export interface Fix {
  readonly label: string;
  readonly action: FixAction;
}

export interface InferContext {
  readonly id: string;
  readonly cfg: LayerConfig;
  readonly inputs: readonly Shape[];
  /** Stops inference for this layer with a message that names the numbers and a fix. */
  fail(message: string, fix?: Fix): never;
}

export interface InferResult {
  readonly outShape: Shape;
  readonly params: readonly ParamDecl[];
  /** Floating-point operations for one example's forward pass (a multiply-add counts 2). */
  readonly flops: number;
}

export interface BuildContext {
  readonly backend: Backend;
  readonly id: string;
  readonly cfg: LayerConfig;
  readonly batch: number;
  /** Distinct per layer: decorrelates dropout masks between layers. */
  readonly salt: number;
  readonly inShapes: readonly Shape[];
  readonly outShape: Shape;
  readonly x: readonly Tensor[];
  readonly y: Tensor;
  /** Gradient of the loss w.r.t. y; null when building an inference program. */
  readonly dy: Tensor | null;
  /** Where to write the gradient w.r.t. each input; null where nothing upstream needs it. */
  readonly dx: readonly (Tensor | null)[];
  /** This layer's parameters and buffers by name. */
  readonly p: Readonly<Record<string, Tensor>>;
  /** Gradients of trainable parameters by name (training programs only). */
  readonly g: Readonly<Record<string, Tensor>>;
  readonly training: boolean;
  /** Per-step scalars (learning rate, step, seed). */
  readonly scalars: Tensor;
  /** A tensor owned by this program (argmax indices, saved statistics). */
  scratch(shape: readonly number[], label: string): Tensor;
}

export interface LayerProgram {
  readonly forward: Kernel[];
  readonly backward: Kernel[];
}

export type LayerCategory =
  | 'convolution'
  | 'pooling'
  | 'dense'
  | 'activation'
  | 'regularization'
  | 'normalization'
  | 'structure';

export interface LayerDef {
  readonly type: string;
  readonly label: string;
  readonly category: LayerCategory;
  readonly description: string;
  readonly settings: readonly SettingSchema[];
  /** Number of inputs: [min, max]. */
  readonly arity: readonly [number, number];
  /** The output is the input, reshaped: no kernels, no copy (Flatten). */
  readonly aliasesInput?: boolean;
  infer(ctx: InferContext): InferResult;
  build(ctx: BuildContext): LayerProgram;
}
