// The wasm runtime of the CPU backend: the module (generated once per process from kernels.ts,
// compiled synchronously), and a heap — one growable WebAssembly.Memory per backend in which
// every float32 tensor of that backend lives, so kernels take pointers and nothing is copied in
// or out.
//
// memory.grow detaches every typed-array view of the old buffer. Tensors therefore never keep a
// view: they keep a byte pointer, and `view()` re-derives a Float32Array whenever the buffer has
// changed (a generation counter makes the check one comparison). Kernels resolve their views
// when they run, never when they are built, because building later plans may grow the heap.
import { buildKernelModule, type KernelExports } from './kernels';

const PAGE = 65536;
const MAX_PAGES = 32768;
/** Free space kept past the last allocation: kernels may read a vector or a tile past an end. */
const SLACK = 256;

let compiled: WebAssembly.Module | null | undefined;
let compileError: unknown = null;

/**
 * The compiled kernel module, or null where WebAssembly SIMD is unavailable (old engines) or
 * synchronous compilation is refused. Compiled on first use and cached for the process.
 */
export function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    if (typeof WebAssembly !== 'object') throw new Error('no WebAssembly');
    const bytes = buildKernelModule();
    // validate() first: an engine without SIMD says false instead of throwing mid-compile.
    if (!WebAssembly.validate(bytes)) throw new Error('WebAssembly SIMD not supported');
    compiled = new WebAssembly.Module(bytes);
  } catch (e) {
    compileError = e;
    compiled = null;
  }
  return compiled;
}

/**
 * Compiles the module asynchronously and caches it, for engines that refuse synchronous
 * compilation where the caller runs (older Chrome refused modules over 4 KiB on the page's main
 * thread; this one is about 6.5 KiB). Awaiting this before creating a CpuBackend guarantees the
 * constructor finds the module. Workers and Node never need it.
 */
export async function loadKernelModule(): Promise<WebAssembly.Module | null> {
  if (compiled) return compiled;
  try {
    const bytes = buildKernelModule();
    if (!WebAssembly.validate(bytes)) throw new Error('WebAssembly SIMD not supported');
    compiled = await WebAssembly.compile(bytes);
    compileError = null;
  } catch (e) {
    compileError = e;
    compiled = null;
  }
  return compiled;
}

/** Why the module is unavailable (for the backend description and diagnostics). */
export function kernelModuleError(): unknown {
  kernelModule();
  return compileError;
}

export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  readonly k: KernelExports;
  /** Bumped on every grow: cached views compare against it. */
  generation = 0;
  private top = SLACK;
  private f32View: Float32Array;
  private scratchPtr = 0;
  private scratchBytes = 0;
  /** One GEMM edge tile (see gemm-kernel.ts), allocated once. */
  readonly tmp: number;

  constructor(module: WebAssembly.Module) {
    // At most 2 GiB, so every byte pointer is a non-negative i32: the kernels' loops compare
    // pointers as signed integers.
    this.memory = new WebAssembly.Memory({ initial: 32, maximum: MAX_PAGES });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.k = instance.exports as unknown as KernelExports;
    this.f32View = new Float32Array(this.memory.buffer);
    this.tmp = this.alloc(256);
  }

  /** The whole heap as float32; valid until the next alloc. */
  get f32(): Float32Array {
    if (this.f32View.buffer !== this.memory.buffer) {
      this.f32View = new Float32Array(this.memory.buffer);
    }
    return this.f32View;
  }

  /** Zeroed bytes, 64-byte aligned (a cache line: vector loads never straddle two). */
  alloc(bytes: number): number {
    const ptr = Math.ceil(this.top / 64) * 64;
    const end = ptr + bytes + SLACK;
    if (end > this.memory.buffer.byteLength) {
      const need = Math.ceil((end - this.memory.buffer.byteLength) / PAGE);
      // Grow at least by half the current size: fewer grows, fewer detached views.
      const have = this.memory.buffer.byteLength;
      const pages = Math.max(need, Math.ceil(have / PAGE / 2));
      try {
        this.memory.grow(pages);
      } catch {
        // Over-asking by half may fail near the engine's limit where the exact need fits.
        try {
          this.memory.grow(need);
        } catch {
          const mb = (v: number) => `${(v / 2 ** 20).toFixed(0)} MiB`;
          throw new RangeError(
            `CPU backend out of memory: ${mb(bytes)} more on a ${mb(have)} WebAssembly heap ` +
              `(limit 2 GiB); use a smaller batch or network`,
          );
        }
      }
      this.generation++;
    }
    this.top = ptr + bytes;
    return ptr;
  }

  /**
   * Makes sure the shared scratch region (packed operands, column buffers) has at least `bytes`.
   * Called when kernels are built, so a run never allocates. Kernels run one at a time and use
   * the region only while they run, so one region serves them all.
   */
  reserveScratch(bytes: number): void {
    if (bytes > this.scratchBytes) {
      this.scratchPtr = this.alloc(bytes);
      this.scratchBytes = bytes;
    }
  }

  get scratch(): number {
    return this.scratchPtr;
  }
}
