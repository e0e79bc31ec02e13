// Turning a DatasetChoice into a dataset with splits, inside the worker: the bundled MNIST is
// fetched once and kept (re-configuring does not download it again), shapes are generated from
// their seed, the user's own images arrive ready-made.
import { makeSplits } from '../engine/data/splits';
import type { MnistBundle } from '../engine/data/mnist-bundle';
import { generateShapes } from '../engine/data/synthetic-shapes';
import type { SessionData } from '../engine/train/session';
import type { TrainingSettings } from '../engine/train/settings';
import type { DatasetChoice } from './protocol';

export type MnistLoader = (
  url: string | undefined,
  onProgress: (received: number, total: number | null) => void,
) => Promise<MnistBundle>;

export class DatasetResolver {
  private mnist: Promise<MnistBundle> | null = null;
  private mnistUrl: string | undefined;

  constructor(private readonly loadMnist: MnistLoader) {}

  async resolve(
    choice: DatasetChoice,
    settings: TrainingSettings,
    onProgress: (received: number, total: number | null) => void = () => {},
  ): Promise<SessionData> {
    switch (choice.kind) {
      case 'mnist': {
        if (!this.mnist || this.mnistUrl !== choice.url) {
          this.mnistUrl = choice.url;
          this.mnist = this.loadMnist(choice.url, onProgress);
          // A failed download must not be cached: the next configure tries again.
          this.mnist.catch(() => {
            this.mnist = null;
          });
        }
        return this.mnist;
      }
      case 'shapes': {
        const seed = choice.seed ?? settings.seed;
        const dataset = generateShapes({
          count: choice.count,
          seed,
          size: choice.size,
          channels: choice.channels,
          classes: choice.classes,
          noise: choice.noise,
        });
        return { dataset, splits: makeSplits(dataset, { validation: settings.validationFraction, test: 0 }, seed) }; // prettier-ignore
      }
      case 'custom':
        return {
          dataset: choice.dataset,
          splits:
            choice.splits ??
            makeSplits(choice.dataset, { validation: settings.validationFraction, test: 0 }, settings.seed), // prettier-ignore
        };
    }
  }
}
