// convplay's CPU backend (WebAssembly SIMD, JavaScript where SIMD is missing) in the runner's
// Node process. Work is synchronous, so step() returning means the step is done.
import { CpuBackend } from '../../src/engine/backend/cpu/cpu-backend';
import type { Trainer } from '../../src/engine/train/trainer';
import type { Contestant, ContestantFactory } from '../harness';
import { oursTrainer } from './ours-common';

const create: ContestantFactory = (): Contestant => {
  let backend: CpuBackend | undefined;
  let trainer: Trainer | undefined;
  return {
    timing: 'trainer.step() runs synchronously (forward, loss, backward, momentum update)',
    async setup(task) {
      backend = new CpuBackend();
      trainer = oursTrainer(task, backend);
    },
    step() {
      void trainer!.readMetrics().catch(() => {});
      trainer!.step();
    },
    async lastLoss() {
      return (await trainer!.readMetrics()).loss;
    },
    info() {
      return { backend: backend?.description };
    },
  };
};

export default create;
