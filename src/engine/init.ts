// Weight initialisation schemes. Biases start at zero and batch-norm scales at one whatever the
// scheme; the scheme decides the weights' scale, which is what makes deep nets train or not.
import type { ParamDecl } from './layers/types';
import type { Rng } from './rng';

export type InitScheme = 'zeros' | 'small' | 'xavier' | 'he';

export const INIT_SCHEMES: readonly { value: InitScheme; label: string; help: string }[] = [
  { value: 'he', label: 'He / Kaiming', help: 'N(0, 2/fan_in): keeps ReLU activations at a steady scale.' },
  { value: 'xavier', label: 'Xavier / Glorot', help: 'U(±√(6/(fan_in + fan_out))): for tanh/sigmoid.' },
  { value: 'small', label: 'Small random', help: '0.01·N(0, 1): fine for shallow nets, vanishes in deep ones.' },
  { value: 'zeros', label: 'Zeros', help: 'All filters identical forever (symmetry is never broken).' },
]; // prettier-ignore

/** Fills `out` with initial values for one parameter. */
export function initParam(decl: ParamDecl, scheme: InitScheme, rng: Rng, out: Float32Array): void {
  if (decl.init === 'zeros') return void out.fill(0);
  if (decl.init === 'ones') return void out.fill(1);
  switch (scheme) {
    case 'zeros':
      out.fill(0);
      return;
    case 'small':
      for (let i = 0; i < out.length; i++) out[i] = 0.01 * rng.normal();
      return;
    case 'xavier': {
      const a = Math.sqrt(6 / (decl.fanIn + decl.fanOut));
      for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-a, a);
      return;
    }
    case 'he': {
      const std = Math.sqrt(2 / decl.fanIn);
      for (let i = 0; i < out.length; i++) out[i] = std * rng.normal();
      return;
    }
  }
}
