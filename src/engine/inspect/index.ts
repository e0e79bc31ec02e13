// Everything the "Watch" panels need from the inspection code in one import: result types, and
// the pure helpers the page uses on results (tiles to images, confusion cells, verdicts).
export * from './activations';
export * from './confusion';
export * from './filters';
export * from './forward';
export * from './gradcheck';
export * from './health';
export * from './histogram';
export * from './images';
export * from './lr-range';
export * from './predictions';
