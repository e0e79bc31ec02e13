// The CPU backend: tensors are typed arrays, kernels are closures built once per program.
// `precision: 'f64'` runs the very same kernels in float64, which the gradient checks use as
// their reference.
import {
  METRIC,
  SCALAR,
  shapeSize,
  type Backend,
  type Kernel,
  type Pool2dGeometry,
  type Tensor,
} from '../backend';
import type { Arr, ArrCtor } from './arrays';
import * as bn from './batchnorm';
import * as conv from './conv';
import * as ew from './elementwise';
import { gemm } from './gemm';
import * as loss from './loss';
import * as opt from './optim';
import * as pool from './pool';
import * as wasm from './wasm/ops';
import { kernelModule, WasmHeap } from './wasm/runtime';

export interface CpuTensor extends Tensor {
  /** The elements. On the wasm path a fresh view after heap growth: never keep it across ops. */
  readonly data: Arr;
}

/** A tensor in its own typed array (float64 checks and the plain JavaScript path). */
class ArrayTensor implements CpuTensor {
  constructor(
    readonly shape: readonly number[],
    readonly size: number,
    readonly label: string,
    readonly data: Arr,
  ) {}
}

/**
 * A float32 tensor in the wasm heap: a byte pointer, and a view re-derived after the heap grows
 * (growth detaches the old one).
 */
class HeapTensor implements CpuTensor {
  private view: Float32Array;
  private generation: number;

  constructor(
    readonly shape: readonly number[],
    readonly size: number,
    readonly label: string,
    readonly heap: WasmHeap,
    readonly ptr: number,
  ) {
    this.generation = heap.generation;
    this.view = heap.f32.subarray(ptr / 4, ptr / 4 + size);
  }

  get data(): Float32Array {
    if (this.generation !== this.heap.generation) {
      this.generation = this.heap.generation;
      this.view = this.heap.f32.subarray(this.ptr / 4, this.ptr / 4 + this.size);
    }
    return this.view;
  }
}

interface CpuKernel extends Kernel {
  readonly exec: () => void;
}

export interface CpuBackendOptions {
  precision?: 'f32' | 'f64';
  /**
   * float32 only: run on the WebAssembly SIMD kernels when the engine supports them (default
   * true). false forces the plain JavaScript kernels, the fallback where wasm SIMD is missing.
   */
  wasm?: boolean;
}

/** 2×2 windows at stride 2, no padding: the wasm pooling kernels' case. */
function isPool2x2(g: Pool2dGeometry): boolean {
  return g.kh === 2 && g.kw === 2 && g.sh === 2 && g.sw === 2 && g.ph === 0 && g.pw === 0;
}

function k(label: string, exec: () => void): CpuKernel {
  return { label, exec };
}

/** The current elements of a tensor. Kernels call this when they run, never when built. */
function D(t: Tensor): Arr {
  return (t as CpuTensor).data;
}

export class CpuBackend implements Backend {
  readonly name = 'cpu' as const;
  readonly description: string;
  private readonly ctor: ArrCtor;
  /** The wasm heap every tensor lives in, or null on the JavaScript path. */
  private readonly heap: WasmHeap | null;

  constructor(opts: CpuBackendOptions = {}) {
    const f64 = opts.precision === 'f64';
    this.ctor = f64 ? Float64Array : Float32Array;
    const module = !f64 && opts.wasm !== false ? kernelModule() : null;
    this.heap = module ? new WasmHeap(module) : null;
    this.description = f64
      ? 'CPU (float64 reference)'
      : this.heap
        ? 'CPU (WebAssembly SIMD)'
        : 'CPU (JavaScript)';
  }

  /** True when the float32 kernels run as WebAssembly SIMD. */
  get usesWasm(): boolean {
    return this.heap !== null;
  }

  /** Byte pointer of a heap tensor (wasm path only). */
  private ptr(t: Tensor): number {
    return (t as HeapTensor).ptr;
  }

  tensor(shape: readonly number[], label: string): CpuTensor {
    const size = shapeSize(shape);
    if (this.heap) {
      return new HeapTensor([...shape], size, label, this.heap, this.heap.alloc(size * 4));
    }
    return new ArrayTensor([...shape], size, label, new this.ctor(size));
  }

