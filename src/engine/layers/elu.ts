import { activationLayer } from './activation-layer';

export const elu = activationLayer({
  type: 'elu',
  label: 'ELU',
  act: 'elu',
  flopsPerValue: 3,
  description: 'x for x > 0, α(eˣ − 1) otherwise: smooth, with outputs that average closer to zero.',
  alpha: { key: 'alpha', label: 'α', kind: 'number', min: 0.01, max: 10, step: 0.1, default: 1, help: 'Value approached for very negative inputs is −α.' },
}); // prettier-ignore
