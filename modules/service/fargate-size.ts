/**
 * Task sizes Fargate accepts (Linux), as CPU units -> the memory range in MiB and its step. From
 * the Fargate table in the ECS developer guide ("Troubleshoot Amazon ECS task definition invalid
 * CPU or memory errors"); 8192 and 16384 CPU need Linux platform 1.4.0 or later (LATEST is).
 */
const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
};

/** Fargate CPU values, in CPU units (1024 = 1 vCPU). */
export const FARGATE_CPU_UNITS: readonly number[] = Object.keys(FARGATE_MEMORY).map(Number);

/** The memory values (MiB) Fargate accepts with `cpu` units; empty when `cpu` is not a Fargate size. */
export function fargateMemoryChoices(cpu: number): readonly number[] {
  return FARGATE_MEMORY[cpu] ?? [];
}

/** Whether Fargate runs a task of `cpu` units and `memoryMiB` MiB. */
export function isFargateSize(cpu: number, memoryMiB: number): boolean {
  return fargateMemoryChoices(cpu).includes(memoryMiB);
}

function steps(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
}
