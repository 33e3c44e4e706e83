import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { justifyCheck } from '../audit';
import { awsContext } from '../aws-context/aws-context';
import { validateAtSynth } from '../validation/problems';

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
  /**
   * More statements, for AWS services that need the key for work of their own, e.g. a log
   * delivery service writing into a bucket encrypted with it. Scope each with a condition.
   * @default none
   */
  readonly statements?: DataAwsIamPolicyDocumentStatement[];
  /**
   * Provider (region) the key lives in, e.g. the us-east-1 alias for a key that encrypts logs of
   * a CloudFront web ACL. The CloudWatch Logs grant names that provider's region.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
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
    const deletionWindow = props.deletionWindowDays ?? 30;
    validateAtSynth(this, (p) => {
      p.matches(
        'alias',
        props.alias,
        /^(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/,
        '1-250 letters, digits, "/", "_" or "-" and must not start with "aws/"',
      );
      p.integer('deletionWindowDays', deletionWindow, 7, 30);
    });

    const { accountId: account, partition } = awsContext(this);
    const region = props.provider
      ? new DataAwsRegion(this, 'region', { provider: props.provider }).region
      : awsContext(this).region;

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
    statements.push(...(props.statements ?? []));
    const policy = new DataAwsIamPolicyDocument(this, 'policy', { statement: statements });
    justifyKeyPolicy(policy);

    this.key = new KmsKey(this, 'key', {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
      policy: policy.json,
    });
    this.arn = this.key.arn;
    new KmsAlias(this, 'alias', {
      provider: props.provider,
      name: `alias/${props.alias}`,
      targetKeyId: this.key.keyId,
    });
  }
}

/**
 * checkov runs its identity-policy checks (CKV_AWS_109, 111, 356) on every policy document,
 * including one that is a KMS key policy. There `Resource: "*"` means the key itself, and the
 * account root's `kms:*` is AWS's default key policy: it hands the decision of who uses the key
 * to IAM policies in the account. Records that on a key policy document.
 */
export function justifyKeyPolicy(document: DataAwsIamPolicyDocument): void {
  const reason =
    'A KMS key policy read as an identity policy: "Resource: *" in a key policy means this key only, and the account root\'s kms:* is AWS\'s default key policy, which leaves who may use the key to IAM policies in the account';
  for (const check of ['CKV_AWS_109', 'CKV_AWS_111', 'CKV_AWS_356']) {
    justifyCheck(document, { check, because: 'tool', reason });
  }
}
