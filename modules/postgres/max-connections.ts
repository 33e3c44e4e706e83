/** GiB of memory per instance size of the Graviton families the profiles allow. */
const MEMORY_GIB: Record<string, Record<string, number>> = {
  t4g: { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 },
  m: {
    large: 8,
    xlarge: 16,
    '2xlarge': 32,
    '4xlarge': 64,
    '8xlarge': 128,
    '12xlarge': 192,
    '16xlarge': 256,
  },
  r: {
    large: 16,
    xlarge: 32,
    '2xlarge': 64,
    '4xlarge': 128,
    '8xlarge': 256,
    '12xlarge': 384,
    '16xlarge': 512,
  },
};

/**
 * RDS for PostgreSQL's default `max_connections` for an instance class:
 * LEAST({DBInstanceClassMemory/9531392}, 5000). DBInstanceClassMemory is the class's memory less
 * what RDS keeps for itself (roughly 10% on small classes), so this errs slightly high; alarms
 * take a share of it. Undefined for a class outside the table.
 */
export function postgresMaxConnections(instanceClass: string): number | undefined {
  const match = /^db\.(t4g|[mr]\dg)\.(\w+)$/.exec(instanceClass);
  if (!match) return undefined;
  const family = match[1] === 't4g' ? 't4g' : (match[1] as string).charAt(0);
  const gib = MEMORY_GIB[family]?.[match[2] as string];
  if (gib === undefined) return undefined;
  return Math.min(Math.floor((gib * 0.9 * 1024 ** 3) / 9531392), 5000);
}
