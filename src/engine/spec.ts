// NetworkSpec: the plain, versioned JSON a network is described by. The UI edits it, the engine
// compiles it, exporters read it, share links carry it. Nothing here knows about layers' meaning;
// shapes.ts and the layer registry give it one.

export const SPEC_FORMAT = 'convplay.network';
export const SPEC_VERSION = 1;

/** Id by which a layer names the network input in its `inputs` list. */
export const INPUT_ID = 'input';

export type ConfigValue = number | string | boolean;
export type LayerConfig = Record<string, ConfigValue>;

export interface InputSpec {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

export interface LayerSpec {
  /** Unique within the network; names the layer's tensors (`<id>.weight`, `<id>.bias`). */
  readonly id: string;
  readonly type: string;
  /**
   * Ids of the layers (or `input`) this layer reads. Omitted: the previous layer in the list
   * (or the input for the first layer), which keeps sequential networks terse.
   */
  readonly inputs?: readonly string[];
  readonly config: LayerConfig;
}

export interface NetworkSpec {
  readonly format: typeof SPEC_FORMAT;
  readonly version: typeof SPEC_VERSION;
  readonly name?: string;
  readonly input: InputSpec;
  readonly layers: readonly LayerSpec[];
}

export class SpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}

const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function positiveInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new SpecError(`${what} must be a positive integer, got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * Checks the structure of untrusted JSON (a file, a share link, storage) and returns a spec.
 * Layer-specific settings are validated later by shape analysis, which can say more.
 */
export function parseNetworkSpec(json: unknown): NetworkSpec {
  if (!isObject(json)) throw new SpecError('a network spec must be a JSON object');
  if (json.format !== SPEC_FORMAT) {
    throw new SpecError(`not a convplay network: "format" is ${JSON.stringify(json.format)}`);
  }
  if (json.version !== SPEC_VERSION) {
    throw new SpecError(
      `unsupported network spec version ${JSON.stringify(json.version)} (this build reads ${SPEC_VERSION})`,
    );
  }
  if (!isObject(json.input)) throw new SpecError('"input" must be an object');
  const input: InputSpec = {
    channels: positiveInt(json.input.channels, 'input.channels'),
    height: positiveInt(json.input.height, 'input.height'),
    width: positiveInt(json.input.width, 'input.width'),
  };
  if (!Array.isArray(json.layers)) throw new SpecError('"layers" must be an array');
  const seen = new Set<string>([INPUT_ID]);
  const layers: LayerSpec[] = json.layers.map((raw, i) => {
    if (!isObject(raw)) throw new SpecError(`layers[${i}] must be an object`);
    const { id, type, inputs, config } = raw;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      throw new SpecError(`layers[${i}].id must be a name like "conv1", got ${JSON.stringify(id)}`);
    }
    if (seen.has(id)) throw new SpecError(`layer id "${id}" is used twice`);
    seen.add(id);
    if (typeof type !== 'string') throw new SpecError(`layer "${id}" has no "type"`);
    let inputList: string[] | undefined;
    if (inputs !== undefined) {
      if (!Array.isArray(inputs) || inputs.some((x) => typeof x !== 'string')) {
        throw new SpecError(`layer "${id}": "inputs" must be a list of layer ids`);
      }
      inputList = inputs as string[];
    }
    const cfg: LayerConfig = {};
    if (config !== undefined) {
      if (!isObject(config)) throw new SpecError(`layer "${id}": "config" must be an object`);
      for (const [k, v] of Object.entries(config)) {
        if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') {
          throw new SpecError(`layer "${id}": setting "${k}" must be a number, string or boolean`);
        }
        cfg[k] = v;
      }
    }
    return inputList ? { id, type, inputs: inputList, config: cfg } : { id, type, config: cfg };
  });
  const name = typeof json.name === 'string' ? json.name : undefined;
  return { format: SPEC_FORMAT, version: SPEC_VERSION, ...(name ? { name } : {}), input, layers };
}

/** The ids a layer reads, with the sequential default made explicit. */
export function layerInputs(spec: NetworkSpec, index: number): readonly string[] {
  const layer = spec.layers[index];
  if (layer.inputs) return layer.inputs;
  return [index === 0 ? INPUT_ID : spec.layers[index - 1].id];
}

/** A fresh id for a new layer of `type` that does not clash with existing ones. */
export function freshLayerId(spec: Pick<NetworkSpec, 'layers'>, type: string): string {
  const base = type.replace(/[^A-Za-z0-9_]/g, '').toLowerCase() || 'layer';
  const taken = new Set(spec.layers.map((l) => l.id));
  for (let i = 1; ; i++) {
    const id = `${base}${i}`;
    if (!taken.has(id)) return id;
  }
}
