import { TerraformOutput, TerraformVariable } from 'cdktf';
import {
  expectGeneratedSecret,
  expectIngressOnlyFromSecurityGroup,
  justificationsIn,
  onlyResource,
  PRIVATE_STORE,
  referenceTo,
  secretLiterals,
  synthConstructs,
  synthConstructsWithComments,
} from '../testing';
import {
  defaultBrokerEngineVersion,
  MessageBroker,
  type MessageBrokerProps,
} from './message-broker';

const KEY = PRIVATE_STORE.kmsKeyArn;
const SUBNETS = ['subnet-isolated-1', 'subnet-isolated-2', 'subnet-isolated-3'];

const PROPS: MessageBrokerProps = { ...PRIVATE_STORE, subnetIds: SUBNETS };

const synth = (props: Partial<MessageBrokerProps> = {}) =>
  synthConstructs((scope) => {
    new MessageBroker(scope, 'broker', { ...PROPS, ...props });
  });

describe('MessageBroker', () => {
  const dev = synth();
  const broker = onlyResource(dev, 'aws_mq_broker');

  it('admits AMQPS only from the client security group: no console port, no CIDR, nothing outward', () => {
    const sgId = expectIngressOnlyFromSecurityGroup(dev, {
      ...PROPS,
      name: 'skyport-dev-broker',
      port: 5671,
    });
    expect(broker.security_groups).toEqual([sgId]);
  });

  it('is not publicly accessible and runs as a single instance in the first subnet by default', () => {
    expect(broker).toMatchObject({
      publicly_accessible: false,
      engine_type: 'RabbitMQ',
      deployment_mode: 'SINGLE_INSTANCE',
      host_instance_type: 'mq.t3.micro',
      subnet_ids: ['subnet-isolated-1'],
    });
  });

  it('runs as a three-AZ cluster with an endpoint in every given subnet', () => {
    const cluster = onlyResource(
      synth({ deployment: 'cluster', instanceType: 'mq.m7g.medium' }),
      'aws_mq_broker',
    );
    expect(cluster).toMatchObject({
      deployment_mode: 'CLUSTER_MULTI_AZ',
      host_instance_type: 'mq.m7g.medium',
      subnet_ids: SUBNETS,
      publicly_accessible: false,
    });
  });

  it('picks the first subnet of a list known only at apply time for a single instance', () => {
    const json = synthConstructs((scope) => {
      const subnets = new TerraformVariable(scope, 'subnets', { type: 'list(string)' });
      new MessageBroker(scope, 'broker', {
        name: 'skyport-dev',
        vpcId: 'vpc-1',
        subnetIds: subnets.listValue,
        clientSecurityGroupId: 'sg-app',
        kmsKeyArn: KEY,
      });
    });
    expect(onlyResource(json, 'aws_mq_broker').subnet_ids).toEqual(['${element(var.subnets, 0)}']);
  });

  it('takes RabbitMQ 3.13 on mq.t3.micro and 4.2 on mq.m7g, in the major.minor form minor upgrades need', () => {
    expect(broker.engine_version).toBe('3.13');
    expect(
      onlyResource(synth({ instanceType: 'mq.m7g.large' }), 'aws_mq_broker').engine_version,
    ).toBe('4.2');
    expect(defaultBrokerEngineVersion('mq.t3.micro')).toBe('3.13');
    expect(defaultBrokerEngineVersion('mq.m7g.medium')).toBe('4.2');
    expect(
      onlyResource(synth({ instanceType: 'mq.m7g.large', engineVersion: '3.13' }), 'aws_mq_broker')
        .engine_version,
    ).toBe('3.13');
  });

  it('logs to CloudWatch and takes minor upgrades in a weekly maintenance window', () => {
    expect(broker).toMatchObject({
      logs: { general: true },
      auto_minor_version_upgrade: true,
      apply_immediately: false,
      maintenance_window_start_time: {
        day_of_week: 'SUNDAY',
        time_of_day: expect.stringMatching(/^\d\d:\d\d$/),
        time_zone: 'UTC',
      },
    });
    expect(broker.logs).not.toHaveProperty('audit');
  });

  it('leaves the broker storage on the AWS-owned key, which is all RabbitMQ brokers accept', () => {
    expect(broker).not.toHaveProperty('encryption_options');
  });

  it('generates the password in Secrets Manager and keeps the credentials in a secret encrypted with the key', () => {
    expectGeneratedSecret(dev, {
      namePrefix: 'skyport-dev-broker-credentials-',
      kmsKeyArn: KEY,
      recoveryWindowDays: 7,
      secretString:
        /^\$\{jsonencode\(\{"username" = "skyport", "password" = data\.aws_secretsmanager_random_password\.[\w-]+\.random_password\}\)\}$/,
    });
  });

  it('keeps the first generated password: the secret version ignores later changes of its value', () => {
    expect(onlyResource(dev, 'aws_secretsmanager_secret_version').lifecycle).toEqual({
      ignore_changes: ['secret_string'],
    });
    // The provider already ignores user changes on RabbitMQ brokers: no lifecycle needed here.
    expect(broker).not.toHaveProperty('lifecycle');
  });

  it('creates the broker user from the secret version, with no password literal anywhere in the JSON', () => {
    const version = referenceTo(dev, 'aws_secretsmanager_secret_version', 'secret_string');
    expect(broker.user).toEqual([
      { username: 'skyport', password: `\${jsondecode(${version.slice(2, -1)}).password}` },
    ]);
    const values = secretLiterals(dev);
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(values.every((value) => value.startsWith('${'))).toBe(true);
  });

  it('exposes the amqps endpoint of the first instance, the port and the credentials secret ARN', () => {
    const json = synthConstructs((scope) => {
      const mq = new MessageBroker(scope, 'broker', PROPS);
      new TerraformOutput(scope, 'endpoint', { value: mq.endpoint });
      new TerraformOutput(scope, 'host', { value: mq.host });
      new TerraformOutput(scope, 'port', { value: mq.port });
      new TerraformOutput(scope, 'secret', { value: mq.credentialsSecretArn });
    });
    const brokerRef = referenceTo(json, 'aws_mq_broker', 'instances').slice(2, -1);
    expect(json.output?.endpoint?.value).toBe(`\${element(${brokerRef}[0].endpoints, 0)}`);
    const [hostLocal, hostExpression] = Object.entries(
      (json as { locals?: Record<string, string> }).locals ?? {},
    )[0] as [string, string];
    expect(json.output?.host?.value).toBe(`\${local.${hostLocal}}`);
    expect(hostExpression).toBe(
      `\${element(regex("^amqps://([^:/]+)", element(${brokerRef}[0].endpoints, 0)), 0)}`,
    );
    expect(json.output?.port?.value).toBe(5671);
    expect(json.output?.secret?.value).toBe(referenceTo(json, 'aws_secretsmanager_secret', 'arn'));
  });

  it.each([
    [
      { name: 'Skyport' },
      '[stack/broker] name: "Skyport" must be 1-43 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen',
    ],
    [
      { instanceType: 'mq.t2.micro' },
      '[stack/broker] instanceType: "mq.t2.micro" must be an Amazon MQ for RabbitMQ instance type such as "mq.t3.micro" or "mq.m7g.medium"',
    ],
    [
      { deployment: 'active-standby' as never },
      '[stack/broker] deployment: "active-standby" is not allowed; use one of "single-instance", "cluster"',
    ],
    [
      { deployment: 'cluster' as const },
      '[stack/broker] instanceType: "mq.t3.micro" runs only as a single instance; use deployment "single-instance" or an instanceType such as "mq.m7g.medium" for a cluster',
    ],
    [
      { engineVersion: '3.12' },
      /\[stack\/broker\] engineVersion: "3.12" must be a RabbitMQ major.minor such as "3.13" or "4.2"/,
    ],
    [{ engineVersion: '3.13.7' }, /engineVersion: "3.13.7" must be/],
    [
      { engineVersion: '4.2' },
      '[stack/broker] engineVersion: "4.2" needs an mq.m7g instanceType; "mq.t3.micro" runs RabbitMQ 3.13 only',
    ],
    [{ subnetIds: [] }, '[stack/broker] subnetIds: 0 listed; list at least one subnet'],
    [
      { deployment: 'cluster' as const, instanceType: 'mq.m7g.medium', subnetIds: ['subnet-1'] },
      '[stack/broker] subnetIds: 1 listed; list subnets in at least two AZs for deployment "cluster"',
    ],
    [
      { username: 'guest' },
      '[stack/broker] username: "guest" must be 2-100 letters, digits, "-", ".", "_" or "~", and not "guest"',
    ],
    [{ username: 'has space' }, /username: "has space" must be/],
    [
      { secretRecoveryWindowDays: 5 },
      '[stack/broker] secretRecoveryWindowDays: 5 is out of range; use 0 (delete at once) or a whole number from 7 to 30',
    ],
  ])('rejects %o with a message naming the prop', (props, message) => {
    expect(() => synth(props as Partial<MessageBrokerProps>)).toThrow(message);
  });
});

describe('MessageBroker audit justifications', () => {
  it('justifies the AWS-owned storage key and the manual password rotation, in every deployment', () => {
    for (const props of [{}, { instanceType: 'mq.m7g.large', deployment: 'cluster' as const }]) {
      const justified = justificationsIn(
        synthConstructsWithComments((scope) => {
          new MessageBroker(scope, 'broker', { ...PROPS, ...props });
        }),
      ).map(({ address, check, because }) => `${address.split('.')[0]} ${check} ${because}`);
      expect(justified.sort()).toEqual([
        'aws_mq_broker CKV_AWS_209 unsupported',
        'aws_secretsmanager_secret CKV2_AWS_57 design',
      ]);
    }
  });
});
