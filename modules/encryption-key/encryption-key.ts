import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { awsContext } from '../aws-context/aws-context';

export interface EncryptionKeyProps {
  /**
   * Alias without the `alias/` prefix, e.g. `skyport-dev`. Letters, digits, `/`, `_` and `-`.
   */
  readonly alias: string;
  /** What the key protects; shown in the KMS console. */
  readonly description: string;
  /**
   * Let CloudWatch Logs in this region encrypt log groups of this account with the key (the
   * grant is limited to log-group encryption contexts of this account and region).
   * @default true
   */
  readonly allowCloudWatchLogs?: boolean;
  /**
   * Let CloudWatch alarms of this account publish to SNS topics encrypted with the key (without
   * it, alarms cannot deliver to an encrypted topic).
   * @default false
   */
  readonly allowCloudWatchAlarms?: boolean;
  /**
   * Days KMS waits before deleting the key once it is scheduled for deletion (7 to 30).
   * @default 30
   */
  readonly deletionWindowDays?: number;
}

/**
 * A customer-managed KMS key with yearly rotation and an explicit key policy. IAM policies in
 * the account decide who may use it (the account root statement), and AWS services that act on
 * their own behalf get a statement each, scoped by encryption context.
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    if (!/^[a-zA-Z0-9/_-]{1,250}$/.test(props.alias) || props.alias.startsWith('aws/')) {
      throw new Error(
        `EncryptionKey: alias "${props.alias}" must be 1-250 letters, digits, "/", "_" or "-" and must not start with "aws/"`,
      );
    }
    const deletionWindow = props.deletionWindowDays ?? 30;
    if (!Number.isInteger(deletionWindow) || deletionWindow < 7 || deletionWindow > 30) {
      throw new Error(
        `EncryptionKey: deletionWindowDays must be a whole number from 7 to 30, got ${deletionWindow}`,
      );
    }

    const { accountId: account, partition, region } = awsContext(this);

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        // Without it the key becomes unmanageable; access is then granted by IAM policies.
        sid: 'AccountAdministersKeyThroughIam',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [`arn:${partition}:iam::${account}:root`] }],
        actions: ['kms:*'],
        resources: ['*'],
      },
    ];
    if (props.allowCloudWatchLogs ?? true) {
      statements.push({
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: [`logs.${region}.amazonaws.com`] }],
        actions: [
          'kms:Encrypt*',
          'kms:Decrypt*',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:Describe*',
        ],
        resources: ['*'],
        condition: [
          {
            test: 'ArnLike',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: [`arn:${partition}:logs:${region}:${account}:log-group:*`],
          },
        ],
      });
    }
    if (props.allowCloudWatchAlarms) {
      statements.push({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopics',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }],
      });
    }
    const policy = new DataAwsIamPolicyDocument(this, 'policy', { statement: statements });

    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
      policy: policy.json,
    });
    this.arn = this.key.arn;
    new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }
}
