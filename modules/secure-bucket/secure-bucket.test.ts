import {
  dataSourceFor,
  onlyResource,
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
      'SecureBucket: bucketPrefix "" must be 1-37 lowercase letters, digits, dots or hyphens (or give bucketName)',
    ],
    [{ bucketPrefix: 'Skyport-' }, /bucketPrefix "Skyport-" must be/],
    [{ bucketName: 'Bad_Name' }, /bucketName "Bad_Name" is not a valid S3 bucket name/],
    [
      { noncurrentVersionExpirationDays: 0 },
      'SecureBucket: noncurrentVersionExpirationDays must be a positive whole number, got 0',
    ],
    [
      { expirationDays: 1.5 },
      'SecureBucket: expirationDays must be a positive whole number, got 1.5',
    ],
  ])('rejects %o with a message naming the prop', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
