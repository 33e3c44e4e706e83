/**
 * Instance sizes each managed engine offers on Graviton (ARM64), the only processors Skyport
 * profiles use: about 20% cheaper than the x86 equivalent for the same work. Lists are
 * deliberately conservative; extend one when AWS adds a class and `terraform plan` confirms it.
 */

function sizes(prefix: string, families: readonly string[], names: readonly string[]): string[] {
  return families.flatMap((family) => names.map((size) => `${prefix}.${family}.${size}`));
}

const LARGE_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];

/** RDS for PostgreSQL. */
export const POSTGRES_INSTANCE_CLASSES: readonly string[] = [
  ...sizes('db', ['t4g'], ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge']),
  ...sizes('db', ['m6g', 'm7g', 'r6g', 'r7g'], LARGE_SIZES),
];

/** ElastiCache for Valkey. */
export const CACHE_NODE_TYPES: readonly string[] = [
  ...sizes('cache', ['t4g'], ['micro', 'small', 'medium']),
  ...sizes('cache', ['m6g', 'm7g', 'r6g', 'r7g'], LARGE_SIZES),
];

/** Amazon MQ for RabbitMQ. `mq.t3.micro` is x86 and single-instance only, but has no Graviton peer. */
export const BROKER_INSTANCE_TYPES: readonly string[] = [
  'mq.t3.micro',
  ...sizes('mq', ['m7g'], ['medium', ...LARGE_SIZES]),
];

/** Broker types that cannot run as a cluster. */
export const SINGLE_INSTANCE_ONLY_BROKER_TYPES: readonly string[] = ['mq.t3.micro'];

/**
 * Memory sizes (MiB) Fargate pairs with a CPU size, the same on ARM64 and x86; empty when the CPU
 * size does not exist. https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
 */
export function fargateMemoryOptions(cpu: number): number[] {
  const range = (from: number, to: number, step: number) =>
    Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
  switch (cpu) {
    case 256:
      return [512, 1024, 2048];
    case 512:
      return range(1024, 4096, 1024);
    case 1024:
      return range(2048, 8192, 1024);
    case 2048:
      return range(4096, 16384, 1024);
    case 4096:
      return range(8192, 30720, 1024);
    case 8192:
      return range(16384, 61440, 4096);
    case 16384:
      return range(32768, 122880, 8192);
    default:
      return [];
  }
}
