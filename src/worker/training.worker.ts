// The training worker: the browser entry that owns the engine. Everything it does lives in
// TrainingHost; this file only connects the host to the worker's message port and gives it the
// browser's ways of getting a backend and the bundled MNIST.
//
// Created by the page with
//   new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' })
// (see createTrainingWorker in ./client.ts), which Vite bundles as a module worker.
import { fetchMnistBundle } from '../platform/fetch-data';
import { chooseBackend, cpuBackend } from './backend-choice';
import { TrainingHost } from './host';
import { PROTOCOL_VERSION } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const host = new TrainingHost((event, transfer) => scope.postMessage(event, transfer), {
  chooseBackend,
  cpuBackend,
  loadMnist: (url, onProgress) => fetchMnistBundle({ url, onProgress }),
  onDisposed: () => scope.close(),
});

scope.addEventListener('message', (e: MessageEvent) => void host.handle(e.data));

// A message that could not even be deserialised (e.g. an object the page cannot clone).
scope.addEventListener('messageerror', () =>
  scope.postMessage({
    v: PROTOCOL_VERSION,
    type: 'error',
    message: 'a message to the training worker could not be read',
  }),
);
