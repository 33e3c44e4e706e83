import { MqBroker } from '@cdktf/provider-aws/lib/mq-broker';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, TerraformLocal, Token } from 'cdktf';
import { Construct } from 'constructs';
import { validateAtSynth } from '../validation/problems';
import { justifyCheck } from '../audit';
import { GeneratedSecret } from '../generated-secret/generated-secret';

export const BROKER_DEPLOYMENTS = ['single-instance', 'cluster'] as const;
export type BrokerDeployment = (typeof BROKER_DEPLOYMENTS)[number];

/** AMQP 0-9-1 over TLS. */
const PORT = 5671;

/**
 * The RabbitMQ version a new broker of this instance type gets: Amazon MQ runs RabbitMQ 4.2 only on
 * mq.m7g; mq.t3 (and mq.m5) stay on 3.13 ("Managing Amazon MQ for RabbitMQ engine versions").
 */
export function defaultBrokerEngineVersion(instanceType: string): string {
  return instanceType.startsWith('mq.m7g.') ? '4.2' : '3.13';
}

export interface MessageBrokerProps {
  /**
   * Prefix of every name, e.g. `skyport-dev`: lowercase letters, digits and single hyphens,
   * starting with a letter, at most 43 characters. The broker is `<name>-broker`.
   */
  readonly name: string;
  /** The VPC the broker's endpoints and security group live in. */
  readonly vpcId: string;
  /**
   * Subnets of the isolated tier, one per AZ. A single instance uses the first; a cluster gets an
   * endpoint in each (at least two, so clients still reach it when an AZ fails).
   */
  readonly subnetIds: string[];
  /** The only security group admitted on 5671 (the application's). */
  readonly clientSecurityGroupId: string;
  /**
   * KMS key ARN that encrypts the credentials secret. Amazon MQ for RabbitMQ cannot use a
   * customer-managed key for the broker's storage (encryption options do not apply to RabbitMQ
   * brokers): that is always encrypted with an AWS-owned key.
   */
  readonly kmsKeyArn: string;
  /**
   * Host instance type: `mq.t3.micro` (x86, single instance, RabbitMQ 3.13 only) or an mq.m7g
   * size (Graviton), e.g. `mq.m7g.medium`, `mq.m7g.large`.
   * @default "mq.t3.micro"
   */
  readonly instanceType?: string;
  /**
   * `single-instance`, or `cluster`: three nodes behind one endpoint, spread over three AZs
   * (`CLUSTER_MULTI_AZ`, about three times the cost; not on mq.t3.micro).
   * @default "single-instance"
   */
  readonly deployment?: BrokerDeployment;
  /**
   * RabbitMQ major.minor (`3.13`, `4.2`); with automatic minor upgrades Amazon MQ takes patches in
   * the maintenance window. 4.x needs an mq.m7g instance type.
   * @default defaultBrokerEngineVersion(instanceType): "4.2" on mq.m7g, "3.13" otherwise
   */
  readonly engineVersion?: string;
  /**
   * The broker's administrator user: 2-100 letters, digits, `-`, `.`, `_` or `~`, not `guest`.
   * Its generated password is in the credentials secret.
   * @default "skyport"
   */
  readonly username?: string;
  /**
   * Days a deleted credentials secret stays recoverable: 0 (delete at once) or 7 to 30.
   * @default 7
   */
  readonly secretRecoveryWindowDays?: number;
}

/**
 * A private Amazon MQ for RabbitMQ broker: AMQPS (5671) from the client security group only, no
 * console or management API from anywhere, general logs to CloudWatch, automatic minor upgrades in
 * a Sunday maintenance window, and an administrator whose password Secrets Manager generates and
 * keeps.
 *
 * The password never appears in the Terraform JSON: a Secrets Manager random password (data
 * source) is written once into the secret (later reads are ignored), and the broker reads it back
 * from the secret version. Amazon MQ does not return RabbitMQ users and the provider ignores changes
 * to `user` after creation, so a new password in the secret must also be set in RabbitMQ (its
 * management API) to take effect.
 */
export class MessageBroker extends Construct {
  readonly broker: MqBroker;
  readonly securityGroup: SecurityGroup;
  /** The secret holding the administrator credentials, and the version the broker reads. */
  readonly credentialsSecret: GeneratedSecret;
  /** `amqps://<host>:5671` of the (first) broker instance. */
  readonly endpoint: string;
  /** The broker's host name (the endpoint without scheme and port), for clients that take them apart. */
  readonly host: string;
  readonly port: number = PORT;
  /** ARN of the secret with the administrator credentials: JSON `username` and `password`. */
  readonly credentialsSecretArn: string;
  readonly engineVersion: string;

