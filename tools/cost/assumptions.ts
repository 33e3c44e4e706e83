/**
 * Usage the synthesized JSON cannot say (traffic, GB, task counts, Spot share): explicit inputs
 * with defaults, printed with every estimate, overridable with `--set name=value` or the
 * environment variable `COST_<NAME>` (`COST_SPOT_DISCOUNT=0.5`). The defaults describe a small
 * product at rest: about a million API requests a month.
 */

export const TASK_COUNTS = ['min', 'desired', 'max'] as const;
export type TaskCount = (typeof TASK_COUNTS)[number];

export interface Assumptions {
  readonly hoursPerMonth: number;
  /** Which task count prices a service: the scaling target's min, the service's desired count, or max. */
  readonly taskCount: TaskCount;
  /** How much cheaper Fargate Spot is than on-demand (0.7 = 70% off). */
  readonly spotDiscount: number;
  /** Share of the tasks beyond the base that run on Spot; `strategy` reads the capacity provider weights. */
  readonly spotShare: number | 'strategy';
  readonly oneOffTaskHoursPerMonth: number;
  readonly natDataGb: number;
  readonly apiRequestsPerMonth: number;
  readonly apiDataOutGb: number;
  readonly endpointDataGb: number;
  readonly cdnDataOutGb: number;
  readonly cdnRequestsPerMonth: number;
  readonly cdnCacheHitRatio: number;
  readonly s3GbPerBucket: number;
  readonly brokerStorageGb: number;
  readonly secretCallsPerSecret: number;
  readonly kmsRequestsPerKey: number;
  readonly logIngestGbPerGroup: number;
  readonly enhancedMonitoringGb: number;
  readonly insightsMetricsPerCluster: number;
  readonly insightsMetricsPerService: number;
  readonly insightsMetricsPerTaskFamily: number;
  readonly ecrImageGb: number;
  readonly emailsPerMonth: number;
  readonly dnsQueriesPerMonth: number;
}

interface AssumptionSpec {
  readonly name: keyof Assumptions;
  readonly default: Assumptions[keyof Assumptions];
  readonly describe: string;
  /** Inclusive bounds for numbers. */
  readonly min?: number;
  readonly max?: number;
}

export const ASSUMPTIONS: readonly AssumptionSpec[] = [
  {
    name: 'hoursPerMonth',
    default: 730,
    describe: 'hours in a month (AWS uses 730)',
    min: 1,
    max: 744,
  },
  {
    name: 'taskCount',
    default: 'min',
    describe: 'tasks per service: min (scaling target), desired or max',
  },
  {
    name: 'spotDiscount',
    default: 0.7,
    describe: 'Fargate Spot price below on-demand (AWS: "up to 70%")',
    min: 0,
    max: 1,
  },
  {
    name: 'spotShare',
    default: 'strategy',
    describe: 'share of tasks beyond the base on Spot; strategy = capacity provider weights',
    min: 0,
    max: 1,
  },
  {
    name: 'oneOffTaskHoursPerMonth',
    default: 1,
    describe: 'hours a month each one-off task definition (migration) runs',
    min: 0,
  },
  {
    name: 'natDataGb',
    default: 20,
    describe: 'GB a month through the NAT gateways of an environment',
    min: 0,
  },
  {
    name: 'apiRequestsPerMonth',
    default: 1_000_000,
    describe: 'API requests a month (ALB LCU, WAF, HTTP API, Cloud Map discovery calls)',
    min: 0,
  },
  {
    name: 'apiDataOutGb',
    default: 10,
    describe: 'GB a month the API sends to the internet',
    min: 0,
  },
  {
    name: 'endpointDataGb',
    default: 5,
    describe: 'GB a month through each interface endpoint',
    min: 0,
  },
  { name: 'cdnDataOutGb', default: 50, describe: 'GB a month CloudFront serves', min: 0 },
  {
    name: 'cdnRequestsPerMonth',
    default: 2_000_000,
    describe: 'CloudFront requests a month (also WAF, Functions)',
    min: 0,
  },
  {
    name: 'cdnCacheHitRatio',
    default: 0.9,
    describe: 'share of CloudFront requests answered without reading S3',
    min: 0,
    max: 1,
  },
  {
    name: 's3GbPerBucket',
    default: 1,
    describe: 'GB stored in each S3 bucket (site, logs, state)',
    min: 0,
  },
  {
    name: 'brokerStorageGb',
    default: 1,
    describe: 'GB of broker storage used on each broker node',
    min: 0,
  },
  {
    name: 'secretCallsPerSecret',
    default: 10_000,
    describe: 'Secrets Manager API calls a month per secret',
    min: 0,
  },
  { name: 'kmsRequestsPerKey', default: 10_000, describe: 'KMS requests a month per key', min: 0 },
  {
    name: 'logIngestGbPerGroup',
    default: 1,
    describe: 'GB a month ingested into each CloudWatch log group',
    min: 0,
  },
  {
    name: 'enhancedMonitoringGb',
    default: 0.5,
    describe: 'GB a month of RDS Enhanced Monitoring logs per instance at a 60 s interval',
    min: 0,
  },
  {
    name: 'insightsMetricsPerCluster',
    default: 8,
    describe: 'Container Insights metrics per ECS cluster',
    min: 0,
  },
  {
    name: 'insightsMetricsPerService',
    default: 11,
    describe: 'Container Insights metrics per ECS service',
    min: 0,
  },
  {
    name: 'insightsMetricsPerTaskFamily',
    default: 6,
    describe: 'Container Insights metrics per task definition family',
    min: 0,
  },
  {
    name: 'ecrImageGb',
    default: 0.15,
    describe: 'GB per image the ECR lifecycle policy keeps',
    min: 0,
  },
  { name: 'emailsPerMonth', default: 1_000, describe: 'emails SES sends a month', min: 0 },
  {
    name: 'dnsQueriesPerMonth',
    default: 100_000,
    describe: 'queries a month to records that are not aliases',
    min: 0,
  },
];

