// Readable ids for new layers ("conv3", "pool1") instead of the bare type name ("conv2d3"). Types
// not listed use their type name, so a newly registered layer type needs no entry here.
import { freshLayerId, type NetworkSpec } from '../engine/spec';

const ID_PREFIX: Readonly<Record<string, string>> = {
  conv2d: 'conv',
  maxpool: 'pool',
  avgpool: 'avgpool',
  globalavgpool: 'gap',
  batchnorm: 'bn',
  leakyrelu: 'lrelu',
};

export function idPrefix(type: string): string {
  return ID_PREFIX[type] ?? type;
}

/** A fresh, unused id for a new layer of `type`. */
export function newLayerId(spec: Pick<NetworkSpec, 'layers'>, type: string): string {
  return freshLayerId(spec, idPrefix(type));
}
