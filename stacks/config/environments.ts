import type { EnvironmentProfile } from './profile';

export type { EnvironmentProfile } from './profile';

/**
 * Lean: two AZs, no NAT, embedded data (PostgreSQL, Valkey and RabbitMQ beside the API in one
 * task, lost on every restart), an API Gateway HTTP API instead of a load balancer, short log
 * retention, no Container Insights (decisions 0025, 0026).
 */
const dev: EnvironmentProfile = {
  name: 'dev',
  stage: 'development',
  region: 'eu-west-1',
  logRetentionDays: 30,
  network: {
    vpcCidr: '10.10.0.0/16',
    // Zone IDs, the same zones in every account; see NetworkProfile.zoneIds (decision 0028).
    zoneIds: ['euw1-az1', 'euw1-az2'],
    natMode: 'none',
    interfaceEndpoints: [],
  },
  edge: { priceClass: 'PriceClass_100', waf: false, hstsPreload: false },
  data: {
    // Embedded: about 52 USD a month instead of 117, and the data does not survive a deploy, a
    // scale event or a Spot interruption. 'managed' runs the RDS, ElastiCache and Amazon MQ
    // below (the API task may then go back to 256 CPU / 512 MiB) (decision 0025).
    mode: 'embedded',
    postgres: {
      instanceClass: 'db.t4g.micro',
      allocatedStorageGiB: 20,
      maxAllocatedStorageGiB: 50,
      backupRetentionDays: 1,
      multiAz: false,
      deletionProtection: false,
    },
    cache: { nodeType: 'cache.t4g.micro', nodeCount: 1 },
    broker: { instanceType: 'mq.t3.micro', deployment: 'single-instance' },
  },
  app: {
    capacity: { onDemandBase: 0, onDemandWeight: 0, spotWeight: 1 },
    // Embedded data runs the worker, PostgreSQL, Valkey and RabbitMQ in the API task: 1024 CPU /
    // 2048 MiB is the least validateProfile accepts for it (256 / 512 is enough with managed data).
    api: {
      cpu: 1024,
      memoryMiB: 2048,
      minTasks: 1,
      maxTasks: 2,
      targetUtilizationPercent: 70,
      requestsPerTarget: 500,
    },
    worker: { cpu: 256, memoryMiB: 512, minTasks: 1, maxTasks: 2, backlogPerTask: 100 },
    // No load balancer: an API Gateway HTTP API costs nothing at idle where an ALB with its
    // public addresses costs about 26 USD a month; chat answers arrive whole, not streamed.
    // 'internet' puts the load balancer back (decision 0026).
    apiIngress: 'http-api',
    deletionProtection: false,
    waf: false,
    containerInsights: false,
    ecsExec: true,
    tracing: false,
    imagesToKeep: 10,
  },
};

/**
 * Highly available where data lives: three AZs, NAT per AZ, Multi-AZ PostgreSQL and a replicated
 * cache with protection, WAF at the edge and on the ALB. A single-instance broker, no interface
 * endpoints and no Container Insights keep it under $500 a month (decision 0025).
 */
const prod: EnvironmentProfile = {
  name: 'prod',
  stage: 'production',
  region: 'eu-west-1',
  logRetentionDays: 365,
  network: {
    vpcCidr: '10.20.0.0/16',
    zoneIds: ['euw1-az1', 'euw1-az2', 'euw1-az3'],
    natMode: 'per-az',
    // Three endpoints over three AZs cost about $72 a month, more than the NAT data charge of the
    // image pulls and logs they would carry; ['ecr.api', 'ecr.dkr', 'logs'] turns them on
    // (decision 0025).
    interfaceEndpoints: [],
  },
  edge: { priceClass: 'PriceClass_100', waf: true, hstsPreload: true },
  data: {
    mode: 'managed',
    postgres: {
      instanceClass: 'db.t4g.medium',
      allocatedStorageGiB: 50,
      maxAllocatedStorageGiB: 500,
      backupRetentionDays: 14,
      multiAz: true,
      deletionProtection: true,
    },
    cache: { nodeType: 'cache.t4g.small', nodeCount: 2 },
    // One node: while it is away the API's outbox keeps every contact message in PostgreSQL and
    // publishes it when the broker returns. AWS sizes mq.m7g.medium for testing; the broker here
    // carries contact messages only. { instanceType: 'mq.m7g.large', deployment: 'cluster' }
    // keeps the queue flowing through an AZ failure for about $500 a month more (decision 0025).
    broker: { instanceType: 'mq.m7g.medium', deployment: 'single-instance' },
  },
  app: {
    // One on-demand task always runs; beyond it, three of every four tasks run on Spot.
    capacity: { onDemandBase: 1, onDemandWeight: 1, spotWeight: 3 },
    api: {
      cpu: 512,
      memoryMiB: 1024,
      minTasks: 2,
      maxTasks: 10,
      targetUtilizationPercent: 60,
      requestsPerTarget: 1000,
    },
    worker: { cpu: 512, memoryMiB: 1024, minTasks: 1, maxTasks: 10, backlogPerTask: 50 },
    apiIngress: 'internet',
    deletionProtection: true,
    waf: true,
    // Off: service CPU and memory metrics (AWS/ECS, free) and X-Ray traces remain; true adds
    // per-task metrics for about $13 a month (decision 0025).
    containerInsights: false,
    ecsExec: false,
    tracing: true,
    imagesToKeep: 30,
  },
};

export const ENVIRONMENTS: Readonly<Record<string, EnvironmentProfile>> = { dev, prod };

/**
 * Picks the environments to synthesize from a comma-separated list such as `dev` or `dev,prod`
 * (the `SKYPORT_ENV` variable, or `make synth ENV=dev`). Empty means all of them.
 */
export function selectEnvironments(
  list: string | undefined,
  profiles: Readonly<Record<string, EnvironmentProfile>> = ENVIRONMENTS,
): EnvironmentProfile[] {
  const names = Object.keys(profiles);
  const requested = (list ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (requested.length === 0) return Object.values(profiles);
  const unknown = requested.filter((name) => !Object.hasOwn(profiles, name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown environment ${unknown.map((n) => `"${n}"`).join(', ')} (SKYPORT_ENV, or make synth ENV=...). ` +
        `Valid environments: ${names.join(', ')} (comma-separated, or empty for all).`,
    );
  }
  return [...new Set(requested)].map((name) => profiles[name] as EnvironmentProfile);
}
