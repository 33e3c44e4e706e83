import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Construct } from 'constructs';
import { justifyCheck } from '../audit';
import { awsContext } from '../aws-context/aws-context';
import { justifyKeyPolicy } from '../encryption-key/encryption-key';
import { SecureBucket } from '../secure-bucket/secure-bucket';
import { validateAtSynth } from '../validation/problems';

export interface StateBucketProps {
  /**
   * Globally unique S3 bucket name that holds every stack's Terraform state.
   * Lowercase letters, digits, dots and hyphens; 3-63 characters.
   */
  readonly bucketName: string;
  /**
   * Days a superseded state version is kept before it expires. Old versions are how a broken
   * state is rolled back, so keep enough history to notice a mistake.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Noncurrent versions always kept regardless of age (the newest N).
   * @default 10
   */
  readonly noncurrentVersionsToKeep?: number;
  /**
   * Refuse `terraform destroy` of the bucket. Losing it loses the state of every stack.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Days KMS waits before deleting the state key once it is scheduled for deletion.
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
}

/**
 * The S3 bucket that holds Terraform state: a SecureBucket (versioned, public access blocked,
 * ownership enforced, TLS 1.2+ only) encrypted with its own KMS key (rotated yearly, S3 bucket
 * key on to keep KMS requests cheap), whose old state versions expire after a while.
 * Locking uses Terraform's native S3 lock file (`use_lockfile`), so there is no DynamoDB table.
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const retentionDays = props.noncurrentVersionRetentionDays ?? 90;
    const keep = props.noncurrentVersionsToKeep ?? 10;
    const deletionWindow = props.keyDeletionWindowDays ?? 30;
    validateAtSynth(this, (p) => {
      p.bucketName('bucketName', props.bucketName);
      p.atLeast('noncurrentVersionRetentionDays', retentionDays, 1);
      p.atLeast('noncurrentVersionsToKeep', keep, 1);
      p.integer('keyDeletionWindowDays', deletionWindow, 7, 30);
    });

    // AWS's default key policy, written out (CKV2_AWS_64): IAM policies in the account decide who
    // may use the key.
    const { accountId, partition } = awsContext(this);
    const keyPolicy = new DataAwsIamPolicyDocument(this, 'key-policy', {
      statement: [
        {
          sid: 'AccountAdministersKeyThroughIam',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [`arn:${partition}:iam::${accountId}:root`] }],
          actions: ['kms:*'],
          resources: ['*'],
        },
      ],
    });
    justifyKeyPolicy(keyPolicy);
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts the Terraform state in s3://${props.bucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
      policy: keyPolicy.json,
    });
    new KmsAlias(this, 'key-alias', {
      name: `alias/${props.bucketName}`,
      targetKeyId: this.key.keyId,
    });

    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: props.bucketName,
      kmsKeyArn: this.key.arn,
      // No bucket key: every read and write of a state file then calls KMS with this key, and
      // CloudTrail records each call (caller, and the object in the encryption context). State
      // holds every generated password; this is its access log. State requests are few, so are
      // the KMS requests.
      bucketKey: false,
      noncurrentVersionExpirationDays: retentionDays,
      noncurrentVersionsToKeep: keep,
      preventDestroy: props.preventDestroy ?? true,
    }).bucket;

    // Findings of tools/audit (checkov) that follow from these choices; see docs/audit.md.
    justifyCheck(this.bucket, {
      check: 'CKV_AWS_18',
      because: 'design',
      reason:
        'Access to state is recorded by CloudTrail instead of S3 server access logs: without a bucket key every GetObject and PutObject calls KMS Decrypt or GenerateDataKey with the state key, a management event CloudTrail records with the caller and the object (kept 90 days in Event history by default)',
    });
    justifyCheck(this.bucket, {
      check: 'CKV_AWS_144',
      because: 'design',
      reason:
        'Skyport runs in one region: the state describes resources in that region, S3 keeps it in at least three AZs and versioning keeps every revision; a replica would need a second region the project does not deploy to',
    });
  }
}
