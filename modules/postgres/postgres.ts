import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { validateAtSynth } from '../validation/problems';
import { justifyCheck, justifyShortLogRetention } from '../audit';
import { awsContext } from '../aws-context/aws-context';
import { assumedByServiceStatement } from '../iam/assumed-by-service';
import { readSecretStatements } from '../iam/read-secrets';

/** Logs RDS exports to CloudWatch: the server log (errors, slow statements, DDL) and upgrades. */
const EXPORTED_LOGS = ['postgresql', 'upgrade'] as const;

const PORT = 5432;

/** Seconds between enhanced-monitoring samples RDS accepts; 0 turns enhanced monitoring off. */
export const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;
export type MonitoringInterval = (typeof MONITORING_INTERVALS)[number];

export interface PostgresProps {
  /**
   * Prefix of every name, e.g. `skyport-dev`: lowercase letters, digits and single hyphens,
   * starting with a letter, at most 54 characters. The instance is `<name>-postgres`.
   */
  readonly name: string;
  /** The VPC the instance and its security group live in. */
  readonly vpcId: string;
  /**
   * Subnets of the isolated tier, in at least two AZs: an RDS subnet group needs two AZs even
   * for a single-AZ instance.
   */
  readonly subnetIds: string[];
  /** The only security group admitted on 5432 (the application's). */
  readonly clientSecurityGroupId: string;
  /**
   * KMS key ARN that encrypts storage and snapshots, Performance Insights, the master password
   * secret and the exported log groups. Its policy must admit `logs.<region>.amazonaws.com`
   * (EncryptionKey does by default).
   */
  readonly kmsKeyArn: string;
  /**
   * Instance class, Graviton only (`db.<family><generation>g<extras>.<size>`, e.g. `db.t4g.micro`,
   * `db.m7g.large`, `db.r6gd.xlarge`).
   * @default "db.t4g.micro"
   */
  readonly instanceClass?: string;
  /**
   * PostgreSQL major (`18`) or major.minor (`18.1`), 14 or later. A major alone lets RDS pick
   * the newest minor and apply later minors in the maintenance window. The parameter group
   * family (`postgres<major>`) follows it.
   * @default "18"
   */
  readonly engineVersion?: string;
  /**
   * Initial gp3 storage in GiB, 20 to 65536.
   * @default 20
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Ceiling for storage autoscaling in GiB; at least 10% above `allocatedStorageGiB`, or RDS
   * refuses autoscaling.
   * @default 100
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Days automated backups (and point-in-time recovery) are kept, 1 to 35.
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * A synchronous standby in a second AZ (about twice the instance cost).
   * @default false
   */
  readonly multiAz?: boolean;
  /**
   * Refuse deletion of the instance; when on, destroying it also keeps a final snapshot and
   * the automated backups.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Database created with the instance: a letter, then letters, digits or underscores (at most 63).
   * @default "skyport"
   */
  readonly databaseName?: string;
  /**
   * Master user name (same rules as `databaseName`). Its password is generated and kept by RDS
   * in Secrets Manager.
   * @default "skyport_admin"
   */
  readonly masterUsername?: string;
  /**
   * Days CloudWatch keeps the exported logs; one of the values CloudWatch Logs accepts.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Seconds between enhanced-monitoring samples (OS metrics: CPU steal, memory, processes, disk
   * I/O), one of 1, 5, 10, 15, 30 or 60; 0 turns it off. RDS writes them to the `RDSOSMetrics`
   * log group through a role this construct creates; at 60 seconds that costs well under a dollar a month.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: MonitoringInterval;
  /**
   * Statements slower than this many milliseconds are logged with their text
   * (`log_min_duration_statement`); -1 turns it off, 0 logs every statement.
   * @default 500
   */
  readonly slowQueryMilliseconds?: number;
}

/**
 * A private RDS for PostgreSQL instance on Graviton: gp3 storage with autoscaling, encrypted with
 * the given key, TLS required, IAM authentication on, a master password RDS generates and keeps in
 * Secrets Manager, server and upgrade logs exported to log groups with retention, Performance
 * Insights (7 days, free) and backups. It admits only the client security group, on 5432.
 */
export class Postgres extends Construct {
  readonly instance: DbInstance;
  readonly securityGroup: SecurityGroup;
  readonly parameterGroup: DbParameterGroup;
  readonly logGroups: Record<(typeof EXPORTED_LOGS)[number], CloudwatchLogGroup>;
  /** The instance identifier, `<name>-postgres`. */
  readonly identifier: string;
  /** Host name clients connect to. */
  readonly address: string;
  readonly port: number = PORT;
  readonly databaseName: string;
  readonly masterUsername: string;
  /**
   * ARN of the Secrets Manager secret RDS keeps the master credentials in: JSON with `username`
   * and `password`, rotated by RDS (every 7 days by default).
   */
  readonly masterSecretArn: string;
  /** The key the master secret is encrypted with (the instance's key). */
  private readonly secretKeyArn: string;

