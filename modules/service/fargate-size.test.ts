import { fargateMemoryChoices, isFargateSize } from './fargate-size';

describe('Fargate sizes', () => {
  it('follows the Fargate CPU/memory table', () => {
    expect(fargateMemoryChoices(256)).toEqual([512, 1024, 2048]);
    expect(fargateMemoryChoices(1024)).toEqual([2048, 3072, 4096, 5120, 6144, 7168, 8192]);
    expect(fargateMemoryChoices(2048)).toHaveLength(13);
    expect(fargateMemoryChoices(8192)).toEqual([
      16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440,
    ]);
    expect(fargateMemoryChoices(16384).at(-1)).toBe(122880);
    expect(isFargateSize(256, 4096)).toBe(false);
    expect(isFargateSize(4096, 30720)).toBe(true);
    expect(isFargateSize(4096, 31744)).toBe(false);
  });
});
