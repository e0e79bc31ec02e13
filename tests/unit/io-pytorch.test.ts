// PyTorch code generation. PyTorch is not installed here (nor on CI), so the generated model.py
// is checked with Python's own parser: it must be valid Python, register exactly one submodule
// per layer under the layer's id (so state_dict keys equal the safetensors names), build each
// with the right class and settings, and only read values in forward() after they are computed.
// To check against PyTorch itself: put model.py beside model.safetensors (and model.onnx) from an
// export bundle, `pip install torch safetensors onnxruntime`, run `python model.py`: it loads the
// weights strictly and prints max |PyTorch − ONNX|.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exportPytorch } from '../../src/engine/io/pytorch';
import type { NetworkSpec } from '../../src/engine/spec';
import { convPoolDenseBn, residualDag, unevenSamePadding } from '../helpers/io-nets';
import { dag, lenet, seq } from '../helpers/specs';

/**
 * Runs in python3: parses the source from stdin and reports, as JSON, the class the module
 * derives from, each registered submodule (name → constructor source) and the names forward()
 * reads before assigning them.
 */
const INSPECT = String.raw`
import ast, json, sys
src = sys.stdin.read()
tree = ast.parse(src)
out = {"base": None, "modules": {}, "undefined": [], "functions": []}
for node in tree.body:
    if isinstance(node, ast.FunctionDef):
        out["functions"].append(node.name)
    if not (isinstance(node, ast.ClassDef) and node.name == "Net"):
        continue
    out["base"] = ast.unparse(node.bases[0])
    for fn in node.body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        if fn.name == "__init__":
            for st in ast.walk(fn):
                # self.name = Ctor(...)
                if isinstance(st, ast.Assign) and isinstance(st.targets[0], ast.Attribute):
                    out["modules"][st.targets[0].attr] = ast.unparse(st.value)
                # self._modules["name"] = Ctor(...)
                if isinstance(st, ast.Assign) and isinstance(st.targets[0], ast.Subscript):
                    out["modules"][st.targets[0].slice.value] = ast.unparse(st.value)
                # self.add_module("name", Ctor(...))
                if isinstance(st, ast.Call) and ast.unparse(st.func) == "self.add_module":
                    out["modules"][st.args[0].value] = ast.unparse(st.args[1])
                # OrderedDict([("name", Ctor(...)), ...]) for nn.Sequential
                if isinstance(st, ast.Tuple) and len(st.elts) == 2 and isinstance(st.elts[0], ast.Constant):
                    out["modules"][st.elts[0].value] = ast.unparse(st.elts[1])
        if fn.name == "forward":
            known = {"self", "x"}
            for st in fn.body:
                for n in ast.walk(st.value):
                    if isinstance(n, ast.Name) and n.id not in known:
                        out["undefined"].append(n.id)
                if isinstance(st, ast.Assign):
                    known.add(st.targets[0].id)
print(json.dumps(out))
`;

interface Inspection {
  base: string;
  modules: Record<string, string>;
  undefined: string[];
  functions: string[];
}

