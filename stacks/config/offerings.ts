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
