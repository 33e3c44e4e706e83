import {
  dataSourceFor,
  justifiedChecks,
  onlyResource,
  referenceTo,
  synthConstructs,
  synthConstructsWithComments,
  type TerraformBlock,
} from '../testing';
import { EncryptionKey, type EncryptionKeyProps } from './encryption-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

const synth = (props: Partial<EncryptionKeyProps> = {}) =>
  synthConstructs((scope) => {
    new EncryptionKey(scope, 'key', { alias: 'skyport-dev', description: 'test key', ...props });
  });

const statementsOf = (json: ReturnType<typeof synth>) =>
  dataSourceFor(json, onlyResource(json, 'aws_kms_key').policy).statement as TerraformBlock[];

describe('EncryptionKey', () => {
  const json = synth();

  it('rotates yearly, waits 30 days before deletion and has an alias', () => {
    expect(onlyResource(json, 'aws_kms_key')).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    expect(onlyResource(json, 'aws_kms_alias')).toMatchObject({
      name: 'alias/skyport-dev',
      target_key_id: referenceTo(json, 'aws_kms_key', 'key_id'),
    });
  });

  it('has an explicit key policy whose only AWS principal is the account itself', () => {
    const principals = statementsOf(json).flatMap((s) => s.principals as TerraformBlock[]);
    const aws = principals.filter((p) => p.type === 'AWS');
    expect(aws).toEqual([
      {
        type: 'AWS',
        identifiers: [
          expect.stringMatching(
            /^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:iam::\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:root$/,
          ),
        ],
      },
    ]);
    expect(principals.flatMap((p) => p.identifiers as string[])).not.toContain('*');
  });

  it('lets CloudWatch Logs use it only for log groups of this account and region', () => {
    const logs = statementsOf(json).find(
      (s) => s.sid === 'CloudWatchLogsEncryptsThisAccountsLogGroups',
    );
    expect(logs?.principals).toEqual([
      {
        type: 'Service',
        identifiers: [
          expect.stringMatching(/^logs\.\$\{data\.aws_region\.[\w-]+\.region\}\.amazonaws\.com$/),
        ],
      },
    ]);
    expect(logs?.condition).toEqual([
      expect.objectContaining({
        test: 'ArnLike',
        variable: 'kms:EncryptionContext:aws:logs:arn',
        values: [
          expect.stringMatching(
            /:logs:\$\{data\.aws_region\.[\w-]+\.region\}:\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:log-group:\*$/,
          ),
        ],
      }),
    ]);
  });

  it('lets CloudWatch alarms of this account use it for encrypted topics only when asked', () => {
    expect(statementsOf(json).map((s) => s.sid)).not.toContain(
      'CloudWatchAlarmsPublishToEncryptedTopics',
    );
    const alarms = statementsOf(synth({ allowCloudWatchAlarms: true })).find(
      (s) => s.sid === 'CloudWatchAlarmsPublishToEncryptedTopics',
    );
    expect(alarms).toMatchObject({
      principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      condition: [expect.objectContaining({ variable: 'aws:SourceAccount' })],
    });
  });

  it('leaves CloudWatch Logs out when asked', () => {
    expect(statementsOf(synth({ allowCloudWatchLogs: false })).map((s) => s.sid)).toEqual([
      'AccountAdministersKeyThroughIam',
    ]);
  });

  it.each([
    [
      { alias: 'aws/mine' },
      '[stack/key] alias: "aws/mine" must be 1-250 letters, digits, "/", "_" or "-" and must not start with "aws/"',
    ],
    [{ alias: 'has space' }, /\[stack\/key\] alias: "has space" must be/],
    [
      { deletionWindowDays: 3 },
      '[stack/key] deletionWindowDays: 3 is out of range; use a whole number from 7 to 30',
    ],
  ])('rejects %o with a message naming the construct and the prop', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('reports every problem at once, one line each', () => {
    expect(() => synth({ alias: 'aws/mine', deletionWindowDays: 3 })).toThrow(
      '[stack/key] alias: "aws/mine" must be 1-250 letters, digits, "/", "_" or "-" and must not start with "aws/"\n' +
        '[stack/key] deletionWindowDays: 3 is out of range; use a whole number from 7 to 30',
    );
  });
});

describe('EncryptionKey options', () => {
  it('appends extra service statements after its own', () => {
    const json = synth({
      statements: [
        {
          sid: 'LogDelivery',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
          actions: ['kms:GenerateDataKey*'],
          resources: ['*'],
        },
      ],
    });
    expect(statementsOf(json).map((s) => s.sid)).toEqual([
      'AccountAdministersKeyThroughIam',
      'CloudWatchLogsEncryptsThisAccountsLogGroups',
      'LogDelivery',
    ]);
  });

  it('lives in another region when given its provider, and grants CloudWatch Logs there', () => {
    const json = synthConstructs((scope) => {
      const usEast1 = new AwsProvider(scope, 'use1', { alias: 'us_east_1', region: 'us-east-1' });
      new EncryptionKey(scope, 'key', { alias: 'k', description: 'd', provider: usEast1 });
    });
    expect(onlyResource(json, 'aws_kms_key').provider).toBe('aws.us_east_1');
    expect(onlyResource(json, 'aws_kms_alias').provider).toBe('aws.us_east_1');
    const regional = Object.entries(json.data?.aws_region ?? {}).find(
      ([, block]) => block.provider === 'aws.us_east_1',
    );
    const logs = statementsOf(json).find(
      (s) => s.sid === 'CloudWatchLogsEncryptsThisAccountsLogGroups',
    );
    expect(JSON.stringify(logs)).toContain(`data.aws_region.${regional?.[0] ?? '?'}.region`);
  });

  it('justifies the identity-policy checks checkov runs on its key policy as tool findings', () => {
    const json = synthConstructsWithComments((scope) => {
      new EncryptionKey(scope, 'key', { alias: 'skyport-dev', description: 'test key' });
    });
    expect(justifiedChecks(json, 'aws_iam_policy_document')).toEqual([
      'CKV_AWS_109 tool',
      'CKV_AWS_111 tool',
      'CKV_AWS_356 tool',
    ]);
  });
});
