// Everything the rest of the app needs from the data layer, in one import. The browser-only
// importer and fetch loaders live in src/platform/, the Node file loaders in
// src/platform/node-data.ts: they are not re-exported here so the engine stays platform-free.
export * from './augment';
export * from './batcher';
export * from './bytes';
export * from './cifar';
export * from './class-names';
export * from './dataset';
export * from './format-error';
export * from './idx';
export * from './image-folder';
export * from './image-resize';
export * from './mnist-bundle';
export * from './preprocess';
export * from './splits';
export * from './synthetic-shapes';