  constructor(scope: Construct, id: string, props: PostgresProps) {
    super(scope, id);
    const { name } = props;
    const instanceClass = props.instanceClass ?? 'db.t4g.micro';
    const engineVersion = props.engineVersion ?? '18';
    const major = Number(/^(\d+)/.exec(engineVersion)?.[1]);
    const allocated = props.allocatedStorageGiB ?? 20;
    const maxAllocated = props.maxAllocatedStorageGiB ?? 100;
    const backupRetentionDays = props.backupRetentionDays ?? 7;
    this.databaseName = props.databaseName ?? 'skyport';
    this.masterUsername = props.masterUsername ?? 'skyport_admin';
    const logRetentionDays = props.logRetentionDays ?? 30;
    const slowQueryMilliseconds = props.slowQueryMilliseconds ?? 500;
    const multiAz = props.multiAz ?? false;
    const deletionProtection = props.deletionProtection ?? true;
    const monitoringInterval = props.monitoringIntervalSeconds ?? 60;
    validateAtSynth(this, (p) => {
      p.resourceName('name', name, 54);
      if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 2) {
        p.add(
          'subnetIds',
          `${props.subnetIds.length} listed; list subnets in at least two AZs (an RDS subnet group needs two)`,
        );
      }
      p.matches(
        'instanceClass',
        instanceClass,
        /^db\.[a-z]+\d+g[a-z]*\.(micro|small|medium|large|\d*xlarge)$/,
        'a Graviton class such as "db.t4g.micro" or "db.m7g.large"',
      );
      if (!/^(\d+)(\.\d+)?$/.test(engineVersion) || major < 14) {
        p.add(
          'engineVersion',
          `"${engineVersion}" must be a PostgreSQL major such as "18" (or major.minor such as "18.1"), 14 or later`,
        );
      }
      p.integer('allocatedStorageGiB', allocated, 20, 65536);
      p.integer('maxAllocatedStorageGiB', maxAllocated, 20, 65536);
      // Integer arithmetic: 100 * 1.1 is 110.00000000000001 in floating point.
      const minimumCeiling = Math.ceil((allocated * 11) / 10);
      if (maxAllocated < minimumCeiling) {
        p.add(
          'maxAllocatedStorageGiB',
          `${maxAllocated} must be at least 10% above allocatedStorageGiB (${allocated}), i.e. ${minimumCeiling} or more`,
        );
      }
      p.integer('backupRetentionDays', backupRetentionDays, 1, 35);
      for (const [field, value] of [
        ['databaseName', this.databaseName],
        ['masterUsername', this.masterUsername],
      ] as const) {
        if (!/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(value) || value.toLowerCase() === 'rdsadmin') {
          p.add(
            field,
            `"${value}" must be 1-63 letters, digits or underscores starting with a letter (and not "rdsadmin")`,
          );
        }
      }
      p.logRetentionDays('logRetentionDays', logRetentionDays);
      p.integer('slowQueryMilliseconds', slowQueryMilliseconds, -1, 2147483647);
      p.oneOf('monitoringIntervalSeconds', monitoringInterval, MONITORING_INTERVALS);
    });

