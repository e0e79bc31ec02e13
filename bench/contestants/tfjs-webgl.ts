import '@tensorflow/tfjs-backend-webgl';
import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import type { ContestantFactory } from '../harness';
import { tfjsContestant } from './tfjs-common';

const create: ContestantFactory = () =>
  tfjsContestant({
    backend: 'webgl',
    timing:
      'await loss.data() at the end of the step: tfjs issues the whole step (forward, backward, ' +
      'update draws) before the read, and the read waits on a GL fence placed after all of them',
    backendInfo: () => {
      const gl = (tf.backend() as MathBackendWebGL).gpgpu.gl;
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      return {
        webglVersion: tf.env().getNumber('WEBGL_VERSION'),
        renderer: ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
        floatPrecision: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? 32 : 16,
      };
    },
  });

export default create;
