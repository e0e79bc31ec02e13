// A tiny WebAssembly binary writer: just enough of the format (types, one imported memory,
// functions, exports, code) and of the instruction set (i32, f32, 128-bit SIMD) to emit the CPU
// backend's kernels at runtime. Generating the module from TypeScript means no build step, no
// generated binary in the repository and no toolchain dependency; the same code runs in Node,
// pages and workers.
//
// Only what the kernels use is here. Opcode numbers are from the WebAssembly core and SIMD
// specifications; the unit tests execute every kernel, so a wrong number fails loudly.

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

function uleb(out: number[], v: number): void {
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function sleb(out: number[], v: number): void {
  // v is a 32-bit signed integer.
  v |= 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function str(out: number[], s: string): void {
  const bytes = new TextEncoder().encode(s);
  uleb(out, bytes.length);
  out.push(...bytes);
}

function section(out: number[], id: number, body: number[]): void {
  out.push(id);
  uleb(out, body.length);
  out.push(...body);
}

/** A local variable or parameter, by index. */
export type Local = number;

/**
 * One function body. Instructions are appended by method calls in stack-machine order, e.g.
 * `f.get(a).get(b).i32Add().set(c)`. Structured control flow takes callbacks so blocks always
 * close.
 */
export class Fn {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(
    readonly name: string,
    readonly params: readonly ValType[],
    readonly results: readonly ValType[] = [],
  ) {}

  /** Parameter i as a local. */
  param(i: number): Local {
    return i;
  }

  local(t: ValType): Local {
    this.localTypes.push(t);
    return this.params.length + this.localTypes.length - 1;
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  private simd(opcode: number, ...imm: number[]): this {
    this.code.push(0xfd);
    uleb(this.code, opcode);
    this.code.push(...imm);
    return this;
  }

  private mem(alignLog2: number, offset: number): number[] {
    const m: number[] = [];
    uleb(m, alignLog2);
    uleb(m, offset);
    return m;
  }

  // ---- locals and constants ----
  get(l: Local): this {
    this.code.push(0x20);
    uleb(this.code, l);
    return this;
  }
  set(l: Local): this {
    this.code.push(0x21);
    uleb(this.code, l);
    return this;
  }
  tee(l: Local): this {
    this.code.push(0x22);
    uleb(this.code, l);
    return this;
  }
  i32(v: number): this {
    this.code.push(0x41);
    sleb(this.code, v);
    return this;
  }
  f32(v: number): this {
    const b = new Uint8Array(new Float32Array([v]).buffer);
    return this.op(0x43, ...b);
  }
  drop(): this {
    return this.op(0x1a);
  }
  select(): this {
    return this.op(0x1b);
  }

  // ---- control ----
  /** `block … end`; br 0 inside jumps past the end. */
  block(body: () => void): this {
    this.op(0x02, 0x40);
    body();
    return this.op(0x0b);
  }
  /** `loop … end`; br 0 inside jumps back to the start. */
  loop(body: () => void): this {
    this.op(0x03, 0x40);
    body();
    return this.op(0x0b);
  }
  /** `if … (else …) end` on the i32 on the stack. */
  if(then: () => void, otherwise?: () => void): this {
    this.op(0x04, 0x40);
    then();
    if (otherwise) {
      this.op(0x05);
      otherwise();
    }
    return this.op(0x0b);
  }
  br(depth: number): this {
    this.code.push(0x0c);
    uleb(this.code, depth);
    return this;
  }
  brIf(depth: number): this {
    this.code.push(0x0d);
    uleb(this.code, depth);
    return this;
  }
  ret(): this {
    return this.op(0x0f);
  }

  /**
   * for (i = from; i < to; i += step) body — `from`/`to` push an i32 each; i is signed.
   * The test is at the top, so an empty range runs nothing.
   */
  forRange(i: Local, from: () => void, to: () => void, step: number, body: () => void): this {
    from();
    this.set(i);
    return this.block(() => {
      this.loop(() => {
        this.get(i);
        to();
        this.i32GeS().brIf(1);
        body();
        this.get(i).i32(step).i32Add().set(i).br(0);
      });
    });
  }

  // ---- i32 ----
  i32Eqz(): this {
    return this.op(0x45);
  }
  i32Eq(): this {
    return this.op(0x46);
  }
  i32Ne(): this {
    return this.op(0x47);
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32GtS(): this {
    return this.op(0x4a);
  }
  i32LeS(): this {
    return this.op(0x4c);
  }
  i32GeS(): this {
    return this.op(0x4e);
  }
  i32LtU(): this {
    return this.op(0x49);
  }
  i32GeU(): this {
    return this.op(0x4f);
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32Or(): this {
    return this.op(0x72);
  }
  i32Shl(): this {
    return this.op(0x74);
  }
  i32ShrS(): this {
    return this.op(0x75);
  }
  i32ShrU(): this {
    return this.op(0x76);
  }
  i32Load(offset = 0): this {
    return this.op(0x28, ...this.mem(2, offset));
  }
  i32Store(offset = 0): this {
    return this.op(0x36, ...this.mem(2, offset));
  }

  // ---- f32 ----
  f32Load(offset = 0): this {
    return this.op(0x2a, ...this.mem(2, offset));
  }
  f32Store(offset = 0): this {
    return this.op(0x38, ...this.mem(2, offset));
  }
  f32Add(): this {
    return this.op(0x92);
  }
  f32Sub(): this {
    return this.op(0x93);
  }
  f32Mul(): this {
    return this.op(0x94);
  }
  f32Max(): this {
    return this.op(0x97);
  }
  f32Gt(): this {
    return this.op(0x5e);
  }
  f32Lt(): this {
    return this.op(0x5d);
  }
  f32Le(): this {
    return this.op(0x5f);
  }
  f32Eq(): this {
    return this.op(0x5b);
  }
  f32Ne(): this {
    return this.op(0x5c);
  }
  f32ConvertI32S(): this {
    return this.op(0xb2);
  }
  i32TruncF32S(): this {
    return this.op(0xa8);
  }

  // ---- v128 ----
  v128Load(offset = 0): this {
    return this.simd(0x00, ...this.mem(4, offset));
  }
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09, ...this.mem(2, offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, ...this.mem(4, offset));
  }
  v128Const(bytes: readonly number[]): this {
    return this.simd(0x0c, ...bytes);
  }
  v128Zero(): this {
    return this.v128Const(new Array(16).fill(0));
  }
  /** i8x16.shuffle of the two vectors on the stack by 16 lane indices (0–31). */
  i8x16Shuffle(lanes: readonly number[]): this {
    return this.simd(0x0d, ...lanes);
  }
  i32x4Splat(): this {
    return this.simd(0x11);
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f32x4ExtractLane(lane: number): this {
    return this.simd(0x1f, lane);
  }
  f32x4Eq(): this {
    return this.simd(0x41);
  }
  f32x4Lt(): this {
    return this.simd(0x43);
  }
  f32x4Gt(): this {
    return this.simd(0x44);
  }
  f32x4Le(): this {
    return this.simd(0x45);
  }
  v128Not(): this {
    return this.simd(0x4d);
  }
  v128And(): this {
    return this.simd(0x4e);
  }
  v128AndNot(): this {
    return this.simd(0x4f);
  }
  v128Or(): this {
    return this.simd(0x50);
  }
  /** bitselect(a, b, mask): bits of a where mask is 1, else b. */
  v128Bitselect(): this {
    return this.simd(0x52);
  }
  i32x4Add(): this {
    return this.simd(0xae);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f32x4Div(): this {
    return this.simd(0xe7);
  }
  f32x4Sqrt(): this {
    return this.simd(0xe3);
  }
  f32x4Max(): this {
    return this.simd(0xe9);
  }
  /** Pseudo-max b < a ? a : b: no NaN canonicalisation, one instruction on x86. */
  f32x4Pmax(): this {
    return this.simd(0xeb);
  }

  encode(): number[] {
    const body: number[] = [];
    // Locals, grouped into runs of one type.
    const runs: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    uleb(body, runs.length);
    for (const [n, t] of runs) {
      uleb(body, n);
      body.push(t);
    }
    body.push(...this.code, 0x0b);
    const out: number[] = [];
    uleb(out, body.length);
    out.push(...body);
    return out;
  }
}

/**
 * A module importing one memory as `env.memory` (so the host owns and grows it) and exporting
 * every function by name.
 */
export function assemble(
  fns: readonly Fn[],
  memory: { shared: boolean; maxPages?: number },
): Uint8Array<ArrayBuffer> {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  // Type section: one signature per function (duplicates are allowed and keep this simple).
  const types: number[] = [];
  uleb(types, fns.length);
  for (const f of fns) {
    types.push(0x60);
    uleb(types, f.params.length);
    types.push(...f.params);
    uleb(types, f.results.length);
    types.push(...f.results);
  }
  section(out, 1, types);
  // Import section: env.memory of at least one page; a maximum only when given (required
  // when shared).
  const imports: number[] = [];
  uleb(imports, 1);
  str(imports, 'env');
  str(imports, 'memory');
  const hasMax = memory.maxPages !== undefined;
  imports.push(0x02, (memory.shared ? 0x02 : 0) | (hasMax ? 0x01 : 0));
  uleb(imports, 1);
  if (hasMax) uleb(imports, memory.maxPages!);
  section(out, 2, imports);
  // Function section: function i has type i.
  const funcs: number[] = [];
  uleb(funcs, fns.length);
  fns.forEach((_, i) => uleb(funcs, i));
  section(out, 3, funcs);
  // Export section.
  const exps: number[] = [];
  uleb(exps, fns.length);
  fns.forEach((f, i) => {
    str(exps, f.name);
    exps.push(0x00);
    uleb(exps, i);
  });
  section(out, 7, exps);
  // Code section.
  const code: number[] = [];
  uleb(code, fns.length);
  for (const f of fns) code.push(...f.encode());
  section(out, 10, code);
  return Uint8Array.from(out);
}
