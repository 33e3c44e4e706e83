import {
  dataSourceFor,
  justificationsIn,
  onlyResource,
  ref,
  referenceTo,
  resourceAt,
  resourcesOf,
  synthConstructs,
  synthConstructsWithComments,
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
  const stateBucket = resourceAt(json, 'aws_s3_bucket', 'state/bucket');
  const bucket = stateBucket.block;
  const bucketRef = ref('aws_s3_bucket', stateBucket);
  const bucketArn = ref('aws_s3_bucket', stateBucket, 'arn');
  /** A setting resource of the state bucket (`bucket/<id>`). */
  const ofState = (type: string, id: string) => resourceAt(json, type, `bucket/${id}`).block;

  it('keeps every version of the state', () => {
    const versioning = onlyResource(json, 'aws_s3_bucket_versioning');
    expect(versioning.bucket).toBe(bucketRef);
    expect(versioning.versioning_configuration).toEqual({ status: 'Enabled' });
  });

  it('encrypts objects with its own rotated KMS key, without a bucket key (one KMS call per object)', () => {
    const key = onlyResource(json, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    const sse = ofState('aws_s3_bucket_server_side_encryption_configuration', 'encryption');
    expect(sse.bucket).toBe(bucketRef);
    expect(sse.rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: referenceTo(json, 'aws_kms_key', 'arn'),
        },
        bucket_key_enabled: false,
      },
    ]);
  });

  it('blocks every kind of public access and disables ACLs', () => {
    const pab = ofState('aws_s3_bucket_public_access_block', 'public-access-block');
    expect(pab).toMatchObject({
      bucket: bucketRef,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const ownership = ofState('aws_s3_bucket_ownership_controls', 'ownership');
    expect(ownership.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('denies any request that is not TLS 1.2 or newer, on the bucket and on its objects', () => {
    const policy = ofState('aws_s3_bucket_policy', 'policy');
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
    const lifecycle = ofState('aws_s3_bucket_lifecycle_configuration', 'lifecycle');
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
    const [rule] = resourceAt(custom, 'aws_s3_bucket_lifecycle_configuration', 'bucket/lifecycle')
      .block.rule as TerraformBlock[];
    expect(rule?.noncurrent_version_expiration).toEqual([
      { noncurrent_days: 30, newer_noncurrent_versions: 10 },
    ]);
    expect(resourceAt(custom, 'aws_s3_bucket', 'state/bucket').block.lifecycle).toEqual({
      prevent_destroy: false,
    });
  });

  it('writes the key policy out: only the account, which leaves the rest to IAM', () => {
    const key = onlyResource(json, 'aws_kms_key');
    const statements = dataSourceFor(json, key.policy).statement as Statement[];
    expect(statements.map((s) => [s.effect, s.principals, s.actions])).toEqual([
      [
        'Allow',
        [
          {
            type: 'AWS',
            identifiers: [expect.stringMatching(/:iam::\$\{data\.aws_caller_identity\..*\}:root$/)],
          },
        ],
        ['kms:*'],
      ],
    ]);
    const principals = statements.flatMap((s) => s.principals.flatMap((p) => p.identifiers));
    expect(principals).not.toContain('*');
  });

  it('sends object events to EventBridge', () => {
    const notification = ofState('aws_s3_bucket_notification', 'notifications');
    expect(notification).toEqual({ bucket: bucketRef, eventbridge: true });
  });

  it('records every request to the state in S3 server access logs kept a year in a bucket of their own', () => {
    const logsAt = resourceAt(json, 'aws_s3_bucket', 'access-logs/bucket');
    const logsRef = ref('aws_s3_bucket', logsAt);
    expect(onlyResource(json, 'aws_s3_bucket_logging')).toMatchObject({
      bucket: bucketRef,
      target_bucket: logsRef,
      target_prefix: 'state/',
    });
    expect(logsAt.block.lifecycle).toEqual({ prevent_destroy: true });
    const lifecycle = resourceAt(
      json,
      'aws_s3_bucket_lifecycle_configuration',
      'access-logs/lifecycle',
    );
    const [rule] = lifecycle.block.rule as TerraformBlock[];
    expect(rule?.expiration).toEqual([{ days: 365 }]);
    const policy = resourceAt(json, 'aws_s3_bucket_policy', 'access-logs/policy').block;
    const statements = dataSourceFor(json, policy.policy).statement as Statement[];
    const writers = statements.filter((s) => s.effect === 'Allow');
    expect(writers).toHaveLength(1);
    expect(writers[0]).toMatchObject({
      principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
      actions: ['s3:PutObject'],
      resources: [`${ref('aws_s3_bucket', logsAt, 'arn')}/state/*`],
    });
    expect(writers[0]?.condition).toContainEqual({
      test: 'ArnLike',
      variable: 'aws:SourceArn',
      values: [bucketArn],
    });
  });

  it('creates nothing but the bucket, its key and their settings', () => {
    expect(Object.keys(json.resource ?? {}).sort()).toEqual([
      'aws_kms_alias',
      'aws_kms_key',
      'aws_s3_bucket',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_logging',
      'aws_s3_bucket_notification',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_versioning',
    ]);
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket'))).toHaveLength(2);
  });

  it('justifies only what a production stack may accept: no cost reason anywhere', () => {
    const justified = justificationsIn(
      synthConstructsWithComments((scope) => {
        new StateBucket(scope, 'state', { bucketName: 'acme-terraform-state' });
      }),
    ).map(
      ({ address, check, because }) =>
        `${address.replace(/_[0-9A-F]{8}$/, '')} ${check} ${because}`,
    );
    expect(justified.sort()).toEqual([
      'aws_s3_bucket.state_access-logs_bucket CKV_AWS_144 design',
      'aws_s3_bucket.state_access-logs_bucket CKV_AWS_145 design',
      'aws_s3_bucket.state_access-logs_bucket CKV_AWS_21 design',
      'aws_s3_bucket.state_bucket CKV_AWS_144 design',
      'data.aws_iam_policy_document.state_key-policy CKV_AWS_109 tool',
      'data.aws_iam_policy_document.state_key-policy CKV_AWS_111 tool',
      'data.aws_iam_policy_document.state_key-policy CKV_AWS_356 tool',
    ]);
  });

  describe('rejects bad props with a message naming the field', () => {
    it.each([
      [
        'Upper-Case',
        /^\[stack\/state\] bucketName: "Upper-Case" is not a valid S3 bucket name: it may contain only lowercase/,
      ],
      ['ab', /bucketName: "ab" is not a valid S3 bucket name: it must be 3 to 63 characters long/],
      ['my..state', /must not contain two adjacent dots/],
      ['192.168.1.10', /must not look like an IP address/],
      ['xn--state', /uses a prefix or suffix that S3 reserves/],
    ])('bucketName %s', (bucketName, message) => {
      expect(() => synth({ bucketName })).toThrow(message);
    });

    it('noncurrentVersionRetentionDays', () => {
      expect(() => synth({ noncurrentVersionRetentionDays: 0 })).toThrow(
        '[stack/state] noncurrentVersionRetentionDays: 0 is out of range; use a whole number of 1 or more',
      );
    });

    it('keyDeletionWindowDays', () => {
      expect(() => synth({ keyDeletionWindowDays: 3 })).toThrow(
        '[stack/state] keyDeletionWindowDays: 3 is out of range; use a whole number from 7 to 30',
      );
    });

    it('reports every problem at once, one line each, before what the bucket beneath repeats', () => {
      expect(() =>
        synth({ bucketName: 'ab', noncurrentVersionsToKeep: 0, keyDeletionWindowDays: 31 }),
      ).toThrow(
        /^\[stack\/state\] bucketName: "ab" is not a valid S3 bucket name: it must be 3 to 63 characters long\n\[stack\/state\] noncurrentVersionsToKeep: 0 is out of range; use a whole number of 1 or more\n\[stack\/state\] keyDeletionWindowDays: 31 is out of range; use a whole number from 7 to 30\n\[stack\/state\/bucket\] /,
      );
    });
  });
});
