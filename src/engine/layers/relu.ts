import { activationLayer } from './activation-layer';

export const relu = activationLayer({
  type: 'relu',
  label: 'ReLU',
  act: 'relu',
  flopsPerValue: 1,
  description:
    'max(0, x). Fast and the usual default; units stuck below zero stop learning ("dead ReLUs").',
});
