// The CPU backend runs in float32 for training and in float64 for gradient checks; every kernel
// is written once against this union.
export type Arr = Float32Array | Float64Array;
export type ArrCtor = Float32ArrayConstructor | Float64ArrayConstructor;