export const DEFAULT_ASSUMPTIONS = Object.fromEntries(
  ASSUMPTIONS.map((spec) => [spec.name, spec.default]),
) as unknown as Assumptions;

/** `spotDiscount` → `COST_SPOT_DISCOUNT`. */
export function environmentName(name: string): string {
  return `COST_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export class AssumptionError extends Error {}

/**
 * The defaults with overrides from the environment (`COST_*`), then from `--set name=value`
 * (which win). Every bad override is reported at once, naming it and what is allowed.
 */
export function resolveAssumptions(
  sets: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Assumptions {
  const values: Record<string, unknown> = { ...DEFAULT_ASSUMPTIONS };
  const problems: string[] = [];
  const byName = new Map(ASSUMPTIONS.map((spec) => [spec.name as string, spec]));
  const apply = (name: string, raw: string, where: string) => {
    const spec = byName.get(name);
    if (!spec) {
      problems.push(
        `${where}: no assumption "${name}"; use one of ${[...byName.keys()].join(', ')}`,
      );
      return;
    }
    const value = parseValue(spec, raw.trim());
    if (typeof value === 'string' && value.startsWith('!'))
      problems.push(`${where}: ${value.slice(1)}`);
    else values[name] = value;
  };
  for (const spec of ASSUMPTIONS) {
    const raw = env[environmentName(spec.name)];
    if (raw !== undefined && raw !== '') apply(spec.name, raw, environmentName(spec.name));
  }
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq < 0) problems.push(`--set ${set}: write name=value, e.g. --set spotDiscount=0.5`);
    else apply(set.slice(0, eq), set.slice(eq + 1), `--set ${set}`);
  }
  if (problems.length > 0) throw new AssumptionError(problems.join('\n'));
  return values as unknown as Assumptions;
}

/** The parsed value, or a string starting with `!` that says what is wrong. */
function parseValue(spec: AssumptionSpec, raw: string): string | number {
  if (spec.name === 'taskCount') {
    return (TASK_COUNTS as readonly string[]).includes(raw)
      ? raw
      : `!taskCount "${raw}" is not a task count; use ${TASK_COUNTS.join(', ')}`;
  }
  if (spec.name === 'spotShare' && raw === 'strategy') return raw;
  const value = Number(raw.replace(/_/g, ''));
  const bounds = `${spec.min ?? '-∞'} to ${spec.max ?? '∞'}`;
  if (raw === '' || !Number.isFinite(value)) {
    return `!${spec.name} "${raw}" is not a number; use a number from ${bounds}${spec.name === 'spotShare' ? ' or strategy' : ''}`;
  }
  if (
    (spec.min !== undefined && value < spec.min) ||
    (spec.max !== undefined && value > spec.max)
  ) {
    return `!${spec.name} ${value} is out of range; use ${bounds}`;
  }
  return value;
}

/** One line per assumption: name, value, what it means (and `default` or `set`). */
export function describeAssumptions(assumptions: Assumptions): Array<{
  name: string;
  value: string;
  describe: string;
  overridden: boolean;
}> {
  return ASSUMPTIONS.map((spec) => ({
    name: spec.name,
    value: String(assumptions[spec.name]),
    describe: spec.describe,
    overridden: assumptions[spec.name] !== spec.default,
  }));
}
