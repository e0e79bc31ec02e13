// The part of ConvNetJS 0.3 (CommonJS, no types of its own) that the bench uses.
declare module 'convnetjs' {
  export interface Vol {
    sx: number;
    sy: number;
    depth: number;
    w: Float64Array;
    dw: Float64Array;
  }
  export interface Layer {
    layer_type: string;
    filters?: Vol[];
    biases?: Vol;
  }
  export interface LayerDefJs {
    type: string;
    [key: string]: unknown;
  }
  export interface Net {
    layers: Layer[];
    makeLayers(defs: LayerDefJs[]): void;
  }
  export interface TrainResult {
    loss: number;
    cost_loss: number;
  }
  export interface Trainer {
    train(x: Vol, y: number): TrainResult;
  }
  export interface ConvNetJS {
    Vol: new (sx: number, sy: number, depth: number, c?: number) => Vol;
    Net: new () => Net;
    Trainer: new (net: Net, options: Record<string, unknown>) => Trainer;
  }
  const convnetjs: ConvNetJS;
  export default convnetjs;
}
