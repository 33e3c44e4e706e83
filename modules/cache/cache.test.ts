import { TerraformOutput } from 'cdktf';
import {
  expectGeneratedSecret,
  expectIngressOnlyFromSecurityGroup,
  justificationsIn,
  onlyResource,
  PRIVATE_STORE,
  referenceTo,
  resourcesOf,
  secretLiterals,
  synthConstructs,
  synthConstructsWithComments,
} from '../testing';
import { Cache, type CacheProps } from './cache';

const KEY = PRIVATE_STORE.kmsKeyArn;

const PROPS: CacheProps = PRIVATE_STORE;

const synth = (props: Partial<CacheProps> = {}) =>
  synthConstructs((scope) => {
    new Cache(scope, 'cache', { ...PROPS, ...props });
  });

describe('Cache', () => {
  const dev = synth();
  const group = onlyResource(dev, 'aws_elasticache_replication_group');

  it('admits Valkey only from the client security group, from no CIDR, and opens nothing outward', () => {
    const sgId = expectIngressOnlyFromSecurityGroup(dev, {
      ...PROPS,
      name: 'skyport-dev-cache',
      port: 6379,
    });
    expect(group.security_group_ids).toEqual([sgId]);
  });

  it('places the nodes only in the given isolated subnets', () => {
    expect(onlyResource(dev, 'aws_elasticache_subnet_group').subnet_ids).toEqual([
      'subnet-isolated-1',
      'subnet-isolated-2',
    ]);
    expect(group.subnet_group_name).toBe(referenceTo(dev, 'aws_elasticache_subnet_group', 'name'));
  });

  it('encrypts at rest with the given key and requires TLS with an auth token', () => {
    expect(group).toMatchObject({
      at_rest_encryption_enabled: 'true',
      kms_key_id: KEY,
      transit_encryption_enabled: true,
      transit_encryption_mode: 'required',
      auth_token: expect.any(String),
    });
    expect(group).not.toHaveProperty('user_group_ids');
  });

  it('runs Valkey with cluster mode off on one Graviton node by default', () => {
    expect(group).toMatchObject({
      replication_group_id: 'skyport-dev-cache',
      engine: 'valkey',
      engine_version: '9.1',
      node_type: 'cache.t4g.micro',
      port: 6379,
      cluster_mode: 'disabled',
      num_cache_clusters: 1,
      automatic_failover_enabled: false,
      multi_az_enabled: false,
    });
    expect(group).not.toHaveProperty('num_node_groups');
    expect(group).not.toHaveProperty('parameter_group_name');
    expect(resourcesOf(dev, 'aws_elasticache_parameter_group')).toEqual({});
  });

  it.each([2, 3, 6])('turns on automatic failover and Multi-AZ with %i nodes', (nodeCount) => {
    expect(onlyResource(synth({ nodeCount }), 'aws_elasticache_replication_group')).toMatchObject({
      num_cache_clusters: nodeCount,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
    });
  });

  it('generates the auth token in Secrets Manager, keeps it in a secret encrypted with the key', () => {
    expectGeneratedSecret(dev, {
      namePrefix: 'skyport-dev-cache-auth-',
      kmsKeyArn: KEY,
      recoveryWindowDays: 7,
      secretString:
        /^\$\{jsonencode\(\{"password" = data\.aws_secretsmanager_random_password\.[\w-]+\.random_password\}\)\}$/,
    });
  });

  it('keeps the first generated token: the secret version ignores later changes of its value', () => {
    expect(onlyResource(dev, 'aws_secretsmanager_secret_version').lifecycle).toEqual({
      ignore_changes: ['secret_string'],
    });
  });

  it('reads the auth token back from the secret version and rotates it when that changes', () => {
    const version = referenceTo(dev, 'aws_secretsmanager_secret_version', 'secret_string');
    expect(group.auth_token).toBe(`\${jsondecode(${version.slice(2, -1)}).password}`);
    expect(group.auth_token_update_strategy).toBe('ROTATE');
  });

  it('has no password or token literal in the JSON: every such value is a reference', () => {
    const values = secretLiterals(dev);
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(values.every((value) => value.startsWith('${'))).toBe(true);
  });

  it('delivers the slow log and engine log to log groups with retention and the key', () => {
    const groups = resourcesOf(dev, 'aws_cloudwatch_log_group');
    expect(
      Object.values(groups)
        .map((g) => g.name)
        .sort(),
    ).toEqual([
      '/aws/elasticache/skyport-dev-cache/engine-log',
      '/aws/elasticache/skyport-dev-cache/slow-log',
    ]);
    for (const logGroup of Object.values(groups)) {
      expect(logGroup).toMatchObject({ retention_in_days: 30, kms_key_id: KEY });
    }
    const destinationOf = (log: string) => {
      const [name] = Object.entries(groups).find(([, g]) => (g.name as string).endsWith(log)) ?? [];
      return `\${aws_cloudwatch_log_group.${name as string}.name}`;
    };
    expect(group.log_delivery_configuration).toEqual(
      expect.arrayContaining([
        {
          log_type: 'slow-log',
          destination_type: 'cloudwatch-logs',
          destination: destinationOf('/slow-log'),
          log_format: 'json',
        },
        {
          log_type: 'engine-log',
          destination_type: 'cloudwatch-logs',
          destination: destinationOf('/engine-log'),
          log_format: 'json',
        },
      ]),
    );
    const longer = synth({ logRetentionDays: 90 });
    for (const logGroup of Object.values(resourcesOf(longer, 'aws_cloudwatch_log_group'))) {
      expect(logGroup.retention_in_days).toBe(90);
    }
  });

  it('keeps daily snapshots and takes minor upgrades outside working hours', () => {
    expect(group).toMatchObject({
      snapshot_retention_limit: 1,
      snapshot_window: expect.stringMatching(/^\d\d:\d\d-\d\d:\d\d$/),
      maintenance_window: expect.stringMatching(/^[a-z]{3}:\d\d:\d\d-[a-z]{3}:\d\d:\d\d$/),
      auto_minor_version_upgrade: 'true',
    });
    expect(
      onlyResource(synth({ snapshotRetentionDays: 7 }), 'aws_elasticache_replication_group')
        .snapshot_retention_limit,
    ).toBe(7);
  });

  it('exposes the primary endpoint address, the port and the auth secret ARN', () => {
    const json = synthConstructs((scope) => {
      const cache = new Cache(scope, 'cache', { ...PROPS, subnetIds: ['subnet-isolated-1'] });
      new TerraformOutput(scope, 'address', { value: cache.address });
      new TerraformOutput(scope, 'port', { value: cache.port });
      new TerraformOutput(scope, 'secret', { value: cache.authSecretArn });
    });
    expect(json.output?.address?.value).toBe(
      referenceTo(json, 'aws_elasticache_replication_group', 'primary_endpoint_address'),
    );
    expect(json.output?.port?.value).toBe(6379);
    expect(json.output?.secret?.value).toBe(referenceTo(json, 'aws_secretsmanager_secret', 'arn'));
  });

  it.each([
    [
      { name: 'Skyport' },
      '[stack/cache] name: "Skyport" must be 1-34 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen',
    ],
    [{ name: 'a'.repeat(35) }, /\[stack\/cache\] name: "a{35}" must be 1-34/],
    [
      { nodeType: 'cache.m5.large' },
      '[stack/cache] nodeType: "cache.m5.large" must be a Graviton node type such as "cache.t4g.micro" or "cache.m7g.large"',
    ],
    [
      { nodeCount: 0 },
      '[stack/cache] nodeCount: 0 is out of range; use a whole number from 1 to 6',
    ],
    [
      { nodeCount: 7 },
      '[stack/cache] nodeCount: 7 is out of range; use a whole number from 1 to 6',
    ],
    [{ nodeCount: 1.5 }, /nodeCount: 1.5 is out of range/],
    [
      { nodeCount: 2, subnetIds: ['subnet-1'] },
      '[stack/cache] subnetIds: 1 listed; list subnets in at least two AZs when nodeCount is 2 or more (Multi-AZ)',
    ],
    [{ subnetIds: [] }, '[stack/cache] subnetIds: 0 listed; list at least one subnet'],
    [
      { engineVersion: '7.1' },
      '[stack/cache] engineVersion: "7.1" must be a Valkey major.minor such as "9.1", 7.2 or later',
    ],
    [{ engineVersion: '8.0.1' }, /engineVersion: "8.0.1" must be a Valkey major.minor/],
    [
      { snapshotRetentionDays: 36 },
      '[stack/cache] snapshotRetentionDays: 36 is out of range; use a whole number from 0 to 35',
    ],
    [{ logRetentionDays: 2 }, /logRetentionDays: 2 is not a CloudWatch Logs retention/],
    [
      { secretRecoveryWindowDays: 3 },
      '[stack/cache] secretRecoveryWindowDays: 3 is out of range; use 0 (delete at once) or a whole number from 7 to 30',
    ],
    [{ secretRecoveryWindowDays: 31 }, /secretRecoveryWindowDays: 31 is out of range/],
  ])('rejects %o with a message naming the construct and the prop', (props, message) => {
    expect(() => synth(props as Partial<CacheProps>)).toThrow(message);
  });

  it('reports every problem at once', () => {
    expect(() => synth({ nodeCount: 9, snapshotRetentionDays: 40 })).toThrow(
      '[stack/cache] nodeCount: 9 is out of range; use a whole number from 1 to 6\n' +
        '[stack/cache] snapshotRetentionDays: 40 is out of range; use a whole number from 0 to 35',
    );
  });

  it('accepts a recovery window of 0 (delete the secret at once) and older Valkey 8.x', () => {
    const json = synth({ secretRecoveryWindowDays: 0, engineVersion: '8.1' });
    expect(onlyResource(json, 'aws_secretsmanager_secret').recovery_window_in_days).toBe(0);
    expect(onlyResource(json, 'aws_elasticache_replication_group').engine_version).toBe('8.1');
  });
});

describe('Cache audit justifications', () => {
  const justified = (props: Partial<CacheProps>) =>
    justificationsIn(
      synthConstructsWithComments((scope) => {
        new Cache(scope, 'cache', { ...PROPS, ...props });
      }),
    )
      .map(({ address, check, because }) => `${address.split('.')[0]} ${check} ${because}`)
      .sort();

  it('justifies one node and short log retention as cost, and manual token rotation by design', () => {
    expect(justified({ nodeCount: 1, logRetentionDays: 30 })).toEqual([
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_elasticache_replication_group CKV2_AWS_50 cost',
      'aws_secretsmanager_secret CKV2_AWS_57 design',
    ]);
  });

  it('justifies nothing as cost with failover and a year of logs', () => {
    expect(justified({ nodeCount: 2, logRetentionDays: 365 })).toEqual([
      'aws_secretsmanager_secret CKV2_AWS_57 design',
    ]);
  });
});
