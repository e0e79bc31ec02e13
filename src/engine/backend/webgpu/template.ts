// A tiny preprocessor for the WGSL files in shaders/. WGSL has no macros, and the fast kernels
// need fully unrolled register tiles: on CPU-emulated adapters (SwiftShader) a loop over a
// private array is compiled to memory traffic per element, while unrolled scalar/vec4 locals
// stay in registers (measured ~10× faster). The syntax is deliberately small:
//
//   #for q in 0..RN          repeat the block for q = 0 .. RN-1 (bounds are expressions)
//   #for d in OFFSETS        repeat for each number of an array parameter
//   #if EXPR / #elif EXPR / #else / #end
//   {{EXPR}}                 substitute a value inline
//
// Expressions: integer and string literals ('relu'), parameter and loop names, + - * / %
// (integer division), comparisons, && || !, parentheses. Directive lines may be indented.

export type TemplateValue = number | string | boolean | readonly number[];
export type TemplateParams = Readonly<Record<string, TemplateValue>>;

type Node =
  | { kind: 'text'; line: string; lineNo: number }
  | { kind: 'for'; name: string; range: string; body: Node[]; lineNo: number }
  | { kind: 'if'; branches: { cond: string | null; body: Node[] }[]; lineNo: number };

const DIRECTIVE = /^\s*#(for|if|elif|else|end)\b\s*(.*)$/;

function parse(src: string, file: string): Node[] {
  const root: Node[] = [];
  // Stack of open blocks: where new nodes go, and the block node itself.
  const stack: { target: Node[]; node: Node | null }[] = [{ target: root, node: null }];
  const lines = src.split('\n');
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    const m = DIRECTIVE.exec(line);
    const top = stack[stack.length - 1];
    if (!m) {
      top.target.push({ kind: 'text', line, lineNo });
      return;
    }
    const [, word, rest] = m;
    const fail = (msg: string): never => {
      throw new Error(`${file}:${lineNo}: ${msg}`);
    };
    switch (word) {
      case 'for': {
        const fm = /^([A-Za-z_]\w*)\s+in\s+(.+)$/.exec(rest.trim());
        if (!fm) fail(`bad #for: ${line.trim()}`);
        const node: Node = { kind: 'for', name: fm![1], range: fm![2], body: [], lineNo };
        top.target.push(node);
        stack.push({ target: node.body, node });
        return;
      }
      case 'if': {
        const node: Node = { kind: 'if', branches: [{ cond: rest, body: [] }], lineNo };
        top.target.push(node);
        stack.push({ target: node.branches[0].body, node });
        return;
      }
      case 'elif':
      case 'else': {
        const node = top.node;
        if (!node || node.kind !== 'if') fail(`#${word} without #if`);
        const branch = { cond: word === 'else' ? null : rest, body: [] as Node[] };
        (node as Extract<Node, { kind: 'if' }>).branches.push(branch);
        top.target = branch.body;
        return;
      }
      case 'end':
        if (stack.length === 1) fail('#end without an open block');
        stack.pop();
        return;
    }
  });
  if (stack.length > 1) throw new Error(`${file}: unclosed #${stack[stack.length - 1].node!.kind}`);
  return root;
}

// ---- expressions -------------------------------------------------------------------------------

type Scope = Record<string, TemplateValue>;

