// The CPU backend: tensors are typed arrays, kernels are closures built once per program.
// `precision: 'f64'` runs the very same kernels in float64, which the gradient checks use as
// their reference.
import { METRIC, SCALAR, shapeSize, type Backend, type Kernel, type Tensor } from '../backend';
import type { Arr, ArrCtor } from './arrays';
import * as bn from './batchnorm';
import * as conv from './conv';
import * as ew from './elementwise';
import { gemm } from './gemm';
import * as loss from './loss';
import * as opt from './optim';
import * as pool from './pool';

export interface CpuTensor extends Tensor {
  readonly data: Arr;
}

interface CpuKernel extends Kernel {
  readonly exec: () => void;
}

export interface CpuBackendOptions {
  precision?: 'f32' | 'f64';
}

function k(label: string, exec: () => void): CpuKernel {
  return { label, exec };
}

export class CpuBackend implements Backend {
  readonly name = 'cpu' as const;
  readonly description: string;
  private readonly ctor: ArrCtor;

  constructor(opts: CpuBackendOptions = {}) {
    this.ctor = opts.precision === 'f64' ? Float64Array : Float32Array;
    this.description = opts.precision === 'f64' ? 'CPU (float64 reference)' : 'CPU (JavaScript)';
  }

  private d(t: Tensor): Arr {
    return (t as CpuTensor).data;
  }

  tensor(shape: readonly number[], label: string): CpuTensor {
    const size = shapeSize(shape);
    return { shape: [...shape], size, label, data: new this.ctor(size) };
  }

  view(base: Tensor, offset: number, shape: readonly number[], label: string): CpuTensor {
    const size = shapeSize(shape);
    if (offset < 0 || offset + size > base.size) {
      throw new RangeError(`view ${label} [${offset}, ${offset + size}) outside ${base.label}`);
    }
    return { shape: [...shape], size, label, data: this.d(base).subarray(offset, offset + size) };
  }

  write(t: Tensor, data: ArrayLike<number>, offset = 0): void {
    this.d(t).set(data, offset);
  }

  read(t: Tensor): Promise<Float32Array> {
    return Promise.resolve(Float32Array.from(this.d(t)));
  }

  /** Synchronous access for the engine's own CPU-side uses and tests. */
  readSync(t: Tensor): Arr {
    return this.d(t);
  }

  run(program: readonly Kernel[]): void {
    for (const kernel of program) (kernel as CpuKernel).exec();
  }

  sync(): Promise<void> {
    return Promise.resolve();
  }

  dispose(): void {}

  fill(t: Tensor, value: number): Kernel {
    const a = this.d(t);
    return k(`fill ${t.label}`, () => a.fill(value));
  }

  copy(src: Tensor, dst: Tensor): Kernel {
    const s = this.d(src);
    const d = this.d(dst);
    return k(`copy ${src.label}→${dst.label}`, () => d.set(s));
  }

  add(a: Tensor, b: Tensor, out: Tensor): Kernel {
    const x = this.d(a);
    const y = this.d(b);
    const o = this.d(out);
    return k(`add ${out.label}`, () => {
      for (let i = 0; i < o.length; i++) o[i] = x[i] + y[i];
    });
  }

  copyChannels(p: Parameters<Backend['copyChannels']>[0]): Kernel {
    const src = this.d(p.src);
    const dst = this.d(p.dst);
    const { n, srcC, dstC, offsetC, hw, direction } = p;
    const block = srcC * hw;
    return k(`copyChannels ${direction}`, () => {
      for (let i = 0; i < n; i++) {
        const s = i * block;
        const d = (i * dstC + offsetC) * hw;
        if (direction === 'scatter') dst.set(src.subarray(s, s + block), d);
        else src.set(dst.subarray(d, d + block), s);
      }
    });
  }

  conv2d(p: Parameters<Backend['conv2d']>[0]): Kernel {
    const [x, w, y] = [this.d(p.x), this.d(p.w), this.d(p.y)];
    const b = p.b ? this.d(p.b) : null;
    const { g, act, alpha } = p;
    const buf = { col: new this.ctor(conv.colSize(g)) };
    return k(`conv2d ${p.y.label}`, () => {
      conv.conv2dForward(x, w, y, g, buf);
      ew.biasActivate(y, b, g.n, g.k, g.oh * g.ow, act, alpha);
    });
  }