    this.identifier = `${name}-postgres`;
    const tags = { Name: this.identifier };

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: this.identifier,
      description: `PostgreSQL ${this.identifier}: 5432 from the client security group only`,
      vpcId: props.vpcId,
      // No egress: the instance answers connections (security groups are stateful) and opens none.
      tags,
    });
    new VpcSecurityGroupIngressRule(this, 'postgres-from-client', {
      securityGroupId: this.securityGroup.id,
      description: 'PostgreSQL from the client security group',
      ipProtocol: 'tcp',
      fromPort: PORT,
      toPort: PORT,
      referencedSecurityGroupId: props.clientSecurityGroupId,
      tags,
    });

    const subnetGroup = new DbSubnetGroup(this, 'subnet-group', {
      name: this.identifier,
      description: `Isolated subnets of ${this.identifier}`,
      subnetIds: props.subnetIds,
      tags,
    });

    // A name prefix and create-before-destroy let a major upgrade (new family) swap groups.
    this.parameterGroup = new DbParameterGroup(this, 'parameter-group', {
      namePrefix: `${this.identifier}-pg${major}-`,
      family: `postgres${major}`,
      description: `${this.identifier}: TLS only, slow statements and DDL logged`,
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'log_min_duration_statement', value: String(slowQueryMilliseconds) },
        { name: 'log_statement', value: 'ddl' },
      ],
      lifecycle: { createBeforeDestroy: true },
      tags,
    });

    // Created before the instance: otherwise RDS creates them itself, unencrypted and never
    // expiring.
    this.logGroups = {
      postgresql: this.logGroup('postgresql', props.kmsKeyArn, logRetentionDays),
      upgrade: this.logGroup('upgrade', props.kmsKeyArn, logRetentionDays),
    };

    const monitoringRole =
      monitoringInterval === 0 ? undefined : this.monitoringRole(this.identifier);

    this.instance = new DbInstance(this, 'instance', {
      identifier: this.identifier,
      engine: 'postgres',
      engineVersion,
      instanceClass,
      allocatedStorage: allocated,
      maxAllocatedStorage: maxAllocated,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      dbName: this.databaseName,
      username: this.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      iamDatabaseAuthenticationEnabled: true,
      port: PORT,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      publiclyAccessible: false,
      parameterGroupName: this.parameterGroup.name,
      // rds-ca-rsa2048-g1 is the current default CA (valid to 2061) and every client trusts RSA.
      caCertIdentifier: 'rds-ca-rsa2048-g1',
      enabledCloudwatchLogsExports: [...EXPORTED_LOGS],
      multiAz,
      backupRetentionPeriod: backupRetentionDays,
      backupWindow: '01:00-02:00',
      maintenanceWindow: 'sun:02:30-sun:03:30',
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      applyImmediately: false,
      // Every RDS for PostgreSQL class supports it (the micro/small exclusions are MySQL and
      // MariaDB's); 7 days of history are free.
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval,
      monitoringRoleArn: monitoringRole?.arn,
      deletionProtection,
      skipFinalSnapshot: !deletionProtection,
      finalSnapshotIdentifier: `${this.identifier}-final`,
      deleteAutomatedBackups: !deletionProtection,
      dependsOn: [this.logGroups.postgresql, this.logGroups.upgrade],
      tags,
    });
    this.address = this.instance.address;
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.secretKeyArn = props.kmsKeyArn;

    // Findings of tools/audit (checkov) that follow from a profile's choices; see docs/audit.md.
    if (!multiAz) {
      justifyCheck(this.instance, {
        check: 'CKV_AWS_157',
        because: 'cost',
        reason:
          'Single-AZ: a synchronous standby would double the instance and storage cost; production profiles set multiAz',
      });
    }
    if (!deletionProtection) {
      justifyCheck(this.instance, {
        check: 'CKV_AWS_293',
        because: 'cost',
        reason:
          'Deletion protection off so the environment can be torn down and rebuilt; production profiles turn it on (and keep a final snapshot)',
      });
    }
    if (monitoringInterval === 0) {
      justifyCheck(this.instance, {
        check: 'CKV_AWS_118',
        because: 'cost',
        reason:
          'Enhanced monitoring off (monitoringIntervalSeconds 0) to save its CloudWatch Logs ingestion; Performance Insights still runs',
      });
    }
    for (const group of Object.values(this.logGroups)) {
      justifyShortLogRetention(group, logRetentionDays);
    }
  }

  /**
   * What a task needs to re-read the master credentials after RDS rotated them (ECS injected
   * them once, at task start): this secret, decrypted only through Secrets Manager. `region` is
   * the consumer stack's own region value, so its policy refers to nothing in this stack for it.
   */
  readCredentialsStatements(region: string): DataAwsIamPolicyDocumentStatement[] {
    return readSecretStatements([this.masterSecretArn], this.secretKeyArn, region, {
      sids: {
        read: 'ReadTheRotatedDatabaseCredentials',
        decrypt: 'DecryptThemThroughSecretsManagerOnly',
      },
    });
  }

  /** The role RDS publishes enhanced-monitoring metrics with (AWS's managed policy, nothing more). */
  private monitoringRole(identifier: string): IamRole {
    const { accountId, partition } = awsContext(this);
    const trust = new DataAwsIamPolicyDocument(this, 'monitoring-trust', {
      // Confused-deputy guard: only RDS acting for this account may assume it.
      statement: [assumedByServiceStatement('monitoring.rds.amazonaws.com', accountId)],
    });
    const role = new IamRole(this, 'monitoring-role', {
      // IAM name_prefix takes at most 38 characters.
      namePrefix: `${identifier.slice(0, 26)}-monitor-`,
      description: `RDS enhanced monitoring of ${identifier} publishes OS metrics with it`,
      assumeRolePolicy: trust.json,
    });
    new IamRolePolicyAttachment(this, 'monitoring-policy', {
      role: role.name,
      policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });
    return role;
  }

  private logGroup(log: string, kmsKeyArn: string, retentionDays: number): CloudwatchLogGroup {
    return new CloudwatchLogGroup(this, `${log}-log-group`, {
      name: `/aws/rds/instance/${this.identifier}/${log}`,
      retentionInDays: retentionDays,
      kmsKeyId: kmsKeyArn,
      tags: { Name: this.identifier },
    });
  }
}
