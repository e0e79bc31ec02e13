// WebGPU in Node through Dawn (npm `webgpu`), for the CLI (`--backend webgpu`) and tests. On
// machines without a GPU driver Dawn runs on Mesa's OpenGL ES (llvmpipe) in WebGPU's
// compatibility mode, which needs Mesa's EGL/GLES libraries:
//   Debian/Ubuntu: sudo apt-get install libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri
// EGL_PLATFORM=surfaceless lets EGL start without a display server.
import { WebGpuBackend, type WebGpuBackendOptions } from '../engine/backend/webgpu/webgpu-backend';

export class NodeWebGpuError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NodeWebGpuError';
  }
}

const MESA_HINT =
  "Dawn needs Mesa's EGL and OpenGL ES libraries here (Debian/Ubuntu: sudo apt-get install " +
  'libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri), or a GPU driver.';

interface DawnModule {
  create(options: string[]): GPU;
  globals: Record<string, unknown>;
}

let dawn: DawnModule | null = null;
/**
 * One Dawn instance per process, kept alive here: devices do not hold their instance, and an
 * instance collected while its device lives crashes the process when Dawn next processes events.
 */
let instance: GPU | null = null;

/** Dawn's GPU object (navigator.gpu's counterpart), with the WebGPU globals installed. */
export async function nodeGpu(): Promise<GPU> {
  // Read by EGL and Mesa when Dawn opens the display: must be set before create().
  process.env.EGL_PLATFORM ??= 'surfaceless';
  if (!dawn) {
    try {
      dawn = (await import('webgpu')) as unknown as DawnModule;
    } catch (e) {
      throw new NodeWebGpuError(
        `The npm package "webgpu" (Dawn for Node) could not be loaded: ${String(e)}. ` +
          'Run `npm ci` (its install script must be allowed to run).',
        { cause: e },
      );
    }
    // GPUBufferUsage, GPUShaderStage, GPUMapMode...: browsers have them as globals.
    for (const [k, v] of Object.entries(dawn.globals)) {
      if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
    }
  }
  instance ??= dawn.create(['backend=opengles']);
  return instance;
}

/** A WebGPU backend on Dawn; throws NodeWebGpuError with what to install when it cannot start. */
export async function createNodeWebGpuBackend(
  opts: Pick<WebGpuBackendOptions, 'kernels' | 'tuning' | 'fuse'> = {},
): Promise<WebGpuBackend> {
  const gpu = await nodeGpu();
  try {
    return await WebGpuBackend.create(gpu, { ...opts, featureLevel: 'compatibility' });
  } catch (e) {
    throw new NodeWebGpuError(`Dawn could not start a WebGPU device: ${String(e)}. ${MESA_HINT}`, {
      cause: e,
    });
  }
}
