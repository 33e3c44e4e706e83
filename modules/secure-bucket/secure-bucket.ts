import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
  type DataAwsIamPolicyDocumentStatementCondition,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { awsContext } from '../aws-context/aws-context';
import { show, validateAtSynth } from '../validation/problems';

export interface SecureBucketProps {
  /**
   * Exact, globally unique bucket name. Leave it out to let AWS generate a unique name that
   * starts with `bucketPrefix`, which is what you want for anything but well-known buckets.
   * @default generated from bucketPrefix
   */
  readonly bucketName?: string;
  /**
   * Start of a generated bucket name (lowercase, at most 37 characters), e.g. `skyport-dev-site-`.
   * Required when bucketName is left out.
   */
  readonly bucketPrefix?: string;
  /**
   * KMS key ARN for SSE-KMS (with an S3 bucket key, so KMS requests stay cheap).
   * @default SSE-S3 (AES-256, no KMS cost)
   */
  readonly kmsKeyArn?: string;
  /**
   * With `kmsKeyArn`, use an S3 bucket key: S3 then asks KMS for a bucket-level key now and then
   * instead of one data key per object, which keeps KMS requests cheap but also means CloudTrail
   * no longer records a KMS call per object read or written.
   * @default true
   */
  readonly bucketKey?: boolean;
  /**
   * Keep every version of every object.
   * @default true
   */
  readonly versioned?: boolean;
  /**
   * Days a superseded version is kept (versioned buckets only).
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Noncurrent versions always kept regardless of age.
   * @default none beyond the expiry
   */
  readonly noncurrentVersionsToKeep?: number;
  /**
   * Days after which current objects expire (log buckets).
   * @default never
   */
  readonly expirationDays?: number;
  /**
   * `BucketOwnerEnforced` turns ACLs off. `BucketOwnerPreferred` keeps them on, which only
   * services that still deliver through ACLs need (CloudFront standard logs).
   * @default "BucketOwnerEnforced"
   */
  readonly objectOwnership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred';
  /**
   * Refuse `terraform destroy` of the bucket.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Send the bucket's object events (created, deleted, restored, ...) to the account's default
   * EventBridge bus, where rules can act on them (e.g. alert on a deleted state file). S3 charges
   * nothing for it and EventBridge does not charge for AWS service events.
   * @default true
   */
  readonly eventBridgeNotifications?: boolean;
  /**
   * Statements added to the bucket policy after the TLS-only denies, e.g. a grant to a
   * CloudFront distribution. Use `bucketArn` / `objectsArn` for resources.
   * @default none
   */
  readonly policyStatements?: DataAwsIamPolicyDocumentStatement[];
}