function tokenize(expr: string): string[] {
  const re = /\s*(\d+|'[^']*'|[A-Za-z_]\w*|&&|\|\||==|!=|<=|>=|\.\.|[-+*/%()<>!])/y;
  const out: string[] = [];
  let pos = 0;
  while (pos < expr.length) {
    if (/^\s*$/.test(expr.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(expr);
    if (!m) throw new Error(`cannot parse expression "${expr}" at "${expr.slice(pos)}"`);
    out.push(m[1]);
    pos = re.lastIndex;
  }
  return out;
}

/** Precedence-climbing evaluator over the token list. */
function evaluate(expr: string, scope: Scope): TemplateValue {
  const toks = tokenize(expr);
  let i = 0;
  const peek = () => toks[i];
  const next = () => toks[i++];
  const num = (v: TemplateValue): number => {
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    throw new Error(`"${expr}": ${JSON.stringify(v)} is not a number`);
  };
  const truthy = (v: TemplateValue) => (typeof v === 'number' ? v !== 0 : Boolean(v));
  const levels: string[][] = [
    ['||'],
    ['&&'],
    ['==', '!='],
    ['<', '<=', '>', '>='],
    ['+', '-'],
    ['*', '/', '%'],
  ];
  function primary(): TemplateValue {
    const t = next();
    if (t === undefined) throw new Error(`"${expr}": unexpected end`);
    if (t === '(') {
      const v = binary(0);
      if (next() !== ')') throw new Error(`"${expr}": missing )`);
      return v;
    }
    if (t === '!') return !truthy(primary());
    if (t === '-') return -num(primary());
    if (/^\d+$/.test(t)) return Number(t);
    if (t.startsWith("'")) return t.slice(1, -1);
    if (t === 'true' || t === 'false') return t === 'true';
    if (/^[A-Za-z_]/.test(t)) {
      if (!(t in scope)) throw new Error(`"${expr}": unknown name ${t}`);
      return scope[t];
    }
    throw new Error(`"${expr}": unexpected ${t}`);
  }
  function binary(level: number): TemplateValue {
    if (level === levels.length) return primary();
    let left = binary(level + 1);
    while (peek() !== undefined && levels[level].includes(peek())) {
      const op = next();
      const right = binary(level + 1);
      switch (op) {
        case '||': left = truthy(left) || truthy(right); break;
        case '&&': left = truthy(left) && truthy(right); break;
        case '==': left = left === right; break;
        case '!=': left = left !== right; break;
        case '<': left = num(left) < num(right); break;
        case '<=': left = num(left) <= num(right); break;
        case '>': left = num(left) > num(right); break;
        case '>=': left = num(left) >= num(right); break;
        case '+': left = num(left) + num(right); break;
        case '-': left = num(left) - num(right); break;
        case '*': left = num(left) * num(right); break;
        case '/': left = Math.trunc(num(left) / num(right)); break;
        case '%': left = num(left) % num(right); break;
      } // prettier-ignore
    }
    return left;
  }
  const v = binary(0);
  if (i !== toks.length) throw new Error(`"${expr}": trailing ${toks.slice(i).join(' ')}`);
  return v;
}

function render(nodes: Node[], scope: Scope, out: string[], file: string): void {
  for (const n of nodes) {
    try {
      if (n.kind === 'text') {
        out.push(
          n.line.replace(/\{\{(.*?)\}\}/g, (_, e: string) => {
            const v = evaluate(e, scope);
            return Array.isArray(v) ? v.join(', ') : String(v);
          }),
        );
      } else if (n.kind === 'for') {
        const range = /^(.*)\.\.(.*)$/.exec(n.range);
        let values: readonly number[];
        if (range) {
          const lo = evaluate(range[1], scope) as number;
          const hi = evaluate(range[2], scope) as number;
          values = Array.from({ length: Math.max(0, hi - lo) }, (_, k) => lo + k);
        } else {
          const v = evaluate(n.range, scope);
          if (!Array.isArray(v)) throw new Error(`#for over ${n.range}: not an array`);
          values = v;
        }
        for (const v of values) render(n.body, { ...scope, [n.name]: v }, out, file);
      } else {
        for (const b of n.branches) {
          const v = b.cond === null ? true : evaluate(b.cond, scope);
          if (typeof v === 'number' ? v !== 0 : Boolean(v)) {
            render(b.body, scope, out, file);
            break;
          }
        }
      }
    } catch (e) {
      if (e instanceof Error && !e.message.startsWith(file)) {
        throw new Error(`${file}:${n.lineNo}: ${e.message}`, { cause: e });
      }
      throw e;
    }
  }
}

const parsed = new Map<string, Node[]>();

/** Expands a template with parameters; the parse is cached per source text. */
export function expandTemplate(src: string, params: TemplateParams, file = 'shader'): string {
  let tree = parsed.get(src);
  if (!tree) {
    tree = parse(src, file);
    parsed.set(src, tree);
  }
  const out: string[] = [];
  render(tree, { ...params }, out, file);
  // Blank lines left by directives are noise in compiler messages; keep the text compact.
  return out.filter((l) => l.trim() !== '').join('\n');
}
