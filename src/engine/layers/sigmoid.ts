import { activationLayer } from './activation-layer';

export const sigmoid = activationLayer({
  type: 'sigmoid',
  label: 'Sigmoid',
  act: 'sigmoid',
  flopsPerValue: 4,
  description:
    'Squashes to (0, 1); saturates and is not zero-centred, so deep sigmoid nets train slowly.',
});
