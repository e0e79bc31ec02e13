import '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { ContestantFactory } from '../harness';
import { adapterInfoJson } from '../webgpu-info';
import { tfjsContestant } from './tfjs-common';

const backend = (): WebGPUBackend => tf.backend() as WebGPUBackend;

const create: ContestantFactory = () =>
  tfjsContestant({
    backend: 'webgpu',
    timing:
      'await loss.data() (tfjs submits every pending command buffer, update included, then maps ' +
      'a staging buffer) and then device.queue.onSubmittedWorkDone(), both inside the step',
    afterStep: () => backend().device.queue.onSubmittedWorkDone(),
    backendInfo: () => ({ adapter: adapterInfoJson(backend().device.adapterInfo) }),
  });

export default create;
