import { parseCidr, Problems, show } from '@skyport/modules/validation';
import { AWS_REGION_PATTERN } from './state';
import { checkZoneIds } from './zone-ids';
import {
  BROKER_INSTANCE_TYPES,
  CACHE_NODE_TYPES,
  POSTGRES_INSTANCE_CLASSES,
  SINGLE_INSTANCE_ONLY_BROKER_TYPES,
} from './offerings';
import {
  API_INGRESS,
  BROKER_DEPLOYMENTS,
  DATA_MODES,
  INTERFACE_ENDPOINTS,
  NAT_MODES,
  PRICE_CLASSES,
  STAGES,
  type EnvironmentProfile,
  type ServiceProfile,
} from './profile';

const NAME = /^[a-z][a-z0-9]{1,11}$/;

/** A data-protection setting every production profile must keep on. */
function required(p: Problems, field: string, value: unknown, why: string): void {
  if (value !== true) p.add(field, `must be true in a production profile (${why})`);
}

/**
 * Checks an environment profile and returns its problems (empty when it is valid). Catches what
 * the type system cannot: ranges, instance sizes an engine does not offer, combinations AWS
 * refuses, and the data-protection rules every production profile must keep.
 */
export function validateProfile(profile: EnvironmentProfile): string[] {
  const p = new Problems();
  if (!NAME.test(profile.name)) {
    p.add(
      'name',
      `${show(profile.name)} must be 2-12 lowercase letters or digits, starting with a letter`,
    );
  }
  p.oneOf('stage', profile.stage, STAGES);
  if (!AWS_REGION_PATTERN.test(profile.region)) {
    p.add('region', `${show(profile.region)} is not an AWS region name such as "eu-west-1"`);
  }
  p.logRetentionDays('logRetentionDays', profile.logRetentionDays);

  const { network, edge, data } = profile;
  try {
    const cidr = parseCidr('network.vpcCidr', network.vpcCidr);
    if (!cidr.isPrivate || cidr.prefix < 16 || cidr.prefix > 24) {
      p.add(
        'network.vpcCidr',
        `${show(network.vpcCidr)} must be a private range (10/8, 172.16/12, 192.168/16) from /16 to /24`,
      );
    }
  } catch (error) {
    p.list.push((error as Error).message.replace(/^network\.vpcCidr /, 'network.vpcCidr: '));
  }
  checkZoneIds(p, profile.region, network.zoneIds);
  p.oneOf('network.natMode', network.natMode, NAT_MODES);
  for (const endpoint of network.interfaceEndpoints) {
    p.oneOf('network.interfaceEndpoints', endpoint, INTERFACE_ENDPOINTS);
  }
  if (new Set(network.interfaceEndpoints).size !== network.interfaceEndpoints.length) {
    p.add('network.interfaceEndpoints', 'lists a service twice; name each service once');
  }

  p.oneOf('edge.priceClass', edge.priceClass, PRICE_CLASSES);
  for (const [field, value] of [
    ['edge.waf', edge.waf],
    ['edge.hstsPreload', edge.hstsPreload],
  ] as const) {
    if (typeof value !== 'boolean') p.add(field, `${show(value)} must be true or false`);
  }

  p.oneOf('data.mode', data.mode, DATA_MODES);
  const { postgres, cache, broker } = data;
  if (!POSTGRES_INSTANCE_CLASSES.includes(postgres.instanceClass)) {
    p.add(
      'data.postgres.instanceClass',
      `${show(postgres.instanceClass)} is not a Graviton class RDS for PostgreSQL offers; use e.g. "db.t4g.micro", "db.t4g.medium" or "db.m7g.large"`,
    );
  }
  p.integer('data.postgres.allocatedStorageGiB', postgres.allocatedStorageGiB, 20, 65536, ' GiB');
  p.integer(
    'data.postgres.maxAllocatedStorageGiB',
    postgres.maxAllocatedStorageGiB,
    20,
    65536,
    ' GiB',
  );
  // Integer arithmetic: 100 * 1.1 is 110.00000000000001 in floating point.
  if (postgres.maxAllocatedStorageGiB * 10 < postgres.allocatedStorageGiB * 11) {
    p.add(
      'data.postgres.maxAllocatedStorageGiB',
      `${postgres.maxAllocatedStorageGiB} must be at least 10% above allocatedStorageGiB (${postgres.allocatedStorageGiB}), or RDS refuses storage autoscaling`,
    );
  }
  p.integer('data.postgres.backupRetentionDays', postgres.backupRetentionDays, 1, 35, ' days');

  if (!CACHE_NODE_TYPES.includes(cache.nodeType)) {
    p.add(
      'data.cache.nodeType',
      `${show(cache.nodeType)} is not a Graviton node type ElastiCache for Valkey offers; use e.g. "cache.t4g.micro" or "cache.m7g.large"`,
    );
  }
  p.integer('data.cache.nodeCount', cache.nodeCount, 1, 6);

  p.oneOf('data.broker.deployment', broker.deployment, BROKER_DEPLOYMENTS);
  if (!BROKER_INSTANCE_TYPES.includes(broker.instanceType)) {
    p.add(
      'data.broker.instanceType',
      `${show(broker.instanceType)} is not an Amazon MQ for RabbitMQ instance type; use "mq.t3.micro" or e.g. "mq.m7g.medium"`,
    );
  } else if (
    broker.deployment === 'cluster' &&
    SINGLE_INSTANCE_ONLY_BROKER_TYPES.includes(broker.instanceType)
  ) {
    p.add(
      'data.broker.instanceType',
      `${show(broker.instanceType)} runs only as a single instance; use "mq.m7g.medium" or larger for a cluster`,
    );
  }

  validateApp(p, profile);

  if (profile.stage === 'production') {
    required(
      p,
      'data.postgres.deletionProtection',
      postgres.deletionProtection,
      'a mistaken destroy must not delete the database',
    );
    required(
      p,
      'data.postgres.multiAz',
      postgres.multiAz,
      'a standby in a second AZ survives an AZ outage',
    );
    if (postgres.backupRetentionDays < 7) {
      p.add(
        'data.postgres.backupRetentionDays',
        `${postgres.backupRetentionDays} is too short for production; keep at least 7 days`,
      );
    }
    if (data.mode !== 'managed') {
      p.add(
        'data.mode',
        `${show(data.mode)} loses data on every restart; production must use "managed"`,
      );
    }
    if (profile.app.capacity.onDemandBase < 1) {
      p.add(
        'app.capacity.onDemandBase',
        `${profile.app.capacity.onDemandBase} leaves production all on Spot; keep at least 1 on-demand task`,
      );
    }
    if (profile.app.api.minTasks < 2) {
      p.add(
        'app.api.minTasks',
        `${profile.app.api.minTasks} is a single point of failure; production runs at least 2 API tasks`,
      );
    }
    if (profile.app.apiIngress === 'http-api') {
      p.add(
        'app.apiIngress',
        '"http-api" has no WAF, which production requires (docs/audit.md); use "internet" or "cloudfront" (a load balancer with a WAF)',
      );
    }
    required(
      p,
      'app.deletionProtection',
      profile.app.deletionProtection,
      'a mistaken destroy must not delete the load balancer and its DNS name',
    );
  }
  return p.list;
}

