import { activationLayer } from './activation-layer';

export const tanh = activationLayer({
  type: 'tanh',
  label: 'Tanh',
  act: 'tanh',
  flopsPerValue: 4,
  description: 'Squashes to (−1, 1), zero-centred; saturates (tiny gradients) for large |x|.',
});
