import { ENVIRONMENTS, type EnvironmentProfile } from './environments';
import { assertValidProfile, validateProfile } from './validate-profile';

const dev = ENVIRONMENTS.dev as EnvironmentProfile;
const prod = ENVIRONMENTS.prod as EnvironmentProfile;

type Patch = (profile: EnvironmentProfile) => unknown;
const changed = (base: EnvironmentProfile, patch: Patch): EnvironmentProfile => {
  const copy = structuredClone<EnvironmentProfile>(base);
  patch(copy);
  return copy;
};
// Profiles are readonly; tests write to copies on purpose.
type Writable<T> = { -readonly [K in keyof T]: T[K] extends object ? Writable<T[K]> : T[K] };
const w = (profile: EnvironmentProfile) => profile as Writable<EnvironmentProfile>;

describe('environment profiles', () => {
  it.each(Object.keys(ENVIRONMENTS))('ships a valid %s profile', (name) => {
    expect(validateProfile(ENVIRONMENTS[name] as EnvironmentProfile)).toEqual([]);
  });

  it.each<[string, EnvironmentProfile, Patch, string]>([
    [
      'one zone',
      dev,
      (p) => (w(p).network.zoneIds = ['euw1-az1']),
      'network.zoneIds: ["euw1-az1"] lists 1; list 2 or 3 of the zone IDs of eu-west-1: "euw1-az1", "euw1-az2", "euw1-az3"',
    ],
    [
      'four zones',
      prod,
      (p) => {
        w(p).region = 'us-east-1';
        w(p).network.zoneIds = ['use1-az1', 'use1-az2', 'use1-az4', 'use1-az6'];
      },
      'network.zoneIds: ["use1-az1", "use1-az2", "use1-az4", "use1-az6"] lists 4; list 2 or 3 of the zone IDs of us-east-1: "use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"',
    ],
    [
      'a zone listed twice',
      dev,
      (p) => (w(p).network.zoneIds = ['euw1-az2', 'euw1-az2']),
      'network.zoneIds: ["euw1-az2", "euw1-az2"] lists a zone twice; name each zone once, from the zone IDs of eu-west-1: "euw1-az1", "euw1-az2", "euw1-az3"',
    ],
    [
      'a zone of another region',
      dev,
      (p) => (w(p).network.zoneIds = ['euw1-az1', 'use1-az1']),
      'network.zoneIds: "use1-az1" is not a zone of eu-west-1; use the zone IDs of eu-west-1: "euw1-az1", "euw1-az2", "euw1-az3"',
    ],
    [
      'a zone name instead of an ID',
      dev,
      (p) => (w(p).network.zoneIds = ['eu-west-1a', 'euw1-az2']),
      'network.zoneIds: "eu-west-1a" is not a zone of eu-west-1; use the zone IDs of eu-west-1: "euw1-az1", "euw1-az2", "euw1-az3"',
    ],
    [
      'a zone ID AWS does not document in the region',
      prod,
      (p) => (w(p).network.zoneIds = ['euw1-az1', 'euw1-az2', 'euw1-az7']),
      'network.zoneIds: "euw1-az7" is not a zone AWS documents in eu-west-1; use the zone IDs of eu-west-1: "euw1-az1", "euw1-az2", "euw1-az3"',
    ],
    [
      'a zone name in a region outside the table, checked by shape only',
      dev,
      (p) => {
        w(p).region = 'ap-southeast-2';
        w(p).network.zoneIds = ['apse2-az1', 'ap-southeast-2b'];
      },
      'network.zoneIds: "ap-southeast-2b" is not an Availability Zone ID such as "euw1-az1" (ap-southeast-2 is not in REGION_ZONE_IDS of stacks/config/zone-ids.ts, so only the shape of its IDs is checked); use the zone IDs of ap-southeast-2 (`aws ec2 describe-availability-zones --region ap-southeast-2`)',
    ],
    [
      'a NAT mode that does not exist',
      dev,
      (p) => (w(p).network.natMode = 'double' as never),
      'network.natMode: "double" is not allowed; use one of "none", "single", "per-az"',
    ],
    [
      'an unknown interface endpoint',
      dev,
      (p) => (w(p).network.interfaceEndpoints = ['ec2' as never]),
      'network.interfaceEndpoints: "ec2" is not allowed; use one of "ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts"',
    ],
    [
      'a duplicated interface endpoint',
      dev,
      (p) => (w(p).network.interfaceEndpoints = ['logs', 'logs']),
      'network.interfaceEndpoints: lists a service twice; name each service once',
    ],
    [
      'a public VPC range',
      dev,
      (p) => (w(p).network.vpcCidr = '8.8.0.0/16'),
      'network.vpcCidr: "8.8.0.0/16" must be a private range (10/8, 172.16/12, 192.168/16) from /16 to /24',
    ],
    [
      'a malformed VPC range',
      dev,
      (p) => (w(p).network.vpcCidr = '10.0.0.0'),
      'network.vpcCidr: "10.0.0.0" is not an IPv4 CIDR block such as "10.0.0.0/16"',
    ],
    [
      'an instance class RDS for PostgreSQL does not offer',
      dev,
      (p) => (w(p).data.postgres.instanceClass = 'db.t4g.nano'),
      'data.postgres.instanceClass: "db.t4g.nano" is not a Graviton class RDS for PostgreSQL offers',
    ],
    [
      'an x86 instance class',
      dev,
      (p) => (w(p).data.postgres.instanceClass = 'db.t3.micro'),
      'data.postgres.instanceClass: "db.t3.micro" is not a Graviton class',
    ],
    [
      'a cache node type Valkey does not offer',
      dev,
      (p) => (w(p).data.cache.nodeType = 'cache.t4g.large'),
      'data.cache.nodeType: "cache.t4g.large" is not a Graviton node type ElastiCache for Valkey offers',
    ],
    [
      'a broker cluster on mq.t3.micro',
      dev,
      (p) => (w(p).data.broker.deployment = 'cluster'),
      'data.broker.instanceType: "mq.t3.micro" runs only as a single instance; use "mq.m7g.medium" or larger for a cluster',
    ],
    [
      'storage autoscaling without headroom',
      dev,
      (p) => (w(p).data.postgres.maxAllocatedStorageGiB = 21),
      'data.postgres.maxAllocatedStorageGiB: 21 must be at least 10% above allocatedStorageGiB (20), or RDS refuses storage autoscaling',
    ],
    [
      'a storage ceiling under 10% above the start',
      prod,
      (p) => (w(p).data.postgres.maxAllocatedStorageGiB = 54),
      'data.postgres.maxAllocatedStorageGiB: 54 must be at least 10% above allocatedStorageGiB (50)',
    ],
    [
      'no backups',
      dev,
      (p) => (w(p).data.postgres.backupRetentionDays = 0),
      'data.postgres.backupRetentionDays: 0 is out of range; use a whole number from 1 to 35 days',
    ],
    [
      'a log retention CloudWatch refuses',
      dev,
      (p) => (w(p).logRetentionDays = 10),
      'logRetentionDays: 10 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30,',
    ],
    [
      'a price class that does not exist',
      dev,
      (p) => (w(p).edge.priceClass = 'PriceClass_50' as never),
      'edge.priceClass: "PriceClass_50" is not allowed; use one of "PriceClass_100", "PriceClass_200", "PriceClass_All"',
    ],
    [
      'a name that cannot prefix resources',
      dev,
      (p) => (w(p).name = 'Dev_1'),
      'name: "Dev_1" must be 2-12 lowercase letters or digits, starting with a letter',
    ],
    [
      'a region typo',
      dev,
      (p) => (w(p).region = 'eu-west'),
      'region: "eu-west" is not an AWS region name such as "eu-west-1"',
    ],
    [
      'prod without deletion protection',
      prod,
      (p) => (w(p).data.postgres.deletionProtection = false),
      'data.postgres.deletionProtection: must be true in a production profile (a mistaken destroy must not delete the database)',
    ],
    [
      'prod without Multi-AZ',
      prod,
      (p) => (w(p).data.postgres.multiAz = false),
      'data.postgres.multiAz: must be true in a production profile',
    ],
    [
      'prod with a day of backups',
      prod,
      (p) => (w(p).data.postgres.backupRetentionDays = 1),
      'data.postgres.backupRetentionDays: 1 is too short for production; keep at least 7 days',
    ],
    [
      'prod with embedded data',
      prod,
      (p) => {
        w(p).data.mode = 'embedded';
        w(p).app.api.cpu = 1024;
        w(p).app.api.memoryMiB = 2048;
      },
      'data.mode: "embedded" loses data on every restart; production must use "managed"',
    ],
    [
      'a Fargate size that does not exist',
      dev,
      (p) => (w(p).app.worker.memoryMiB = 4096),
      'app.worker.memoryMiB: 4096 does not pair with 256 CPU units on Fargate; use one of 512, 1024, 2048',
    ],
    [
      'a CPU size Fargate does not offer',
      dev,
      (p) => (w(p).app.worker.cpu = 300),
      'app.worker.cpu: 300 is not a Fargate CPU size',
    ],
    [
      'fewer maximum than minimum tasks',
      prod,
      (p) => (w(p).app.api.maxTasks = 1),
      'app.api.maxTasks: 1 is below minTasks (2)',
    ],
    [
      'no capacity weight at all',
      dev,
      (p) => (w(p).app.capacity.spotWeight = 0),
      'app.capacity: onDemandWeight and spotWeight are both 0; give at least one a weight',
    ],
    [
      'embedded data in a task too small for it',
      dev,
      // Dev ships with embedded data at 1024 / 2048 (decision 0025).
      (p) => Object.assign(w(p).app.api, { cpu: 256, memoryMiB: 512 }),
      'app.api.cpu: 256 CPU / 512 MiB is too small for embedded data',
    ],
    [
      'prod all on Spot',
      prod,
      (p) => (w(p).app.capacity.onDemandBase = 0),
      'app.capacity.onDemandBase: 0 leaves production all on Spot; keep at least 1 on-demand task',
    ],
    [
      'prod with one API task',
      prod,
      (p) => (w(p).app.api.minTasks = 1),
      'app.api.minTasks: 1 is a single point of failure; production runs at least 2 API tasks',
    ],
    [
      'prod without load balancer deletion protection',
      prod,
      (p) => (w(p).app.deletionProtection = false),
      'app.deletionProtection: must be true in a production profile',
    ],
    [
      'an API ingress that does not exist',
      dev,
      (p) => (w(p).app.apiIngress = 'vpn' as never),
      'app.apiIngress: "vpn" is not allowed; use one of "internet", "cloudfront", "http-api"',
    ],
    [
      'a WAF on an HTTP API',
      dev,
      (p) => Object.assign(w(p).app, { apiIngress: 'http-api', waf: true }),
      'app.waf: an API Gateway HTTP API cannot have a WAF web ACL',
    ],
    [
      'prod behind an HTTP API',
      prod,
      (p) => Object.assign(w(p).app, { apiIngress: 'http-api', waf: false }),
      'app.apiIngress: "http-api" has no WAF, which production requires',
    ],
  ])('rejects %s, naming the field and what is allowed', (_case, base, patch, message) => {
    const problems = validateProfile(changed(base, patch));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('accepts a storage ceiling exactly 10% above the start', () => {
    const exact = changed(prod, (p) => {
      w(p).data.postgres.allocatedStorageGiB = 100;
      w(p).data.postgres.maxAllocatedStorageGiB = 110;
    });
    expect(validateProfile(exact)).toEqual([]);
  });

  it('accepts in development what production refuses', () => {
    const cheap = changed(dev, (p) => {
      w(p).data.mode = 'embedded';
      w(p).app.api.cpu = 1024;
      w(p).app.api.memoryMiB = 2048;
    });
    expect(validateProfile(cheap)).toEqual([]);
  });

  it('reports every problem at once, one per line, under the profile name', () => {
    const bad = changed(prod, (p) => {
      w(p).network.zoneIds = ['euw1-az1'];
      w(p).data.postgres.deletionProtection = false;
    });
    expect(() => assertValidProfile(bad)).toThrow(
      'Environment profile "prod" is invalid (stacks/config/environments.ts):\n' +
        '  - network.zoneIds: ["euw1-az1"] lists 1; list 2 or 3 of the zone IDs of eu-west-1: "euw1-az1", "euw1-az2", "euw1-az3"\n' +
        '  - data.postgres.deletionProtection: must be true in a production profile (a mistaken destroy must not delete the database)',
    );
  });
});
