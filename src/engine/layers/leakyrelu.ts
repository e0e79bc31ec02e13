import { activationLayer } from './activation-layer';

export const leakyrelu = activationLayer({
  type: 'leakyrelu',
  label: 'LeakyReLU',
  act: 'leaky_relu',
  flopsPerValue: 1,
  description: 'x for x > 0, αx otherwise: a small slope keeps units from dying.',
  alpha: { key: 'alpha', label: 'Slope α', kind: 'number', min: 0, max: 1, step: 0.01, default: 0.01, help: 'Slope for negative inputs.' },
}); // prettier-ignore
