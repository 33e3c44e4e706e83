import {
  dataSourceFor,
  onlyResource,
  referenceTo,
  resourcesOf,
  synthConstructs,
  type TerraformBlock,
} from '../testing';
import { StateBucket, type StateBucketProps } from './state-bucket';

const synth = (props: Partial<StateBucketProps> = {}) =>
  synthConstructs((scope) => {
    new StateBucket(scope, 'state', { bucketName: 'acme-terraform-state', ...props });
  });

type Statement = {
  effect: string;
  actions: string[];
  resources: string[];
  principals: { type: string; identifiers: string[] }[];
  condition: { test: string; variable: string; values: string[] }[];
};

describe('StateBucket', () => {
  const json = synth();
  const bucket = onlyResource(json, 'aws_s3_bucket');
  const bucketRef = referenceTo(json, 'aws_s3_bucket', 'id');
  const bucketArn = referenceTo(json, 'aws_s3_bucket', 'arn');

  it('keeps every version of the state', () => {
    const versioning = onlyResource(json, 'aws_s3_bucket_versioning');
    expect(versioning.bucket).toBe(bucketRef);
    expect(versioning.versioning_configuration).toEqual({ status: 'Enabled' });
  });

  it('encrypts objects with its own rotated KMS key and an S3 bucket key', () => {
    const key = onlyResource(json, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    const sse = onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse.bucket).toBe(bucketRef);
    expect(sse.rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: referenceTo(json, 'aws_kms_key', 'arn'),
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  it('blocks every kind of public access and disables ACLs', () => {
    const pab = onlyResource(json, 'aws_s3_bucket_public_access_block');
    expect(pab).toMatchObject({
      bucket: bucketRef,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const ownership = onlyResource(json, 'aws_s3_bucket_ownership_controls');
    expect(ownership.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('denies any request that is not TLS 1.2 or newer, on the bucket and on its objects', () => {
    const policy = onlyResource(json, 'aws_s3_bucket_policy');
    expect(policy.bucket).toBe(bucketRef);
    const document = dataSourceFor(json, policy.policy);
    const statements = document.statement as Statement[];
    const objects = [bucketArn, `${bucketArn}/*`];
    const denies = (variable: string) =>
      statements.find((s) => s.condition.some((c) => c.variable === variable)) as Statement;

    const plainHttp = denies('aws:SecureTransport');
    expect(plainHttp).toMatchObject({ effect: 'Deny', actions: ['s3:*'], resources: objects });
    expect(plainHttp.principals).toEqual([{ type: '*', identifiers: ['*'] }]);
    expect(plainHttp.condition).toEqual([
      { test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] },
    ]);

    const oldTls = denies('s3:TlsVersion');
    expect(oldTls).toMatchObject({ effect: 'Deny', actions: ['s3:*'], resources: objects });
    expect(oldTls.condition).toEqual([
      { test: 'NumericLessThan', variable: 's3:TlsVersion', values: ['1.2'] },
    ]);

    expect(statements.every((s) => s.effect === 'Deny')).toBe(true);
  });

  it('expires old state versions but always keeps the newest ten', () => {
    const lifecycle = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration');
    const [rule] = lifecycle.rule as TerraformBlock[];
    expect(rule).toMatchObject({
      status: 'Enabled',
      noncurrent_version_expiration: [{ noncurrent_days: 90, newer_noncurrent_versions: 10 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
    expect(rule?.expiration).toBeUndefined();
  });

  it('refuses to be destroyed or emptied by Terraform', () => {
    expect(bucket.bucket).toBe('acme-terraform-state');
    expect(bucket.force_destroy).toBe(false);
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
  });

  it('honours a shorter retention and an explicit opt-out of destroy protection', () => {
    const custom = synth({ noncurrentVersionRetentionDays: 30, preventDestroy: false });
    const [rule] = onlyResource(custom, 'aws_s3_bucket_lifecycle_configuration')
      .rule as TerraformBlock[];
    expect(rule?.noncurrent_version_expiration).toEqual([
      { noncurrent_days: 30, newer_noncurrent_versions: 10 },
    ]);
    expect(onlyResource(custom, 'aws_s3_bucket').lifecycle).toEqual({ prevent_destroy: false });
  });

  it('creates nothing but the bucket, its key and their settings', () => {
    expect(Object.keys(json.resource ?? {}).sort()).toEqual([
      'aws_kms_alias',
      'aws_kms_key',
      'aws_s3_bucket',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_versioning',
    ]);
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket'))).toHaveLength(1);
  });

  describe('rejects bad props with a message naming the field', () => {
    it.each([
      [
        'Upper-Case',
        /bucketName "Upper-Case" is not a valid S3 bucket name: it may contain only lowercase/,
      ],
      ['ab', /bucketName "ab" is not a valid S3 bucket name: it must be 3 to 63 characters long/],
      ['my..state', /must not contain two adjacent dots/],
      ['192.168.1.10', /must not look like an IP address/],
      ['xn--state', /uses a prefix or suffix that S3 reserves/],
    ])('bucketName %s', (bucketName, message) => {
      expect(() => synth({ bucketName })).toThrow(message);
    });

    it('noncurrentVersionRetentionDays', () => {
      expect(() => synth({ noncurrentVersionRetentionDays: 0 })).toThrow(
        'StateBucket: noncurrentVersionRetentionDays must be a positive whole number of days, got 0',
      );
    });

    it('keyDeletionWindowDays', () => {
      expect(() => synth({ keyDeletionWindowDays: 3 })).toThrow(
        /keyDeletionWindowDays must be an integer from 7 to 30/,
      );
    });
  });
});
