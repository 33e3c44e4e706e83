import { DataAwsCanonicalUserId } from '@cdktf/provider-aws/lib/data-aws-canonical-user-id';
import { DataAwsCloudfrontLogDeliveryCanonicalUserId } from '@cdktf/provider-aws/lib/data-aws-cloudfront-log-delivery-canonical-user-id';
import { S3BucketAcl } from '@cdktf/provider-aws/lib/s3-bucket-acl';
import type { Construct } from 'constructs';
import { awsContext } from '../aws-context/aws-context';
import { EncryptionKey } from '../encryption-key/encryption-key';
import { SecureBucket } from '../secure-bucket/secure-bucket';
import type { StaticSiteSettings } from './static-site-settings';

export interface SiteLogs {
  /** Encrypts the log bucket. */
  readonly key: EncryptionKey;
  readonly bucket: SecureBucket;
  /** The ACL that lets CloudFront's log delivery write; the distribution must wait for it. */
  readonly acl: S3BucketAcl;
}

/**
 * The bucket that receives CloudFront's standard logs and the site bucket's S3 access logs,
 * encrypted with a key of its own, with the ACL grant CloudFront's log delivery needs.
 */
export function siteLogs(
  scope: Construct,
  content: SecureBucket,
  settings: Pick<StaticSiteSettings, 'name' | 'accessLogRetentionDays'>,
): SiteLogs {
  const { name } = settings;
  // Access logs hold visitors' IP addresses: a key of their own, usable only by the two log
  // delivery services that write here (and by IAM principals of the account).
  const { accountId } = awsContext(scope);
  const key = new EncryptionKey(scope, 'logs-key', {
    alias: `${name}-site-logs`,
    description: `Encrypts the CloudFront and S3 access logs of the ${name} site`,
    allowCloudWatchLogs: false,
    statements: [
      {
        // CloudFront standard logging (legacy) writes through this principal; the CloudFront
        // Developer Guide's required statement for SSE-KMS log buckets.
        sid: 'CloudFrontDeliversStandardLogs',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
      },
      {
        sid: 'S3ServerAccessLoggingEncryptsTheAccessLogs',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] }],
      },
    ],
  });
  // CloudFront standard logs are still delivered through an ACL grant to the awslogsdelivery
  // account, so this one bucket keeps ACLs on; nothing else may write to it.
  const bucket = new SecureBucket(scope, 'logs', {
    bucketPrefix: `${name}-site-logs-`,
    kmsKeyArn: key.arn,
    versioned: false,
    expirationDays: settings.accessLogRetentionDays,
    objectOwnership: 'BucketOwnerPreferred',
  });
  // Who uploaded, replaced or deleted site files (CloudFront's logs see only what it served).
  content.logAccessTo(bucket, 's3-access/');
  const acl = logDeliveryAcl(scope, bucket);
  return { key, bucket, acl };
}

function logDeliveryAcl(scope: Construct, logs: SecureBucket): S3BucketAcl {
  const owner = new DataAwsCanonicalUserId(scope, 'account-canonical-user').id;
  const logDelivery = new DataAwsCloudfrontLogDeliveryCanonicalUserId(
    scope,
    'log-delivery-canonical-user',
  ).id;
  return new S3BucketAcl(scope, 'logs-acl', {
    bucket: logs.bucket.id,
    accessControlPolicy: {
      owner: { id: owner },
      grant: [
        { grantee: { type: 'CanonicalUser', id: owner }, permission: 'FULL_CONTROL' },
        { grantee: { type: 'CanonicalUser', id: logDelivery }, permission: 'FULL_CONTROL' },
      ],
    },
    dependsOn: [logs.ownership],
  });
}
