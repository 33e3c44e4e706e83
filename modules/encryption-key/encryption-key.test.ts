import {
  dataSourceFor,
  onlyResource,
  referenceTo,
  synthConstructs,
  type TerraformBlock,
} from '../testing';
import { EncryptionKey, type EncryptionKeyProps } from './encryption-key';

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
      'EncryptionKey: alias "aws/mine" must be 1-250 letters, digits, "/", "_" or "-" and must not start with "aws/"',
    ],
    [{ alias: 'has space' }, /alias "has space" must be/],
    [
      { deletionWindowDays: 3 },
      'EncryptionKey: deletionWindowDays must be a whole number from 7 to 30, got 3',
    ],
  ])('rejects %o with a message naming the prop', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
