import type { Construct } from 'constructs';
import { awsContext } from '../aws-context/aws-context';
import { EncryptionKey } from '../encryption-key/encryption-key';
import { SecureBucket } from '../secure-bucket/secure-bucket';
import type { StaticSiteSettings } from './static-site-settings';

export interface SiteLogs {
  /** Encrypts the log bucket. */
  readonly key: EncryptionKey;
  readonly bucket: SecureBucket;
}

/** Where CloudFront's access logs land in the log bucket. */
export const CLOUDFRONT_LOG_PREFIX = 'cloudfront';

/**
 * The bucket that receives CloudFront's standard logs (v2, delivered by CloudWatch Logs) and the
 * site bucket's S3 access logs, encrypted with a key of its own. ACLs are off: both deliveries
 * are admitted by the bucket policy.
 */
export function siteLogs(
  scope: Construct,
  content: SecureBucket,
  settings: Pick<StaticSiteSettings, 'name' | 'accessLogRetentionDays'>,
): SiteLogs {
  const { name } = settings;
  // Access logs hold visitors' IP addresses: a key of their own, usable only by the two log
  // delivery services that write here (and by IAM principals of the account).
  const { accountId, partition } = awsContext(scope);
  // CloudFront's log deliveries live in us-east-1 whatever the bucket's region.
  const fromLogDeliveries = [
    { test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] },
    {
      test: 'ArnLike',
      variable: 'aws:SourceArn',
      values: [`arn:${partition}:logs:us-east-1:${accountId}:*`],
    },
  ];
  const key = new EncryptionKey(scope, 'logs-key', {
    alias: `${name}-site-logs`,
    description: `Encrypts the CloudFront and S3 access logs of the ${name} site`,
    allowCloudWatchLogs: false,
    statements: [
      {
        // CloudWatch Logs delivers CloudFront's standard logs (v2) through this principal.
        sid: 'CloudFrontDeliversStandardLogs',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        condition: fromLogDeliveries,
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
  const bucket = new SecureBucket(scope, 'logs', {
    bucketPrefix: `${name}-site-logs-`,
    kmsKeyArn: key.arn,
    versioned: false,
    expirationDays: settings.accessLogRetentionDays,
  });
  // The statements CloudWatch Logs' vended-log delivery to S3 asks for, scoped to this account's
  // deliveries in us-east-1 and to the CloudFront prefix.
  bucket.addToPolicy(
    {
      sid: 'CloudFrontStandardLogsAreDelivered',
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
      actions: ['s3:PutObject'],
      resources: [`${bucket.bucketArn}/${CLOUDFRONT_LOG_PREFIX}/*`],
      condition: [
        { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] },
        ...fromLogDeliveries,
      ],
    },
    {
      sid: 'LogDeliveryChecksTheBucket',
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [bucket.bucketArn],
      condition: fromLogDeliveries,
    },
  );
  // Who uploaded, replaced or deleted site files (CloudFront's logs see only what it served).
  content.logAccessTo(bucket, 's3-access/');
  return { key, bucket };
}
