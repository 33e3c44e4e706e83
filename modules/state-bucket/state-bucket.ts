import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatementCondition,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { assertBucketName } from '../validation/bucket-name';

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
 * The S3 bucket that holds Terraform state: versioned, encrypted with its own KMS key (rotated
 * yearly, S3 bucket key on to keep KMS requests cheap), public access blocked, object ownership
 * enforced, TLS 1.2+ only, and a lifecycle that expires old state versions.
 * Locking uses Terraform's native S3 lock file (`use_lockfile`), so there is no DynamoDB table.
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    assertBucketName('bucketName', props.bucketName);
    const retentionDays = positiveInteger(
      'noncurrentVersionRetentionDays',
      props.noncurrentVersionRetentionDays ?? 90,
    );
    const keep = positiveInteger('noncurrentVersionsToKeep', props.noncurrentVersionsToKeep ?? 10);
    const deletionWindow = props.keyDeletionWindowDays ?? 30;
    if (!Number.isInteger(deletionWindow) || deletionWindow < 7 || deletionWindow > 30) {
      throw new Error(
        `StateBucket: keyDeletionWindowDays must be an integer from 7 to 30 (KMS limits), got ${deletionWindow}`,
      );
    }

    this.key = new KmsKey(this, 'key', {
      description: `Encrypts the Terraform state in s3://${props.bucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
    });
    new KmsAlias(this, 'key-alias', {
      name: `alias/${props.bucketName}`,
      targetKeyId: this.key.keyId,
    });

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const bucketId = this.bucket.id;

    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: bucketId,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketVersioningA(this, 'versioning', {
      bucket: bucketId,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: bucketId,
      rule: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: 'aws:kms',
            kmsMasterKeyId: this.key.arn,
          },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucketId,
      rule: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [
            { noncurrentDays: retentionDays, newerNoncurrentVersions: keep },
          ],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    const everything = [this.bucket.arn, `${this.bucket.arn}/*`];
    const deny = (sid: string, condition: DataAwsIamPolicyDocumentStatementCondition) => ({
      sid,
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      actions: ['s3:*'],
      resources: everything,
      condition: [condition],
    });
    const tlsOnly = new DataAwsIamPolicyDocument(this, 'tls-only-policy', {
      statement: [
        deny('DenyInsecureTransport', {
          test: 'Bool',
          variable: 'aws:SecureTransport',
          values: ['false'],
        }),
        deny('DenyTlsOlderThan12', {
          test: 'NumericLessThan',
          variable: 's3:TlsVersion',
          values: ['1.2'],
        }),
      ],
    });
    new S3BucketPolicy(this, 'policy', { bucket: bucketId, policy: tlsOnly.json });
  }
}

function positiveInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`StateBucket: ${field} must be a positive whole number of days, got ${value}`);
  }
  return value;
}
