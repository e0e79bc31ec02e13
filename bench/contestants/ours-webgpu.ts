// convplay's WebGPU backend in the bench page.
import { createBackend } from '../../src/engine/backend/create';
import type { WebGpuBackend } from '../../src/engine/backend/webgpu/webgpu-backend';
import type { Trainer } from '../../src/engine/train/trainer';
import type { Contestant, ContestantFactory } from '../harness';
import { oursTrainer } from './ours-common';

const create: ContestantFactory = (): Contestant => {
  let backend: WebGpuBackend | undefined;
  let trainer: Trainer | undefined;
  return {
    timing:
      'trainer.step() (one submit: forward, loss, backward, momentum update) then ' +
      'device.queue.onSubmittedWorkDone(), inside the step; metrics are read asynchronously',
    async setup(task) {
      const created = await createBackend({ prefer: 'webgpu', gpu: navigator.gpu });
      if (created.backend.name !== 'webgpu') throw new Error(created.notice ?? 'no WebGPU');
      backend = created.backend as WebGpuBackend;
      trainer = oursTrainer(task, backend);
    },
    async step() {
      // Read (and reset) the previous steps' metrics first, so that after this step the
      // accumulators hold exactly this step's loss for lastLoss(). The read is asynchronous.
      void trainer!.readMetrics().catch(() => {});
      trainer!.step();
      await backend!.device.queue.onSubmittedWorkDone();
    },
    async lastLoss() {
      return (await trainer!.readMetrics()).loss;
    },
    info() {
      return { adapter: backend?.description, pipelines: backend?.pipelineCount };
    },
    dispose() {
      backend?.dispose();
    },
  };
};

export default create;
