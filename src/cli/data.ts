// `convplay data mnist`: writes the bundled MNIST subset's fixed splits as IDX files, the format
// the other commands read, so a fresh clone can train without downloading anything.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeIdxImages, encodeIdxLabels } from '../engine/data/idx';
import type { ImageDataset } from '../engine/data/dataset';
import { loadMnistBundle } from '../platform/node-data';
import { CliError, parse, requireString, type Options } from './args';

export const DATA_HELP = `convplay data mnist — write the bundled MNIST subset as IDX files

  --out DIR   folder for train/validation/test -images.idx and -labels.idx (required)

Splits: train 8000, validation 1000, test 1000 (fixed; see src/engine/data/mnist-bundle.ts).
`;

const OPTIONS: Options = { out: { type: 'string' }, help: { type: 'boolean' } };

function subset(d: ImageDataset, idx: Uint32Array) {
  const size = d.channels * d.height * d.width;
  const images = new Uint8Array(idx.length * size);
  const labels = new Uint8Array(idx.length);
  idx.forEach((src, i) => {
    images.set(d.images.subarray(src * size, (src + 1) * size), i * size);
    labels[i] = d.labels[src];
  });
  return { images, labels };
}

export async function data(argv: string[], out: (line: string) => void) {
  const [what, ...rest] = argv;
  if (what === '--help' || what === undefined) return out(DATA_HELP);
  if (what !== 'mnist') throw new CliError(`data: unknown dataset "${what}" (available: mnist)`, 2);
  const v = parse(rest, OPTIONS, 'data mnist');
  if (v.help) return out(DATA_HELP);
  const dir = requireString(v, 'out', 'data mnist');
  const { dataset, splits } = await loadMnistBundle();
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const name of ['train', 'validation', 'test'] as const) {
    const { images, labels } = subset(dataset, splits[name]);
    const imgPath = join(dir, `${name}-images.idx`);
    const labPath = join(dir, `${name}-labels.idx`);
    await writeFile(
      imgPath,
      encodeIdxImages(images, splits[name].length, dataset.height, dataset.width),
    );
    await writeFile(labPath, encodeIdxLabels(labels));
    files.push(imgPath, labPath);
  }
  out(JSON.stringify({ files }));
}
