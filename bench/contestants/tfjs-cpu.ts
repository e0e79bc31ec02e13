import '@tensorflow/tfjs-backend-cpu';
import type { ContestantFactory } from '../harness';
import { tfjsContestant } from './tfjs-common';

const create: ContestantFactory = () =>
  tfjsContestant({
    backend: 'cpu',
    timing: 'await loss.data() at the end of the step (the cpu backend computes synchronously)',
  });

export default create;
