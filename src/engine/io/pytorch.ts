// PyTorch code generation: a self-contained model.py whose module rebuilds the network and whose
// state_dict keys are exactly the tensor names in model.safetensors (`<layer id>.weight`, ...), so
// the trained weights load with `load_state_dict(strict=True)` and no renaming.
//
// How a user checks it against PyTorch (the generated file says the same):
//   pip install torch safetensors          (and onnxruntime to compare with model.onnx)
//   python model.py                        loads model.safetensors beside it, runs a random
//                                          batch, and prints max |PyTorch − ONNX| when it can
//
// Layer ids may contain "-" or be Python keywords or names nn.Module already uses ("forward",
// "training"), so registration picks the plainest form that keeps the id as the module name:
//   plain identifier          self.conv1 = nn.Conv2d(...)          used as self.conv1(x)
//   not an identifier         self.add_module("res-add", Add())    used as self._modules["res-add"]
//   an nn.Module attribute    self._modules["forward"] = ...       (add_module would refuse it)
// A chain of layers becomes an nn.Sequential (Sequential's own forward, names as given).
import type { NetworkAnalysis } from '../analyze';
import { num, samePadding } from '../shapes';
import { INPUT_ID, type NetworkSpec } from '../spec';
import { analyzeForExport, ExportError } from './export-checks';

export interface PytorchExportOptions {
  /** Name of the generated class (a Python identifier). Default "Net". */
  readonly className?: string;
  /** Weights file `load()` and `__main__` read by default. Default "model.safetensors". */
  readonly weightsFile?: string;
  /** ONNX file `__main__` compares against when onnxruntime is installed. Default "model.onnx". */
  readonly onnxFile?: string;
}

type LayerInfo = NetworkAnalysis['layers'][number];

const PYTHON_KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while ' +
    'with yield'
  ).split(' '),
);

/**
 * Attributes an nn.Module / nn.Sequential instance already has (torch 2.x). Assigning a module
 * to one of these would either be refused by add_module or shadowed by the method, so such ids
 * are registered through _modules directly. Names starting with "_" are treated the same way.
 */
const MODULE_ATTRIBUTES = new Set(
  (
    'T_destination add_module append apply bfloat16 buffers call_super_init children compile cpu ' +
    'cuda double dump_patches eval extend extra_repr float forward get_buffer get_extra_state ' +
    'get_parameter get_submodule half insert ipu load_state_dict modules mtia named_buffers ' +
    'named_children named_modules named_parameters parameters pop register_backward_hook ' +
    'register_buffer register_forward_hook register_forward_pre_hook ' +
    'register_full_backward_hook register_full_backward_pre_hook ' +
    'register_load_state_dict_post_hook register_load_state_dict_pre_hook register_module ' +
    'register_parameter register_state_dict_post_hook register_state_dict_pre_hook ' +
    'requires_grad_ set_extra_state set_submodule share_memory state_dict to to_empty train ' +
    'training type xpu zero_grad'
  ).split(' '),
);

type Registration = 'attribute' | 'add_module' | 'modules';

function registration(id: string): Registration {
  if (id.startsWith('_') || MODULE_ATTRIBUTES.has(id)) return 'modules';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(id) || PYTHON_KEYWORDS.has(id)) return 'add_module';
  return 'attribute';
}