/**
 * An S3 bucket with the controls every Skyport bucket needs: public access blocked on all four
 * flags, ownership enforced (no ACLs) unless asked otherwise, default encryption, versioning with
 * expiry of old versions, aborted multipart uploads cleaned up, and a policy that refuses plain
 * HTTP and TLS older than 1.2.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** ARN of the bucket itself (for `s3:ListBucket`-style actions). */
  readonly bucketArn: string;
  /** ARN pattern of every object (for `s3:GetObject`-style actions). */
  readonly objectsArn: string;
  /** The ownership setting; an ACL on the bucket must depend on it. */
  readonly ownership: S3BucketOwnershipControls;
  /** The bucket policy; anything that writes into the bucket at creation must depend on it. */
  readonly policy: S3BucketPolicy;
  private readonly policyDocument: DataAwsIamPolicyDocument;
  private readonly statements: DataAwsIamPolicyDocumentStatement[];

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const versioned = props.versioned ?? true;
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 30;
    const keep = props.noncurrentVersionsToKeep;
    const expirationDays = props.expirationDays;
    validateAtSynth(this, (p) => {
      if (props.bucketName !== undefined) p.bucketName('bucketName', props.bucketName);
      else if (!props.bucketPrefix || !/^[a-z0-9][a-z0-9.-]{0,36}$/.test(props.bucketPrefix)) {
        p.add(
          'bucketPrefix',
          `${show(props.bucketPrefix ?? '')} must be 1-37 lowercase letters, digits, dots or hyphens (or give bucketName)`,
        );
      }
      p.atLeast('noncurrentVersionExpirationDays', noncurrentDays, 1);
      if (keep !== undefined) p.atLeast('noncurrentVersionsToKeep', keep, 1);
      if (expirationDays !== undefined) p.atLeast('expirationDays', expirationDays, 1);
    });

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      bucketPrefix: props.bucketName === undefined ? props.bucketPrefix : undefined,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    const bucketId = this.bucket.id;
    this.bucketArn = this.bucket.arn;
    this.objectsArn = `${this.bucket.arn}/*`;

    this.ownership = new S3BucketOwnershipControls(this, 'ownership', {
      bucket: bucketId,
      rule: { objectOwnership: props.objectOwnership ?? 'BucketOwnerEnforced' },
    });
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    if (versioned) {
      new S3BucketVersioningA(this, 'versioning', {
        bucket: bucketId,
        versioningConfiguration: { status: 'Enabled' },
      });
    }
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: bucketId,
      rule: [
        props.kmsKeyArn === undefined
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }
          : {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                kmsMasterKeyId: props.kmsKeyArn,
              },
              bucketKeyEnabled: props.bucketKey ?? true,
            },
      ],
    });

    // One rule, so a reader sees the whole housekeeping of the bucket in one place.
    const housekeeping: S3BucketLifecycleConfigurationRule = {
      id: 'housekeeping',
      status: 'Enabled',
      filter: [{}],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      noncurrentVersionExpiration: versioned
        ? [{ noncurrentDays, newerNoncurrentVersions: keep }]
        : undefined,
      expiration: expirationDays === undefined ? undefined : [{ days: expirationDays }],
    };
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucketId,
      rule: [housekeeping],
    });

    if (props.eventBridgeNotifications ?? true) {
      new S3BucketNotification(this, 'notifications', { bucket: bucketId, eventbridge: true });
    }

    const deny = (sid: string, condition: DataAwsIamPolicyDocumentStatementCondition) => ({
      sid,
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      actions: ['s3:*'],
      resources: [this.bucketArn, this.objectsArn],
      condition: [condition],
    });
    this.statements = [
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
      ...(props.policyStatements ?? []),
    ];
    this.policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', {
      statement: this.statements,
    });
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket: bucketId,
      policy: this.policyDocument.json,
    });
  }

  /**
   * Turns on S3 server access logging of this bucket into `target`, under `prefix` (e.g.
   * `s3-access/site/`), and lets the S3 logging service of this account write there for this
   * bucket only. A target encrypted with a customer-managed key must let
   * `logging.s3.amazonaws.com` generate data keys with it.
   */
  logAccessTo(target: SecureBucket, prefix: string): S3BucketLoggingA {
    const { accountId } = awsContext(this);
    target.addToPolicy({
      sid: `S3ServerAccessLogsOf${this.node.id.replace(/[^A-Za-z0-9]/g, '')}`,
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
      actions: ['s3:PutObject'],
      resources: [`${target.bucketArn}/${prefix}*`],
      condition: [
        { test: 'ArnLike', variable: 'aws:SourceArn', values: [this.bucketArn] },
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] },
      ],
    });
    return new S3BucketLoggingA(this, 'access-logging', {
      bucket: this.bucket.id,
      targetBucket: target.bucket.id,
      targetPrefix: prefix,
      // The policy must admit the logging service before S3 checks it.
      dependsOn: [target.policy],
    });
  }

  /** Adds statements to the bucket policy, e.g. a grant to a resource created after the bucket. */
  addToPolicy(...statements: DataAwsIamPolicyDocumentStatement[]): void {
    this.statements.push(...statements);
    this.policyDocument.putStatement([...this.statements]);
  }
}