  conv2dBackwardData(p: Parameters<Backend['conv2dBackwardData']>[0]): Kernel {
    const [dy, w, dx] = [this.d(p.dy), this.d(p.w), this.d(p.dx)];
    const buf = { col: new this.ctor(conv.colSize(p.g)) };
    return k(`conv2d.dx ${p.dx.label}`, () => conv.conv2dBackwardData(dy, w, dx, p.g, buf));
  }

  conv2dBackwardFilter(p: Parameters<Backend['conv2dBackwardFilter']>[0]): Kernel {
    const [dy, x, dw] = [this.d(p.dy), this.d(p.x), this.d(p.dw)];
    const db = p.db ? this.d(p.db) : null;
    const { g } = p;
    const buf = { col: new this.ctor(conv.colSize(g)) };
    return k(`conv2d.dw ${p.dw.label}`, () => {
      conv.conv2dBackwardFilter(dy, x, dw, g, buf);
      if (db) ew.channelSum(dy, db, g.n, g.k, g.oh * g.ow);
    });
  }

  matmul(p: Parameters<Backend['matmul']>[0]): Kernel {
    const [a, b, c] = [this.d(p.a), this.d(p.b), this.d(p.c)];
    const bias = p.bias ? this.d(p.bias) : null;
    const { m, n, k: kk, transA, transB, act, alpha } = p;
    return k(`matmul ${p.c.label}`, () => {
      gemm({
        m, n, k: kk,
        a, aOff: 0, lda: transA ? m : kk, transA,
        b, bOff: 0, ldb: transB ? kk : n, transB,
        c, cOff: 0, ldc: n,
        accumulate: false,
      }); // prettier-ignore
      if (bias) {
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) c[i * n + j] += bias[j];
      }
      ew.activateInPlace(c, 0, m * n, act, alpha);
    });
  }

  channelSum(p: Parameters<Backend['channelSum']>[0]): Kernel {
    const [dy, out] = [this.d(p.dy), this.d(p.out)];
    return k(`channelSum ${p.out.label}`, () => ew.channelSum(dy, out, p.n, p.c, p.hw));
  }

  pool2d(p: Parameters<Backend['pool2d']>[0]): Kernel {
    const [x, y] = [this.d(p.x), this.d(p.y)];
    if (p.mode === 'max') {
      if (!p.argmax) throw new Error('max pooling needs an argmax tensor');
      const am = this.d(p.argmax);
      return k(`maxpool ${p.y.label}`, () => pool.maxPoolForward(x, y, am, p.g));
    }
    return k(`avgpool ${p.y.label}`, () => pool.avgPoolForward(x, y, p.g));
  }

  pool2dBackward(p: Parameters<Backend['pool2dBackward']>[0]): Kernel {
    const [dy, dx] = [this.d(p.dy), this.d(p.dx)];
    if (p.mode === 'max') {
      if (!p.argmax) throw new Error('max pooling needs an argmax tensor');
      const am = this.d(p.argmax);
      return k(`maxpool.dx ${p.dx.label}`, () => pool.maxPoolBackward(dy, dx, am));
    }
    return k(`avgpool.dx ${p.dx.label}`, () => pool.avgPoolBackward(dy, dx, p.g));
  }

  activation(p: Parameters<Backend['activation']>[0]): Kernel {
    const [x, y] = [this.d(p.x), this.d(p.y)];
    return k(`${p.act} ${p.y.label}`, () => {
      if (x !== y) y.set(x);
      ew.activateInPlace(y, 0, y.length, p.act, p.alpha);
    });
  }

  activationBackward(p: Parameters<Backend['activationBackward']>[0]): Kernel {
    const [x, y, dy, dx] = [this.d(p.x), this.d(p.y), this.d(p.dy), this.d(p.dx)];
    return k(`${p.act}.dx ${p.dx.label}`, () =>
      ew.activationBackward(x, y, dy, dx, p.act, p.alpha),
    );
  }

  dropout(p: Parameters<Backend['dropout']>[0]): Kernel {
    const [x, y, s] = [this.d(p.x), this.d(p.y), this.d(p.scalars)];
    return k(`dropout ${p.y.label}`, () => ew.dropout(x, y, p.rate, s[SCALAR.seed], p.salt));
  }

  dropoutBackward(p: Parameters<Backend['dropoutBackward']>[0]): Kernel {
    const [dy, dx, s] = [this.d(p.dy), this.d(p.dx), this.d(p.scalars)];
    return k(`dropout.dx ${p.dx.label}`, () => ew.dropout(dy, dx, p.rate, s[SCALAR.seed], p.salt));
  }

  batchNormTrain(p: Parameters<Backend['batchNormTrain']>[0]): Kernel {
    const t = [p.x, p.y, p.gamma, p.beta, p.mean, p.invStd, p.runMean, p.runVar].map((v) =>
      this.d(v),
    );
    return k(`batchnorm ${p.y.label}`, () =>
      bn.batchNormTrain(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], p.momentum, p.eps, p),
    );
  }

  batchNormEval(p: Parameters<Backend['batchNormEval']>[0]): Kernel {
    const t = [p.x, p.y, p.gamma, p.beta, p.runMean, p.runVar].map((v) => this.d(v));
    return k(`batchnorm.eval ${p.y.label}`, () =>
      bn.batchNormEval(t[0], t[1], t[2], t[3], t[4], t[5], p.eps, p),
    );
  }

  batchNormBackward(p: Parameters<Backend['batchNormBackward']>[0]): Kernel {
    const t = [p.dy, p.x, p.gamma, p.mean, p.invStd, p.dgamma, p.dbeta].map((v) => this.d(v));
    const dx = p.dx ? this.d(p.dx) : null;
    return k(`batchnorm.dx ${p.x.label}`, () =>
      bn.batchNormBackward(t[0], t[1], t[2], t[3], t[4], dx, t[5], t[6], p),
    );
  }

  softmaxCrossEntropy(p: Parameters<Backend['softmaxCrossEntropy']>[0]): Kernel {
    const [l, y, g, m] = [this.d(p.logits), this.d(p.labels), this.d(p.grad), this.d(p.metrics)];
    return k('softmax-xent', () => loss.softmaxCrossEntropy(l, y, g, m, p.n, p.c, p.scale));
  }

  hinge(p: Parameters<Backend['hinge']>[0]): Kernel {
    const [s, y, g, m] = [this.d(p.scores), this.d(p.labels), this.d(p.grad), this.d(p.metrics)];
    return k('hinge', () => loss.hinge(s, y, g, m, p.n, p.c, p.margin, p.scale));
  }

  regularize(p: Parameters<Backend['regularize']>[0]): Kernel {
    const [w, g] = [this.d(p.params), this.d(p.grads)];
    return k('regularize', () => opt.regularize(w, g, p.l1, p.l2));
  }

  regLoss(p: Parameters<Backend['regLoss']>[0]): Kernel {
    const [w, m] = [this.d(p.params), this.d(p.metrics)];
    return k('regLoss', () => {
      m[METRIC.regLoss] = opt.regLoss(w, p.l1, p.l2);
    });
  }

  maxNorm(p: Parameters<Backend['maxNorm']>[0]): Kernel {
    const w = this.d(p.w);
    return k(`maxNorm ${p.w.label}`, () => opt.maxNorm(w, p.rows, p.cols, p.maxNorm));
  }

  optimizerStep(p: Parameters<Backend['optimizerStep']>[0]): Kernel {
    const [w, g, s1, s2, sc] = [p.params, p.grads, p.s1, p.s2, p.scalars].map((v) => this.d(v));
    return k(`optimizer ${p.hyper.kind}`, () =>
      opt.optimizerStep(w, g, s1, s2, sc[SCALAR.lr], sc[SCALAR.bias1], sc[SCALAR.bias2], p.hyper),
    );
  }
}