  view(base: Tensor, offset: number, shape: readonly number[], label: string): CpuTensor {
    const size = shapeSize(shape);
    if (offset < 0 || offset + size > base.size) {
      throw new RangeError(`view ${label} [${offset}, ${offset + size}) outside ${base.label}`);
    }
    if (base instanceof HeapTensor) {
      return new HeapTensor([...shape], size, label, base.heap, base.ptr + offset * 4);
    }
    return new ArrayTensor([...shape], size, label, D(base).subarray(offset, offset + size));
  }

  write(t: Tensor, data: ArrayLike<number>, offset = 0): void {
    D(t).set(data, offset);
  }

  read(t: Tensor): Promise<Float32Array> {
    return Promise.resolve(Float32Array.from(D(t)));
  }

  /**
   * Synchronous access for the engine's own CPU-side uses and tests. On the wasm path the view
   * is valid until the next tensor is created.
   */
  readSync(t: Tensor): Arr {
    return D(t);
  }

  run(program: readonly Kernel[]): void {
    for (const kernel of program) (kernel as CpuKernel).exec();
  }

  sync(): Promise<void> {
    return Promise.resolve();
  }

  dispose(): void {}

  fill(t: Tensor, value: number): Kernel {
    return k(`fill ${t.label}`, () => D(t).fill(value));
  }

  copy(src: Tensor, dst: Tensor): Kernel {
    return k(`copy ${src.label}→${dst.label}`, () => D(dst).set(D(src)));
  }

  add(a: Tensor, b: Tensor, out: Tensor): Kernel {
    return k(`add ${out.label}`, () => {
      const [x, y, o] = [D(a), D(b), D(out)];
      for (let i = 0; i < o.length; i++) o[i] = x[i] + y[i];
    });
  }

  copyChannels(p: Parameters<Backend['copyChannels']>[0]): Kernel {
    const { n, srcC, dstC, offsetC, hw, direction } = p;
    const block = srcC * hw;
    return k(`copyChannels ${direction}`, () => {
      const [src, dst] = [D(p.src), D(p.dst)];
      for (let i = 0; i < n; i++) {
        const s = i * block;
        const d = (i * dstC + offsetC) * hw;
        if (direction === 'scatter') dst.set(src.subarray(s, s + block), d);
        else src.set(dst.subarray(d, d + block), s);
      }
    });
  }

  conv2d(p: Parameters<Backend['conv2d']>[0]): Kernel {
    const { g, act, alpha } = p;
    const label = `conv2d ${p.y.label}`;
    if (this.heap) {
      const run = wasm.conv2dForward(this.heap, {
        x: this.ptr(p.x), w: this.ptr(p.w), b: p.b ? this.ptr(p.b) : 0, y: this.ptr(p.y), g,
        relu: act === 'relu',
      }); // prettier-ignore
      if (act === 'relu' || act === 'none') return k(label, run);
      return k(label, () => {
        run();
        ew.activateInPlace(D(p.y), 0, p.y.size, act, alpha);
      });
    }
    const buf = { col: new this.ctor(conv.colSize(g)) };
    return k(label, () => {
      const y = D(p.y);
      conv.conv2dForward(D(p.x), D(p.w), y, g, buf);
      ew.biasActivate(y, p.b ? D(p.b) : null, g.n, g.k, g.oh * g.ow, act, alpha);
    });
  }

  conv2dBackwardData(p: Parameters<Backend['conv2dBackwardData']>[0]): Kernel {
    const label = `conv2d.dx ${p.dx.label}`;
    if (this.heap) {
      const { dy, w, dx } = p;
      return k(
        label,
        wasm.conv2dBackwardData(this.heap, {
          dy: this.ptr(dy), w: this.ptr(w), dx: this.ptr(dx), g: p.g,
        }), // prettier-ignore
      );
    }
    const buf = { col: new this.ctor(conv.colSize(p.g)) };
    return k(label, () => conv.conv2dBackwardData(D(p.dy), D(p.w), D(p.dx), p.g, buf));
  }

  conv2dBackwardFilter(p: Parameters<Backend['conv2dBackwardFilter']>[0]): Kernel {
    const { g } = p;
    const label = `conv2d.dw ${p.dw.label}`;
    const biasGrad = () => {
      if (p.db) ew.channelSum(D(p.dy), D(p.db), g.n, g.k, g.oh * g.ow);
    };
    const heap = this.heap;
    if (heap) {
      const run = wasm.conv2dBackwardFilter(heap, {
        dy: this.ptr(p.dy), x: this.ptr(p.x), dw: this.ptr(p.dw), g,
      }); // prettier-ignore
      const [dy, db] = [this.ptr(p.dy), p.db ? this.ptr(p.db) : 0];
      return k(label, () => {
        run();
        if (db) heap.k.channelSum(dy, db, g.n, g.k, g.oh * g.ow);
      });
    }
    const buf = { col: new this.ctor(conv.colSize(g)) };
    return k(label, () => {
      conv.conv2dBackwardFilter(D(p.dy), D(p.x), D(p.dw), g, buf);
      biasGrad();
    });
  }

