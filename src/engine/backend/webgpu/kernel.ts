// A WebGPU kernel is a short list of steps bound to fixed buffers: dispatches (pipeline, bind
// group, grid) and buffer copies/clears. Steps are built once per run; replaying a program
// records them into one command encoder, consecutive dispatches sharing one compute pass.
import type { Kernel } from '../backend';

export type Step =
  | {
      readonly kind: 'dispatch';
      readonly label: string;
      readonly pipeline: GPUComputePipeline;
      readonly bindGroup: GPUBindGroup;
      readonly x: number;
      readonly y: number;
    }
  | {
      readonly kind: 'copy';
      readonly src: GPUBuffer;
      readonly srcOffset: number;
      readonly dst: GPUBuffer;
      readonly dstOffset: number;
      readonly size: number;
    }
  | {
      readonly kind: 'clear';
      readonly buffer: GPUBuffer;
      readonly offset: number;
      readonly size: number;
    };

export interface GpuKernel extends Kernel {
  /** Replaced when a later-built op fuses this kernel's work into its own (backend only). */
  steps: readonly Step[];
}

export function makeKernel(label: string, steps: readonly Step[]): GpuKernel {
  return { label, steps };
}

/** Records kernels into an encoder: dispatches share compute passes, copies go between them. */
export function encodeProgram(encoder: GPUCommandEncoder, program: readonly Kernel[]): void {
  let pass: GPUComputePassEncoder | null = null;
  let current: GPUComputePipeline | null = null;
  for (const kernel of program) {
    const steps = (kernel as GpuKernel).steps;
    if (!steps) throw new Error(`kernel "${kernel.label}" was not built by the WebGPU backend`);
    for (const s of steps) {
      if (s.kind === 'dispatch') {
        if (!pass) {
          pass = encoder.beginComputePass();
          current = null;
        }
        if (s.pipeline !== current) {
          pass.setPipeline(s.pipeline);
          current = s.pipeline;
        }
        pass.setBindGroup(0, s.bindGroup);
        pass.dispatchWorkgroups(s.x, s.y);
        continue;
      }
      if (pass) {
        pass.end();
        pass = null;
      }
      if (s.kind === 'copy') {
        encoder.copyBufferToBuffer(s.src, s.srcOffset, s.dst, s.dstOffset, s.size);
      } else {
        encoder.clearBuffer(s.buffer, s.offset, s.size);
      }
    }
  }
  if (pass) pass.end();
}
