import {
  dataSourceFor,
  onlyResource,
  ref,
  referenceTo,
  resourceAt,
  resourcesOf,
  synthConstructs,
  type TerraformBlock,
} from '../testing';
import { SecureBucket, type SecureBucketProps } from './secure-bucket';

const synth = (props: Partial<SecureBucketProps> = {}, extend?: (bucket: SecureBucket) => void) =>
  synthConstructs((scope) => {
    const bucket = new SecureBucket(scope, 'bucket', {
      bucketPrefix: 'skyport-dev-things-',
      ...props,
    });
    extend?.(bucket);
  });

describe('SecureBucket', () => {
  it('sends object events to EventBridge, unless told not to', () => {
    const json = synth();
    expect(onlyResource(json, 'aws_s3_bucket_notification')).toEqual({
      bucket: referenceTo(json, 'aws_s3_bucket', 'id'),
      eventbridge: true,
    });
    expect(
      resourcesOf(synth({ eventBridgeNotifications: false }), 'aws_s3_bucket_notification'),
    ).toEqual({});
  });

  it('logs access to another bucket, which admits the S3 logging service for this bucket only', () => {
    const json = synthConstructs((scope) => {
      const logs = new SecureBucket(scope, 'logs', { bucketPrefix: 'logs-', versioned: false });
      new SecureBucket(scope, 'site', { bucketPrefix: 'site-' }).logAccessTo(logs, 's3/site/');
    });
    const site = resourceAt(json, 'aws_s3_bucket', 'site/bucket');
    const logs = resourceAt(json, 'aws_s3_bucket', 'logs/bucket');
    expect(onlyResource(json, 'aws_s3_bucket_logging')).toMatchObject({
      bucket: ref('aws_s3_bucket', site),
      target_bucket: ref('aws_s3_bucket', logs),
      target_prefix: 's3/site/',
    });
    const policy = resourceAt(json, 'aws_s3_bucket_policy', 'logs/policy').block;
    const allow = (dataSourceFor(json, policy.policy).statement as TerraformBlock[]).filter(
      (s) => s.effect === 'Allow',
    );
    expect(allow).toEqual([
      {
        sid: 'S3ServerAccessLogsOfsite',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
        actions: ['s3:PutObject'],
        resources: [`${ref('aws_s3_bucket', logs, 'arn')}/s3/site/*`],
        condition: [
          {
            test: 'ArnLike',
            variable: 'aws:SourceArn',
            values: [ref('aws_s3_bucket', site, 'arn')],
          },
          {
            test: 'StringEquals',
            variable: 'aws:SourceAccount',
            values: [expect.stringMatching(/^\$\{data\.aws_caller_identity\./)],
          },
        ],
      },
    ]);
  });

  it('lets AWS generate a unique name from the prefix', () => {
    const bucket = onlyResource(synth(), 'aws_s3_bucket');
    expect(bucket.bucket_prefix).toBe('skyport-dev-things-');
    expect(bucket.bucket).toBeUndefined();
    expect(bucket.lifecycle).toEqual({ prevent_destroy: false });
  });

  it('encrypts with SSE-S3 by default and with the given KMS key and a bucket key otherwise', () => {
    expect(
      onlyResource(synth(), 'aws_s3_bucket_server_side_encryption_configuration').rule,
    ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
    const kms = synth({ kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k' });
    expect(onlyResource(kms, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/k',
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  it('skips versioning for log buckets and expires their objects instead', () => {
    const logs = synth({ versioned: false, expirationDays: 14 });
    expect(resourcesOf(logs, 'aws_s3_bucket_versioning')).toEqual({});
    const [rule] = onlyResource(logs, 'aws_s3_bucket_lifecycle_configuration')
      .rule as TerraformBlock[];
    expect(rule?.expiration).toEqual([{ days: 14 }]);
    expect(rule?.noncurrent_version_expiration).toBeUndefined();
  });

  it('appends statements added after construction to the bucket policy, after the TLS denies', () => {
    const json = synth({}, (bucket) =>
      bucket.addToPolicy({
        sid: 'Reader',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
        actions: ['s3:GetObject'],
        resources: [bucket.objectsArn],
      }),
    );
    const document = dataSourceFor(json, onlyResource(json, 'aws_s3_bucket_policy').policy);
    expect((document.statement as TerraformBlock[]).map((s) => s.sid)).toEqual([
      'DenyInsecureTransport',
      'DenyTlsOlderThan12',
      'Reader',
    ]);
  });

  it.each([
    [
      { bucketPrefix: undefined },
      '[stack/bucket] bucketPrefix: "" must be 1-37 lowercase letters, digits, dots or hyphens (or give bucketName)',
    ],
    [{ bucketPrefix: 'Skyport-' }, /bucketPrefix: "Skyport-" must be/],
    [{ bucketName: 'Bad_Name' }, /bucketName: "Bad_Name" is not a valid S3 bucket name/],
    [
      { noncurrentVersionExpirationDays: 0 },
      '[stack/bucket] noncurrentVersionExpirationDays: 0 is out of range; use a whole number of 1 or more',
    ],
    [
      { expirationDays: 1.5 },
      '[stack/bucket] expirationDays: 1.5 is out of range; use a whole number of 1 or more',
    ],
  ])('rejects %o with a message naming the construct and the prop', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('reports every problem at once, one line each', () => {
    expect(() =>
      synth({ bucketName: 'ab', noncurrentVersionsToKeep: 0, expirationDays: -1 }),
    ).toThrow(
      '[stack/bucket] bucketName: "ab" is not a valid S3 bucket name: it must be 3 to 63 characters long\n' +
        '[stack/bucket] noncurrentVersionsToKeep: 0 is out of range; use a whole number of 1 or more\n' +
        '[stack/bucket] expirationDays: -1 is out of range; use a whole number of 1 or more',
    );
  });
});
