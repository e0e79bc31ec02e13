// Everything the app needs to export and import models, in one import: weights files, the
// download bundle (ONNX, PyTorch, summary, zip), summaries and share links. The protobuf writer
// and ONNX message encoders are internals of the ONNX exporter and are not re-exported.
export * from './bundle';
export * from './export-checks';
export * from './onnx';
export * from './pytorch';
export * from './safetensors';
export * from './share';
export * from './summary';
export * from './weights';
