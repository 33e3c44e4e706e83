import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { TerraformOutput } from 'cdktf';
import {
  dataSourceFor,
  expectIngressOnlyFromSecurityGroup,
  justifiedChecks,
  onlyResource,
  PRIVATE_STORE,
  referenceTo,
  resourcesOf,
  secretLiterals,
  synthConstructs,
  synthConstructsWithComments,
} from '../testing';
import { Postgres, type PostgresProps } from './postgres';

const KEY = PRIVATE_STORE.kmsKeyArn;

const PROPS: PostgresProps = PRIVATE_STORE;

const synth = (props: Partial<PostgresProps> = {}) =>
  synthConstructs((scope) => {
    new Postgres(scope, 'postgres', { ...PROPS, ...props });
  });

describe('Postgres', () => {
  const dev = synth();
  const instance = onlyResource(dev, 'aws_db_instance');

  it('admits PostgreSQL only from the client security group, from no CIDR, and opens nothing outward', () => {
    const sgId = expectIngressOnlyFromSecurityGroup(dev, {
      ...PROPS,
      name: 'skyport-dev-postgres',
      port: 5432,
    });
    expect(instance.vpc_security_group_ids).toEqual([sgId]);
  });

  it('is not publicly accessible and lives only in the given isolated subnets', () => {
    expect(instance.publicly_accessible).toBe(false);
    expect(onlyResource(dev, 'aws_db_subnet_group').subnet_ids).toEqual([
      'subnet-isolated-1',
      'subnet-isolated-2',
    ]);
    expect(instance.db_subnet_group_name).toBe(referenceTo(dev, 'aws_db_subnet_group', 'name'));
  });

  it('encrypts storage, Performance Insights and the master secret with the given key, and requires TLS', () => {
    expect(instance).toMatchObject({
      storage_encrypted: true,
      kms_key_id: KEY,
      performance_insights_kms_key_id: KEY,
      master_user_secret_kms_key_id: KEY,
      ca_cert_identifier: 'rds-ca-rsa2048-g1',
    });
    expect(onlyResource(dev, 'aws_db_parameter_group').parameter).toContainEqual({
      name: 'rds.force_ssl',
      value: '1',
    });
  });

  it('lets RDS generate and keep the master password: no password or token literal in the JSON', () => {
    expect(instance).toMatchObject({
      manage_master_user_password: true,
      username: 'skyport_admin',
      iam_database_authentication_enabled: true,
    });
    expect(instance).not.toHaveProperty('password');
    expect(instance).not.toHaveProperty('password_wo');
    // RDS keeps the password: no password, token or secret string appears at all.
    expect(secretLiterals(dev)).toEqual([]);
    expect(resourcesOf(dev, 'aws_secretsmanager_secret_version')).toEqual({});
  });

  it('exposes the master secret ARN, address, port, identifier and names', () => {
    const json = synthConstructs((scope) => {
      const postgres = new Postgres(scope, 'postgres', PROPS);
      new TerraformOutput(scope, 'secret', { value: postgres.masterSecretArn });
      new TerraformOutput(scope, 'address', { value: postgres.address });
      new TerraformOutput(scope, 'facts', {
        value: {
          identifier: postgres.identifier,
          port: postgres.port,
          databaseName: postgres.databaseName,
          masterUsername: postgres.masterUsername,
        },
      });
    });
    const db = referenceTo(json, 'aws_db_instance', 'x').replace(/\.x\}$/, '');
    expect(json.output?.secret?.value).toBe(`${db}.master_user_secret[0].secret_arn}`);
    expect(json.output?.address?.value).toBe(`${db}.address}`);
    expect(json.output?.facts?.value).toEqual({
      identifier: 'skyport-dev-postgres',
      port: 5432,
      databaseName: 'skyport',
      masterUsername: 'skyport_admin',
    });
  });

  it('lets a task re-read the rotated master credentials, decrypting them only through Secrets Manager', () => {
    const json = synthConstructs((scope) => {
      const postgres = new Postgres(scope, 'postgres', PROPS);
      new DataAwsIamPolicyDocument(scope, 'task', {
        statement: postgres.readCredentialsStatements('eu-west-1'),
      });
    });
    const db = referenceTo(json, 'aws_db_instance', 'x').replace(/\.x\}$/, '');
    const task = Object.entries(json.data?.aws_iam_policy_document ?? {}).find(([name]) =>
      name.startsWith('task'),
    )?.[1];
    expect(task?.statement).toEqual([
      {
        sid: 'ReadTheRotatedDatabaseCredentials',
        effect: 'Allow',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [`${db}.master_user_secret[0].secret_arn}`],
      },
      {
        sid: 'DecryptThemThroughSecretsManagerOnly',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: [KEY],
        condition: [
          {
            test: 'StringEquals',
            variable: 'kms:ViaService',
            values: ['secretsmanager.eu-west-1.amazonaws.com'],
          },
        ],
      },
    ]);
  });

  it('runs PostgreSQL 18 on Graviton with gp3 storage that autoscales to the ceiling', () => {
    expect(instance).toMatchObject({
      engine: 'postgres',
      engine_version: '18',
      instance_class: 'db.t4g.micro',
      storage_type: 'gp3',
      allocated_storage: 20,
      max_allocated_storage: 100,
      port: 5432,
      db_name: 'skyport',
      identifier: 'skyport-dev-postgres',
    });
  });

  it('logs slow statements and DDL through a parameter group of the engine major', () => {
    const group = onlyResource(dev, 'aws_db_parameter_group');
    expect(group).toMatchObject({
      family: 'postgres18',
      name_prefix: 'skyport-dev-postgres-pg18-',
      lifecycle: { create_before_destroy: true },
    });
    expect(group.parameter).toEqual(
      expect.arrayContaining([
        { name: 'log_min_duration_statement', value: '500' },
        { name: 'log_statement', value: 'ddl' },
      ]),
    );
    expect(instance.parameter_group_name).toBe(referenceTo(dev, 'aws_db_parameter_group', 'name'));
    const custom = onlyResource(
      synth({ engineVersion: '17.6', slowQueryMilliseconds: 250 }),
      'aws_db_parameter_group',
    );
    expect(custom.family).toBe('postgres17');
    expect(custom.parameter).toContainEqual({ name: 'log_min_duration_statement', value: '250' });
  });

  it('exports server and upgrade logs to log groups it creates first, with retention and the key', () => {
    const groups = Object.entries(resourcesOf(dev, 'aws_cloudwatch_log_group'));
    expect(groups.map(([, g]) => g.name).sort()).toEqual([
      '/aws/rds/instance/skyport-dev-postgres/postgresql',
      '/aws/rds/instance/skyport-dev-postgres/upgrade',
    ]);
    for (const [, group] of groups) {
      expect(group).toMatchObject({ retention_in_days: 30, kms_key_id: KEY });
    }
    expect(instance.enabled_cloudwatch_logs_exports).toEqual(['postgresql', 'upgrade']);
    expect([...(instance.depends_on as string[])].sort()).toEqual(
      groups.map(([name]) => `aws_cloudwatch_log_group.${name}`).sort(),
    );
    const longer = synth({ logRetentionDays: 365 });
    for (const group of Object.values(resourcesOf(longer, 'aws_cloudwatch_log_group'))) {
      expect(group.retention_in_days).toBe(365);
    }
  });

  it('keeps backups for the retention period, copies tags to snapshots and takes minor upgrades', () => {
    expect(instance).toMatchObject({
      backup_retention_period: 7,
      backup_window: expect.stringMatching(/^\d\d:\d\d-\d\d:\d\d$/),
      maintenance_window: expect.stringMatching(/^[a-z]{3}:\d\d:\d\d-[a-z]{3}:\d\d:\d\d$/),
      copy_tags_to_snapshot: true,
      auto_minor_version_upgrade: true,
      allow_major_version_upgrade: false,
      apply_immediately: false,
    });
    expect(onlyResource(synth({ backupRetentionDays: 14 }), 'aws_db_instance')).toMatchObject({
      backup_retention_period: 14,
    });
  });

  it('turns on Performance Insights with the key and the free 7-day retention', () => {
    expect(instance).toMatchObject({
      performance_insights_enabled: true,
      performance_insights_retention_period: 7,
    });
  });

  it('refuses deletion and keeps a final snapshot and the backups by default', () => {
    expect(instance).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'skyport-dev-postgres-final',
      delete_automated_backups: false,
    });
  });

  it('can be deleted without a final snapshot when deletion protection is off', () => {
    expect(onlyResource(synth({ deletionProtection: false }), 'aws_db_instance')).toMatchObject({
      deletion_protection: false,
      skip_final_snapshot: true,
      delete_automated_backups: true,
    });
  });

  it('samples OS metrics every 60 seconds through a role only RDS monitoring can assume', () => {
    const role = onlyResource(dev, 'aws_iam_role');
    expect(instance).toMatchObject({
      monitoring_interval: 60,
      monitoring_role_arn: referenceTo(dev, 'aws_iam_role', 'arn'),
    });
    const trust = dataSourceFor(dev, role.assume_role_policy).statement as Record<
      string,
      unknown
    >[];
    expect(trust).toEqual([
      expect.objectContaining({
        principals: [{ type: 'Service', identifiers: ['monitoring.rds.amazonaws.com'] }],
        actions: ['sts:AssumeRole'],
        condition: [expect.objectContaining({ variable: 'aws:SourceAccount' })],
      }),
    ]);
    expect(onlyResource(dev, 'aws_iam_role_policy_attachment')).toEqual({
      role: referenceTo(dev, 'aws_iam_role', 'name'),
      policy_arn: expect.stringMatching(
        /:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/,
      ),
    });
  });

  it('creates no monitoring role when enhanced monitoring is off', () => {
    const off = synth({ monitoringIntervalSeconds: 0 });
    expect(onlyResource(off, 'aws_db_instance').monitoring_interval).toBe(0);
    expect(resourcesOf(off, 'aws_iam_role')).toEqual({});
  });

  it('refuses a monitoring interval RDS does not accept', () => {
    expect(() => synth({ monitoringIntervalSeconds: 20 as 0 })).toThrow(
      /monitoringIntervalSeconds: 20 is not allowed; use one of 0, 1, 5, 10, 15, 30, 60/,
    );
  });

  describe('audit justifications', () => {
    const justified = (props: Partial<PostgresProps>) =>
      justifiedChecks(
        synthConstructsWithComments((scope) => {
          new Postgres(scope, 'postgres', { ...PROPS, ...props });
        }),
        'aws_db_instance',
      );
    const logGroups = (props: Partial<PostgresProps>) =>
      justifiedChecks(
        synthConstructsWithComments((scope) => {
          new Postgres(scope, 'postgres', { ...PROPS, ...props });
        }),
        'aws_cloudwatch_log_group',
      );

    it('justifies single-AZ, no deletion protection and no monitoring as cost, only when chosen', () => {
      expect(
        justified({ multiAz: false, deletionProtection: false, monitoringIntervalSeconds: 0 }),
      ).toEqual(['CKV_AWS_118 cost', 'CKV_AWS_157 cost', 'CKV_AWS_293 cost']);
      expect(justified({ multiAz: true, deletionProtection: true })).toEqual([]);
    });

    it('justifies short log retention on both log groups, and nothing from a year on', () => {
      expect(logGroups({ logRetentionDays: 30 })).toEqual(['CKV_AWS_338 cost', 'CKV_AWS_338 cost']);
      expect(logGroups({ logRetentionDays: 365 })).toEqual([]);
    });
  });

  it('is single-AZ by default and keeps a standby in a second AZ when multiAz is on', () => {
    expect(instance.multi_az).toBe(false);
    expect(onlyResource(synth({ multiAz: true }), 'aws_db_instance').multi_az).toBe(true);
  });

  it('takes a larger Graviton class and storage when asked', () => {
    expect(
      onlyResource(
        synth({
          instanceClass: 'db.m7g.large',
          allocatedStorageGiB: 50,
          maxAllocatedStorageGiB: 500,
        }),
        'aws_db_instance',
      ),
    ).toMatchObject({
      instance_class: 'db.m7g.large',
      allocated_storage: 50,
      max_allocated_storage: 500,
    });
  });

  it('accepts a storage ceiling exactly 10% above the initial storage', () => {
    expect(
      onlyResource(
        synth({ allocatedStorageGiB: 100, maxAllocatedStorageGiB: 110 }),
        'aws_db_instance',
      ),
    ).toMatchObject({ allocated_storage: 100, max_allocated_storage: 110 });
  });

  it.each([
    [
      { name: 'Skyport' },
      '[stack/postgres] name: "Skyport" must be 1-54 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen',
    ],
    [{ name: 'skyport--dev' }, /name: "skyport--dev" must be/],
    [{ name: 'skyport-' }, /name: "skyport-" must be/],
    [
      { subnetIds: ['subnet-1'] },
      '[stack/postgres] subnetIds: 1 listed; list subnets in at least two AZs (an RDS subnet group needs two)',
    ],
    [
      { instanceClass: 'db.m5.large' },
      '[stack/postgres] instanceClass: "db.m5.large" must be a Graviton class such as "db.t4g.micro" or "db.m7g.large"',
    ],
    [{ instanceClass: 'db.r6i.xlarge' }, /instanceClass: "db.r6i.xlarge" must be a Graviton class/],
    [{ engineVersion: '13' }, /engineVersion: "13" must be a PostgreSQL major/],
    [{ engineVersion: 'latest' }, /engineVersion: "latest" must be/],
    [
      { allocatedStorageGiB: 10 },
      '[stack/postgres] allocatedStorageGiB: 10 is out of range; use a whole number from 20 to 65536',
    ],
    [
      { allocatedStorageGiB: 100 },
      '[stack/postgres] maxAllocatedStorageGiB: 100 must be at least 10% above allocatedStorageGiB (100), i.e. 110 or more',
    ],
    [
      { backupRetentionDays: 0 },
      '[stack/postgres] backupRetentionDays: 0 is out of range; use a whole number from 1 to 35',
    ],
    [
      { backupRetentionDays: 36 },
      /backupRetentionDays: 36 is out of range; use a whole number from 1 to 35/,
    ],
    [{ databaseName: '1db' }, /databaseName: "1db" must be 1-63 letters/],
    [{ masterUsername: 'rdsadmin' }, /masterUsername: "rdsadmin" must be/],
    [
      { logRetentionDays: 10 },
      /logRetentionDays: 10 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30/,
    ],
    [
      { slowQueryMilliseconds: -5 },
      '[stack/postgres] slowQueryMilliseconds: -5 is out of range; use a whole number from -1 to 2147483647',
    ],
  ])('rejects %o with a message naming the prop', (props, message) => {
    expect(() => synth(props as Partial<PostgresProps>)).toThrow(message);
  });
});