  constructor(scope: Construct, id: string, props: MessageBrokerProps) {
    super(scope, id);
    const { name } = props;
    const instanceType = props.instanceType ?? 'mq.t3.micro';
    const deployment = props.deployment ?? 'single-instance';
    const cluster = deployment === 'cluster';
    const engineVersion = props.engineVersion ?? defaultBrokerEngineVersion(instanceType);
    this.engineVersion = engineVersion;
    const username = props.username ?? 'skyport';
    const recoveryWindow = props.secretRecoveryWindowDays ?? 7;
    validateAtSynth(this, (p) => {
      p.resourceName('name', name, 43);
      p.matches(
        'instanceType',
        instanceType,
        /^mq\.(t3\.micro|m5\.(large|\d*xlarge)|m7g\.(medium|large|\d*xlarge))$/,
        'an Amazon MQ for RabbitMQ instance type such as "mq.t3.micro" or "mq.m7g.medium"',
      );
      p.oneOf('deployment', deployment, BROKER_DEPLOYMENTS);
      if (cluster && instanceType === 'mq.t3.micro') {
        p.add(
          'instanceType',
          '"mq.t3.micro" runs only as a single instance; use deployment "single-instance" or an instanceType such as "mq.m7g.medium" for a cluster',
        );
      }
      const version = /^(\d+)\.(\d+)$/.exec(engineVersion);
      if (!version || Number(version[1]) * 100 + Number(version[2]) < 313) {
        p.add(
          'engineVersion',
          `"${engineVersion}" must be a RabbitMQ major.minor such as "3.13" or "4.2" (3.13 or later: Amazon MQ upgrades patches itself only from 3.13)`,
        );
      } else if (Number(version[1]) >= 4 && !instanceType.startsWith('mq.m7g.')) {
        p.add(
          'engineVersion',
          `"${engineVersion}" needs an mq.m7g instanceType; "${instanceType}" runs RabbitMQ 3.13 only`,
        );
      }
      if (!Token.isUnresolved(props.subnetIds)) {
        const needed = cluster ? 2 : 1;
        if (props.subnetIds.length < needed) {
          p.add(
            'subnetIds',
            `${props.subnetIds.length} listed; list ${cluster ? 'subnets in at least two AZs for deployment "cluster"' : 'at least one subnet'}`,
          );
        }
      }
      if (!/^[A-Za-z0-9._~-]{2,100}$/.test(username) || username.toLowerCase() === 'guest') {
        p.add(
          'username',
          `"${username}" must be 2-100 letters, digits, "-", ".", "_" or "~", and not "guest"`,
        );
      }
      p.recoveryWindowDays('secretRecoveryWindowDays', recoveryWindow);
    });

    const brokerName = `${name}-broker`;
    const tags = { Name: brokerName };

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: brokerName,
      description: `RabbitMQ ${brokerName}: AMQPS 5671 from the client security group only`,
      vpcId: props.vpcId,
      // No egress, and no 443: the web console and management API stay unreachable.
      tags,
    });
    new VpcSecurityGroupIngressRule(this, 'amqps-from-client', {
      securityGroupId: this.securityGroup.id,
      description: 'AMQPS from the client security group',
      ipProtocol: 'tcp',
      fromPort: PORT,
      toPort: PORT,
      referencedSecurityGroupId: props.clientSecurityGroupId,
      tags,
    });

    // Amazon MQ passwords: 12-250 characters, at least 4 distinct, no comma, colon or equals sign;
    // GeneratedSecret makes 32 letters and digits.
    this.credentialsSecret = new GeneratedSecret(this, 'credentials', {
      // A prefix, not a name: a deleted secret keeps its name for the recovery window.
      namePrefix: `${brokerName}-credentials-`,
      description: `Administrator of the RabbitMQ broker ${brokerName}: JSON {"username", "password"}`,
      kmsKeyArn: props.kmsKeyArn,
      fields: { username },
      recoveryWindowDays: recoveryWindow,
      tags,
    });
    this.credentialsSecretArn = this.credentialsSecret.arn;

    const subnetIds = cluster
      ? props.subnetIds
      : Token.isUnresolved(props.subnetIds)
        ? [Token.asString(Fn.element(props.subnetIds, 0))]
        : props.subnetIds.slice(0, 1);

    this.broker = new MqBroker(this, 'broker', {
      brokerName,
      engineType: 'RabbitMQ',
      engineVersion,
      hostInstanceType: instanceType,
      deploymentMode: cluster ? 'CLUSTER_MULTI_AZ' : 'SINGLE_INSTANCE',
      publiclyAccessible: false,
      subnetIds,
      securityGroups: [this.securityGroup.id],
      // Required for RabbitMQ 3.13 and later; Amazon MQ then applies patches itself.
      autoMinorVersionUpgrade: true,
      maintenanceWindowStartTime: { dayOfWeek: 'SUNDAY', timeOfDay: '05:30', timeZone: 'UTC' },
      logs: { general: true },
      applyImmediately: false,
      user: [
        {
          username,
          password: this.credentialsSecret.field('password'),
        },
      ],
      tags,
    });
    this.endpoint = Token.asString(Fn.element(this.broker.instances.get(0).endpoints, 0));
    // Taken apart here, once: consumers get a plain value (an expression with quotes inside a
    // container definition's JSON is valid Terraform but unreadable to anything that parses the
    // JSON first).
    this.host = new TerraformLocal(
      this,
      'host',
      Fn.element(Fn.regex('^amqps://([^:/]+)', this.endpoint), 0),
    ).asString;

    // Findings of tools/audit (checkov) that follow from these choices; see docs/audit.md.
    justifyCheck(this.broker, {
      check: 'CKV_AWS_209',
      because: 'unsupported',
      reason:
        'Amazon MQ for RabbitMQ takes no customer-managed key (encryption options do not apply to RabbitMQ brokers): its storage is always encrypted with an AWS-owned key',
    });
    justifyCheck(this.credentialsSecret.secret, {
      check: 'CKV2_AWS_57',
      because: 'design',
      reason:
        "Amazon MQ does not apply a new password from the secret (RabbitMQ users change only through the broker's management API, which is unreachable by design), so a rotation schedule could not take effect; rotation is the manual procedure in the module README",
    });
  }
}