/** A Python float literal (settings such as α = 1 stay floats in the generated code). */
function pyFloat(v: number): string {
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/** Text safe inside a triple-quoted docstring: no quotes, backslashes or control characters. */
function docText(s: string): string {
  const safe = [...s].map((ch) =>
    ch < ' ' || ch === '\\' || ch === '"' || ch === '\x7f' ? ' ' : ch,
  );
  return safe.join('').replace(/\s+/g, ' ').trim() || 'network';
}

/** The module constructor for one layer, and which helper classes it needs. */
function moduleExpr(l: LayerInfo, helpers: Set<string>): string {
  const cfg = l.config;
  const inShape = l.inShapes[0];
  switch (l.type) {
    case 'conv2d': {
      const k = num(cfg, 'kernel');
      const s = num(cfg, 'stride');
      const d = num(cfg, 'dilation');
      const head = `${inShape[0]}, ${num(cfg, 'filters')}, kernel_size=${k}, stride=${s}`;
      const tail = `dilation=${d}, bias=${cfg.bias === true ? 'True' : 'False'}`;
      if (cfg.padding !== 'same') return `nn.Conv2d(${head}, padding=${cfg.padding}, ${tail})`;
      const ph = samePadding(inShape[1], k, s, d);
      const pw = samePadding(inShape[2], k, s, d);
      if (ph.before === ph.after && pw.before === pw.after) {
        const pad = ph.before === pw.before ? `${ph.before}` : `(${ph.before}, ${pw.before})`;
        return `nn.Conv2d(${head}, padding=${pad}, ${tail})`;
      }
      helpers.add('PaddedConv2d');
      // F.pad order: (left, right, top, bottom).
      const pads = `(${pw.before}, ${pw.after}, ${ph.before}, ${ph.after})`;
      return `PaddedConv2d(${head}, pads=${pads}, ${tail})`;
    }
    case 'maxpool':
      return `nn.MaxPool2d(kernel_size=${num(cfg, 'size')}, stride=${num(cfg, 'stride')}, padding=${num(cfg, 'padding')})`;
    case 'avgpool':
      return `nn.AvgPool2d(kernel_size=${num(cfg, 'size')}, stride=${num(cfg, 'stride')}, padding=${num(cfg, 'padding')}, count_include_pad=True)`;
    case 'globalavgpool':
      return 'nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())';
    case 'flatten':
      // torch.flatten(x, 1): C, H, W order, as the engine; a no-op on an already flat input.
      return 'nn.Flatten()';
    case 'dense':
      return `nn.Linear(${inShape[0]}, ${num(cfg, 'units')}, bias=${cfg.bias === true ? 'True' : 'False'})`;
    case 'relu':
      return 'nn.ReLU()';
    case 'leakyrelu':
      return `nn.LeakyReLU(negative_slope=${pyFloat(num(cfg, 'alpha'))})`;
    case 'elu':
      return `nn.ELU(alpha=${pyFloat(num(cfg, 'alpha'))})`;
    case 'tanh':
      return 'nn.Tanh()';
    case 'sigmoid':
      return 'nn.Sigmoid()';
    case 'dropout':
      return `nn.Dropout(p=${pyFloat(num(cfg, 'rate'))})`;
    case 'batchnorm': {
      // Same momentum convention as PyTorch: the weight of each new batch.
      const cls = inShape.length === 3 ? 'BatchNorm2d' : 'BatchNorm1d';
      return `nn.${cls}(${inShape[0]}, eps=${pyFloat(num(cfg, 'eps'))}, momentum=${pyFloat(num(cfg, 'momentum'))})`;
    }
    case 'add':
      helpers.add('Add');
      return 'Add()';
    case 'concat':
      helpers.add('Concat');
      return 'Concat()';
    default:
      throw new ExportError(`layer "${l.id}": no PyTorch mapping for layer type "${l.type}"`);
  }
}

const HELPER_CODE: Record<string, string> = {
  PaddedConv2d: `class PaddedConv2d(nn.Conv2d):
    """Conv2d after explicit zero padding (left, right, top, bottom): "same" padding that is
    uneven puts the extra row/column at the bottom/right, which Conv2d's padding cannot."""

    def __init__(self, *args, pads, **kwargs):
        super().__init__(*args, padding=0, **kwargs)
        self.pads = pads

    def forward(self, x):
        return super().forward(F.pad(x, self.pads))
`,
  Add: `class Add(nn.Module):
    """Elementwise sum of its inputs (a residual connection), summed left to right."""

    def forward(self, *xs):
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out
`,
  Concat: `class Concat(nn.Module):
    """Stacks its inputs along the channel (feature) axis."""

    def forward(self, *xs):
        return torch.cat(xs, dim=1)
`,
};

function isChain(analysis: NetworkAnalysis): boolean {
  return analysis.layers.every((l, i) => {
    const previous = i === 0 ? INPUT_ID : analysis.layers[i - 1].id;
    return l.inputs.length === 1 && l.inputs[0] === previous;
  });
}

/** The Python source of model.py for `spec`. */
export function exportPytorch(spec: NetworkSpec, opts: PytorchExportOptions = {}): string {
  const analysis = analyzeForExport(spec);
  const cls = opts.className ?? 'Net';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(cls) || PYTHON_KEYWORDS.has(cls)) {
    throw new ExportError(`class name ${JSON.stringify(cls)} is not a Python identifier`);
  }
  const weightsFile = opts.weightsFile ?? 'model.safetensors';
  const onnxFile = opts.onnxFile ?? 'model.onnx';
  for (const file of [weightsFile, onnxFile]) {
    // Written into Python string literals and the docstring: keep to plain file names.
    if (!/^[A-Za-z0-9_.-]+$/.test(file))
      throw new ExportError(`unsupported file name ${JSON.stringify(file)}`);
  }
  const helpers = new Set<string>();
  const exprs = analysis.layers.map((l) => moduleExpr(l, helpers));
  const sequential =
    isChain(analysis) && analysis.layers.every((l) => registration(l.id) !== 'modules');

  const body: string[] = [];
  if (sequential) {
    body.push(
      `class ${cls}(nn.Sequential):`,
      '    def __init__(self):',
      '        super().__init__(',
      '            OrderedDict(',
      '                [',
      ...analysis.layers.map((l, i) => `                    ("${l.id}", ${exprs[i]}),`),
      '                ]',
      '            )',
      '        )',
    );
  } else {
    body.push(`class ${cls}(nn.Module):`, '    def __init__(self):', '        super().__init__()');
    analysis.layers.forEach((l, i) => {
      const how = registration(l.id);
      if (how === 'attribute') body.push(`        self.${l.id} = ${exprs[i]}`);
      else if (how === 'add_module') body.push(`        self.add_module("${l.id}", ${exprs[i]})`);
      else {
        body.push(
          `        # "${l.id}" is also an nn.Module attribute name: registered directly`,
          `        self._modules["${l.id}"] = ${exprs[i]}`,
        );
      }
    });
    // Locals in forward: x_<id> with anything non-identifier replaced, made unique.
    const locals = new Map<string, string>([[INPUT_ID, 'x']]);
    const used = new Set(['x']);
    for (const l of analysis.layers) {
      const base = `x_${l.id.replace(/[^A-Za-z0-9_]/g, '_')}`;
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
      used.add(name);
      locals.set(l.id, name);
    }
    body.push('', '    def forward(self, x):');
    for (const l of analysis.layers) {
      const mod = registration(l.id) === 'attribute' ? `self.${l.id}` : `self._modules["${l.id}"]`;
      const args = l.inputs.map((s) => locals.get(s)!).join(', ');
      body.push(`        ${locals.get(l.id)} = ${mod}(${args})`);
    }
    body.push(`        return ${locals.get(analysis.layers[analysis.layers.length - 1].id)}`);
  }

  const bnLayers = analysis.layers.filter((l) => l.type === 'batchnorm').map((l) => `"${l.id}"`);
  const [c, h, w] = analysis.inputShape;
  const title = docText(spec.name ?? 'network');
  const lines = [
    `"""${title}: a convolutional network built in convplay, as a PyTorch module.`,
    '',
    'Generated by convplay. The state_dict keys of the module are the tensor names in',
    `${weightsFile} (<layer id>.weight, <layer id>.bias, ...), so the trained weights load`,
    'with strict checking and no renaming.',
    '',
    'Check it against PyTorch:',
    '    pip install torch safetensors    # and onnxruntime, to compare with the ONNX export',
    '    python model.py                  # loads the weights beside this file, runs a random',
    '                                     # batch, prints the output shape (and the ONNX diff)',
    'Use it:',
    '    from model import load',
    `    net = load("${weightsFile}")     # eval mode; net(x) for x of shape [N, ${c}, ${h}, ${w}]`,
    '"""',
    'import os',
    'import sys',
    ...(sequential ? ['from collections import OrderedDict'] : []),
    '',
    'import torch',
    ...(helpers.has('PaddedConv2d') ? ['import torch.nn.functional as F'] : []),
    'from torch import nn',
    '',
    `INPUT_SHAPE = (${c}, ${h}, ${w})  # channels, height, width`,
    `BATCHNORM_LAYERS = [${bnLayers.join(', ')}]`,
    '',
    '',
    ...[...helpers].sort().flatMap((name) => [HELPER_CODE[name], '']),
    ...body,
    '',
    '',
    'def load(path=None, device="cpu"):',
    `    """Builds ${cls} and loads convplay's weights (strict: every tensor must match)."""`,
    '    from safetensors.torch import load_file',
    '',
    '    if path is None:',
    `        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "${weightsFile}")`,
    `    model = ${cls}()`,
    '    state = load_file(path)',
    "    # convplay does not store BatchNorm's num_batches_tracked counter; PyTorch only reads it",
    '    # when momentum is None, which convplay never uses.',
    '    for name in BATCHNORM_LAYERS:',
    '        state.setdefault(name + ".num_batches_tracked", torch.zeros((), dtype=torch.long))',
    '    model.load_state_dict(state, strict=True)',
    '    return model.to(device).eval()',
    '',
    '',
    'if __name__ == "__main__":',
    '    here = os.path.dirname(os.path.abspath(__file__))',
    '    model = load(sys.argv[1] if len(sys.argv) > 1 else None)',
    '    print(model)',
    '    torch.manual_seed(0)',
    '    x = torch.rand(2, *INPUT_SHAPE)',
    '    with torch.no_grad():',
    '        logits = model(x)',
    '    print("input", tuple(x.shape), "-> output", tuple(logits.shape))',
    '    print("predicted classes:", logits.flatten(1).argmax(dim=1).tolist())',
    `    onnx_path = os.path.join(here, "${onnxFile}")`,
    '    try:',
    '        import onnxruntime',
    '    except ImportError:',
    '        onnxruntime = None',
    '    if onnxruntime is not None and os.path.exists(onnx_path):',
    '        session = onnxruntime.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])',
    '        (reference,) = session.run(["logits"], {"input": x.numpy()})',
    '        diff = (logits - torch.from_numpy(reference)).abs().max().item()',
    '        print(f"max |PyTorch - ONNX| = {diff:.2e}")',
    '',
  ];
  return lines.join('\n');
}