function inspect(source: string): Inspection {
  const r = spawnSync('python3', ['-c', INSPECT], { input: source, encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      'python3 is needed to check the generated PyTorch code (Python 3.9+, no packages): install it',
    );
  }
  if (r.status !== 0) throw new Error(`generated model.py does not parse:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Inspection;
}

function check(spec: NetworkSpec): { code: string; info: Inspection } {
  const code = exportPytorch(spec);
  const info = inspect(code);
  // One submodule per layer, named exactly by the layer id: state_dict keys are `<id>.weight`.
  expect(Object.keys(info.modules).sort()).toEqual(spec.layers.map((l) => l.id).sort());
  expect(info.undefined).toEqual([]);
  expect(info.functions).toContain('load');
  expect(code).toContain('model.load_state_dict(state, strict=True)');
  expect(code).toContain('from safetensors.torch import load_file');
  expect(code).toContain('if __name__ == "__main__":');
  return { code, info };
}

describe('PyTorch code generation', () => {
  it('a chain becomes an nn.Sequential with the layer ids as names', () => {
    const { code, info } = check(lenet());
    expect(info.base).toBe('nn.Sequential');
    expect(info.modules.conv1).toBe(
      'nn.Conv2d(1, 8, kernel_size=5, stride=1, padding=2, dilation=1, bias=True)',
    );
    expect(info.modules.pool1).toBe('nn.MaxPool2d(kernel_size=2, stride=2, padding=0)');
    expect(info.modules.flat).toBe('nn.Flatten()');
    expect(info.modules.fc).toBe('nn.Linear(784, 10, bias=True)');
    expect(code).toContain('INPUT_SHAPE = (1, 28, 28)');
    expect(code).toContain('BATCHNORM_LAYERS = []');
  });

  it('batch norm, average pooling and dropout carry their settings', () => {
    const { code, info } = check(convPoolDenseBn());
    expect(info.modules.bn1).toBe('nn.BatchNorm2d(8, eps=0.001, momentum=0.2)');
    expect(info.modules.bn3).toBe('nn.BatchNorm1d(32, eps=1e-05, momentum=0.1)');
    expect(info.modules.conv2).toContain('bias=False');
    expect(info.modules.pool2).toBe(
      'nn.AvgPool2d(kernel_size=3, stride=2, padding=1, count_include_pad=True)',
    );
    expect(info.modules.drop).toBe('nn.Dropout(p=0.3)');
    // load() supplies BatchNorm's step counter, which safetensors files from convplay lack.
    expect(code).toContain('BATCHNORM_LAYERS = ["bn1", "bn2", "bn3"]');
    expect(code).toContain('num_batches_tracked');
  });

  it('a DAG gets a forward() that follows the inputs, hyphenated ids kept as names', () => {
    const { code, info } = check(residualDag());
    expect(info.base).toBe('nn.Module');
    expect(info.modules['res-add']).toBe('Add()');
    expect(info.modules.cat).toBe('Concat()');
    expect(info.modules.gap).toBe('nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())');
    expect(info.modules.b1act).toBe('nn.LeakyReLU(negative_slope=0.1)');
    expect(info.modules.b2act).toBe('nn.ELU(alpha=0.7)');
    expect(info.modules.bnflat).toBe('nn.BatchNorm1d(8, eps=1e-05, momentum=0.1)');
    expect(code).toContain('self.add_module("res-add", Add())');
    expect(code).toContain('x_res_add = self._modules["res-add"](x_stem_act, x_b1act)');
    expect(code).toContain('x_cat = self.cat(x_b2act, x_b3act, x_b4act)');
    expect(code).toContain('x_add3 = self.add3(x_logits, x_res_add, x_stem)');
    expect(code).toContain('return x_out');
    expect(code).toContain('class Add(nn.Module)');
    expect(code).not.toContain('class PaddedConv2d');
  });

  it('uneven "same" padding pads explicitly (left, right, top, bottom) before the conv', () => {
    const { code, info } = check(unevenSamePadding());
    expect(info.modules.c1).toBe(
      'PaddedConv2d(2, 6, kernel_size=4, stride=2, pads=(1, 2, 1, 2), dilation=1, bias=True)',
    );
    expect(info.modules.c3).toBe(
      'PaddedConv2d(5, 4, kernel_size=3, stride=2, pads=(2, 2, 1, 2), dilation=2, bias=True)',
    );
    expect(code).toContain('return super().forward(F.pad(x, self.pads))');
    expect(code).toContain('import torch.nn.functional as F');
    // Even "same" padding stays an ordinary Conv2d.
    const even = check(seq([3, 8, 6], [['c', 'conv2d', { kernel: 5, padding: 'same' }]]));
    expect(even.info.modules.c).toBe(
      'nn.Conv2d(3, 8, kernel_size=5, stride=1, padding=2, dilation=1, bias=True)',
    );
  });

  it('ids that are keywords or nn.Module attributes keep their names', () => {
    const spec = dag(
      [1, 4, 4],
      [
        { id: 'forward', type: 'conv2d', config: { filters: 2 } },
        { id: 'class', type: 'relu', config: {} },
        { id: 'training', type: 'flatten', config: {} },
        { id: '_x', type: 'dense', config: { units: 3 } },
      ],
    );
    const { code, info } = check(spec);
    expect(info.base).toBe('nn.Module');
    expect(code).toContain('self._modules["forward"] = nn.Conv2d(');
    expect(code).toContain('self._modules["training"] = nn.Flatten()');
    expect(code).toContain('self._modules["_x"] = nn.Linear(8, 3, bias=True)');
    expect(code).toContain('self.add_module("class", nn.ReLU())');
    expect(code).toContain('x_forward = self._modules["forward"](x)');
  });

  it('puts the network name in the docstring safely', () => {
    const { code } = check({ ...lenet(), name: 'my """net"""\n\\ with quotes' });
    expect(code.split('\n')[0]).toBe(
      '"""my net with quotes: a convolutional network built in convplay, as a PyTorch module.',
    );
  });
});
