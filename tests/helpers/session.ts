// Shared by the session tests: the bundled MNIST (loaded once per test file), small subsets of
// it, small networks, and a collector for session events.
import type { MnistBundle } from '../../src/engine/data/mnist-bundle';
import type { SessionEvent } from '../../src/engine/train/session-events';
import { DEFAULT_TRAINING_SETTINGS, type TrainingSettings } from '../../src/engine/train/settings';
import type { SessionData } from '../../src/engine/train/session';
import { loadMnistBundle } from '../../src/platform/node-data';
import { seq } from './specs';

let bundle: Promise<MnistBundle> | null = null;

/** The bundled MNIST with its splits cut to the first `train` / `validation` examples. */
export async function mnistSubset(train = 2000, validation = 200): Promise<SessionData> {
  bundle ??= loadMnistBundle();
  const { dataset, splits } = await bundle;
  return {
    dataset,
    splits: {
      train: splits.train.subarray(0, train),
      validation: splits.validation.subarray(0, validation),
      test: splits.test.subarray(0, 0),
    },
  };
}

/** A small LeNet-style net for 28×28 digits: two conv/ReLU/pool stages and a classifier. */
export function smallLenet() {
  return seq(
    [1, 28, 28],
    [
      ['conv1', 'conv2d', { filters: 4, kernel: 5, padding: 2 }],
      ['relu1', 'relu'],
      ['pool1', 'maxpool', { size: 2, stride: 2 }],
      ['conv2', 'conv2d', { filters: 8, kernel: 5 }],
      ['relu2', 'relu'],
      ['pool2', 'maxpool', { size: 2, stride: 2 }],
      ['flat', 'flatten'],
      ['fc', 'dense', { units: 10 }],
    ],
  );
}

export function settings(over: Partial<TrainingSettings> = {}): TrainingSettings {
  return { ...DEFAULT_TRAINING_SETTINGS, l2: 0, validateEvery: 0, ...over };
}

/** Records a session's events by type. */
export function collect() {
  const events: SessionEvent[] = [];
  const listener = (e: SessionEvent) => void events.push(e);
  const of = <T extends SessionEvent['type']>(type: T) =>
    events.filter((e): e is Extract<SessionEvent, { type: T }> => e.type === type);
  return { events, listener, of };
}