  matmul(p: Parameters<Backend['matmul']>[0]): Kernel {
    const { m, n, k: kk, transA, transB, act, alpha } = p;
    const label = `matmul ${p.c.label}`;
    if (this.heap) {
      const run = wasm.matmul(this.heap, {
        a: this.ptr(p.a), b: this.ptr(p.b), c: this.ptr(p.c), m, n, k: kk, transA, transB,
        bias: p.bias ? this.ptr(p.bias) : 0, act,
      }); // prettier-ignore
      if (act === 'relu' || act === 'none') return k(label, run);
      return k(label, () => {
        run();
        ew.activateInPlace(D(p.c), 0, m * n, act, alpha);
      });
    }
    return k(label, () => {
      const c = D(p.c);
      gemm({
        m, n, k: kk,
        a: D(p.a), aOff: 0, lda: transA ? m : kk, transA,
        b: D(p.b), bOff: 0, ldb: transB ? kk : n, transB,
        c, cOff: 0, ldc: n,
        accumulate: false,
      }); // prettier-ignore
      if (p.bias) {
        const bias = D(p.bias);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) c[i * n + j] += bias[j];
      }
      ew.activateInPlace(c, 0, m * n, act, alpha);
    });
  }

  channelSum(p: Parameters<Backend['channelSum']>[0]): Kernel {
    const label = `channelSum ${p.out.label}`;
    const heap = this.heap;
    if (heap) {
      const [dy, out] = [this.ptr(p.dy), this.ptr(p.out)];
      return k(label, () => heap.k.channelSum(dy, out, p.n, p.c, p.hw));
    }
    return k(label, () => ew.channelSum(D(p.dy), D(p.out), p.n, p.c, p.hw));
  }

  pool2d(p: Parameters<Backend['pool2d']>[0]): Kernel {
    if (p.mode === 'max') {
      const am = p.argmax;
      if (!am) throw new Error('max pooling needs an argmax tensor');
      const heap = this.heap;
      const { g } = p;
      if (heap && isPool2x2(g)) {
        const [x, y, a] = [this.ptr(p.x), this.ptr(p.y), this.ptr(am)];
        return k(`maxpool ${p.y.label}`, () =>
          heap.k.maxPool2x2(x, y, a, g.n * g.c, g.h, g.w, g.oh, g.ow),
        );
      }
      return k(`maxpool ${p.y.label}`, () => pool.maxPoolForward(D(p.x), D(p.y), D(am), g));
    }
    return k(`avgpool ${p.y.label}`, () => pool.avgPoolForward(D(p.x), D(p.y), p.g));
  }

  pool2dBackward(p: Parameters<Backend['pool2dBackward']>[0]): Kernel {
    if (p.mode === 'max') {
      const am = p.argmax;
      if (!am) throw new Error('max pooling needs an argmax tensor');
      const heap = this.heap;
      const { g } = p;
      if (heap && isPool2x2(g)) {
        const [dy, a, dx] = [this.ptr(p.dy), this.ptr(am), this.ptr(p.dx)];
        // The kernel writes every input a window covers; an odd last row/column is not.
        const uncovered = g.h !== 2 * g.oh || g.w !== 2 * g.ow;
        return k(`maxpool.dx ${p.dx.label}`, () => {
          if (uncovered) D(p.dx).fill(0);
          heap.k.maxPool2x2Backward(dy, a, dx, g.n * g.c, g.h, g.w, g.oh, g.ow);
        });
      }
      return k(`maxpool.dx ${p.dx.label}`, () => pool.maxPoolBackward(D(p.dy), D(p.dx), D(am)));
    }
    return k(`avgpool.dx ${p.dx.label}`, () => pool.avgPoolBackward(D(p.dy), D(p.dx), p.g));
  }

  activation(p: Parameters<Backend['activation']>[0]): Kernel {
    const label = `${p.act} ${p.y.label}`;
    const heap = this.heap;
    if (heap && p.act === 'relu') {
      const [x, y, n] = [this.ptr(p.x), this.ptr(p.y), p.y.size];
      return k(label, () => heap.k.relu(x, y, n));
    }
    return k(label, () => {
      const [x, y] = [D(p.x), D(p.y)];
      if (x !== y) y.set(x);
      ew.activateInPlace(y, 0, y.length, p.act, p.alpha);
    });
  }

  activationBackward(p: Parameters<Backend['activationBackward']>[0]): Kernel {
    const label = `${p.act}.dx ${p.dx.label}`;
    const heap = this.heap;
    if (heap && p.act === 'relu') {
      const [y, dy, dx, n] = [this.ptr(p.y), this.ptr(p.dy), this.ptr(p.dx), p.dx.size];
      return k(label, () => heap.k.reluBackward(y, dy, dx, n));
    }
    return k(label, () => ew.activationBackward(D(p.x), D(p.y), D(p.dy), D(p.dx), p.act, p.alpha));
  }

  dropout(p: Parameters<Backend['dropout']>[0]): Kernel {
    return k(`dropout ${p.y.label}`, () =>
      ew.dropout(D(p.x), D(p.y), p.rate, D(p.scalars)[SCALAR.seed], p.salt),
    );
  }

  dropoutBackward(p: Parameters<Backend['dropoutBackward']>[0]): Kernel {
    return k(`dropout.dx ${p.dx.label}`, () =>
      ew.dropout(D(p.dy), D(p.dx), p.rate, D(p.scalars)[SCALAR.seed], p.salt),
    );
  }

  batchNormTrain(p: Parameters<Backend['batchNormTrain']>[0]): Kernel {
    return k(`batchnorm ${p.y.label}`, () => {
      const t = [p.x, p.y, p.gamma, p.beta, p.mean, p.invStd, p.runMean, p.runVar].map(D);
      bn.batchNormTrain(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], p.momentum, p.eps, p);
    });
  }

  batchNormEval(p: Parameters<Backend['batchNormEval']>[0]): Kernel {
    return k(`batchnorm.eval ${p.y.label}`, () => {
      const t = [p.x, p.y, p.gamma, p.beta, p.runMean, p.runVar].map(D);
      bn.batchNormEval(t[0], t[1], t[2], t[3], t[4], t[5], p.eps, p);
    });
  }

  batchNormBackward(p: Parameters<Backend['batchNormBackward']>[0]): Kernel {
    return k(`batchnorm.dx ${p.x.label}`, () => {
      const t = [p.dy, p.x, p.gamma, p.mean, p.invStd, p.dgamma, p.dbeta].map(D);
      const dx = p.dx ? D(p.dx) : null;
      bn.batchNormBackward(t[0], t[1], t[2], t[3], t[4], dx, t[5], t[6], p);
    });
  }

  softmaxCrossEntropy(p: Parameters<Backend['softmaxCrossEntropy']>[0]): Kernel {
    return k(
      'softmax-xent',
      () =>
      loss.softmaxCrossEntropy(
        D(p.logits), D(p.labels), D(p.grad), D(p.metrics), p.n, p.c, p.scale,
      ), // prettier-ignore
    );
  }

  hinge(p: Parameters<Backend['hinge']>[0]): Kernel {
    return k('hinge', () =>
      loss.hinge(D(p.scores), D(p.labels), D(p.grad), D(p.metrics), p.n, p.c, p.margin, p.scale),
    );
  }

  regularize(p: Parameters<Backend['regularize']>[0]): Kernel {
    return k('regularize', () => opt.regularize(D(p.params), D(p.grads), p.l1, p.l2));
  }

  regLoss(p: Parameters<Backend['regLoss']>[0]): Kernel {
    return k('regLoss', () => {
      D(p.metrics)[METRIC.regLoss] = opt.regLoss(D(p.params), p.l1, p.l2);
    });
  }

  maxNorm(p: Parameters<Backend['maxNorm']>[0]): Kernel {
    return k(`maxNorm ${p.w.label}`, () => opt.maxNorm(D(p.w), p.rows, p.cols, p.maxNorm));
  }

  optimizerStep(p: Parameters<Backend['optimizerStep']>[0]): Kernel {
    return k(`optimizer ${p.hyper.kind}`, () => {
      const sc = D(p.scalars);
      opt.optimizerStep(
        D(p.params), D(p.grads), D(p.s1), D(p.s2),
        sc[SCALAR.lr], sc[SCALAR.bias1], sc[SCALAR.bias2], p.hyper,
      ); // prettier-ignore
    });
  }
}