function validateService(p: Problems, field: string, service: ServiceProfile): void {
  p.fargateSize(service.cpu, service.memoryMiB, `${field}.`);
  p.integer(`${field}.minTasks`, service.minTasks, 1, 100);
  p.integer(`${field}.maxTasks`, service.maxTasks, 1, 100);
  if (service.maxTasks < service.minTasks) {
    p.add(`${field}.maxTasks`, `${service.maxTasks} is below minTasks (${service.minTasks})`);
  }
}

function validateApp(p: Problems, profile: EnvironmentProfile): void {
  const { app } = profile;
  const { capacity } = app;
  p.integer('app.capacity.onDemandBase', capacity.onDemandBase, 0, 100);
  p.integer('app.capacity.onDemandWeight', capacity.onDemandWeight, 0, 1000);
  p.integer('app.capacity.spotWeight', capacity.spotWeight, 0, 1000);
  if (capacity.onDemandWeight + capacity.spotWeight === 0) {
    p.add('app.capacity', 'onDemandWeight and spotWeight are both 0; give at least one a weight');
  }
  validateService(p, 'app.api', app.api);
  validateService(p, 'app.worker', app.worker);
  p.integer('app.api.targetUtilizationPercent', app.api.targetUtilizationPercent, 10, 95, '%');
  p.integer('app.api.requestsPerTarget', app.api.requestsPerTarget, 1, 1_000_000);
  p.integer('app.worker.backlogPerTask', app.worker.backlogPerTask, 1, 1_000_000);
  p.oneOf('app.apiIngress', app.apiIngress, API_INGRESS);
  if (app.apiIngress === 'http-api' && app.waf) {
    p.add(
      'app.waf',
      'an API Gateway HTTP API cannot have a WAF web ACL; set waf to false, or apiIngress to "internet" to keep the WAF on a load balancer',
    );
  }
  if (profile.data.mode === 'embedded' && (app.api.cpu < 1024 || app.api.memoryMiB < 2048)) {
    p.add(
      'app.api.cpu',
      `${app.api.cpu} CPU / ${app.api.memoryMiB} MiB is too small for embedded data: the API task also runs the worker, PostgreSQL, Valkey and RabbitMQ; use at least 1024 CPU and 2048 MiB`,
    );
  }
  p.integer('app.imagesToKeep', app.imagesToKeep, 1, 1000);
}

/** Throws one error that lists every problem of the profile, or returns it unchanged. */
export function assertValidProfile(profile: EnvironmentProfile): EnvironmentProfile {
  const problems = validateProfile(profile);
  if (problems.length > 0) {
    throw new Error(
      `Environment profile "${profile.name}" is invalid (stacks/config/environments.ts):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
  }
  return profile;
}
