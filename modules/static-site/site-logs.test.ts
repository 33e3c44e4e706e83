import { dataSourceFor, onlyResource, ref, referenceTo, type TerraformBlock } from '../testing';
import { bucketNamed, policyOf, settingOf, synth, type Statement } from './static-site-fixture';

describe('StaticSite', () => {
  const json = synth();

  describe('the log bucket', () => {
    it('admits only this account’s log deliveries (CloudFront v2 from us-east-1, S3 access logs of the site bucket) and expires logs', () => {
      const logsArn = ref('aws_s3_bucket', bucketNamed(json, 'logs'), 'arn');
      const fromLogDeliveries = [
        {
          test: 'StringEquals',
          variable: 'aws:SourceAccount',
          values: [expect.stringMatching(/^\$\{data\.aws_caller_identity\./)],
        },
        {
          test: 'ArnLike',
          variable: 'aws:SourceArn',
          values: [expect.stringMatching(/^arn:\$\{.*\}:logs:us-east-1:\$\{.*\}:\*$/)],
        },
      ];
      expect(settingOf(json, 'aws_s3_bucket_public_access_block', 'logs')).toMatchObject({
        block_public_acls: true,
        ignore_public_acls: true,
      });
      const [rule] = settingOf(json, 'aws_s3_bucket_lifecycle_configuration', 'logs')
        .rule as TerraformBlock[];
      expect(rule?.expiration).toEqual([{ days: 90 }]);
      const allowed = policyOf(json, 'logs').filter((s) => s.effect !== 'Deny');
      expect(allowed).toEqual([
        {
          sid: 'CloudFrontStandardLogsAreDelivered',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
          actions: ['s3:PutObject'],
          resources: [`${logsArn}/cloudfront/*`],
          condition: [
            {
              test: 'StringEquals',
              variable: 's3:x-amz-acl',
              values: ['bucket-owner-full-control'],
            },
            ...fromLogDeliveries,
          ],
        },
        {
          sid: 'LogDeliveryChecksTheBucket',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
          actions: ['s3:GetBucketAcl', 's3:ListBucket'],
          resources: [logsArn],
          condition: fromLogDeliveries,
        },
        expect.objectContaining({
          principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
          actions: ['s3:PutObject'],
          condition: expect.arrayContaining([
            {
              test: 'ArnLike',
              variable: 'aws:SourceArn',
              values: [ref('aws_s3_bucket', bucketNamed(json, 'content'), 'arn')],
            },
          ]),
        }),
      ]);
    });

    it('also receives the S3 access logs of the site bucket (who changed which file)', () => {
      expect(onlyResource(json, 'aws_s3_bucket_logging')).toMatchObject({
        bucket: ref('aws_s3_bucket', bucketNamed(json, 'content')),
        target_bucket: ref('aws_s3_bucket', bucketNamed(json, 'logs')),
        target_prefix: 's3-access/',
      });
    });

    it('is encrypted with a key of its own that only the two log deliveries may use besides IAM', () => {
      const key = onlyResource(json, 'aws_kms_key');
      expect(
        settingOf(json, 'aws_s3_bucket_server_side_encryption_configuration', 'logs').rule,
      ).toEqual([
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: 'aws:kms',
            kms_master_key_id: referenceTo(json, 'aws_kms_key', 'arn'),
          },
          bucket_key_enabled: true,
        },
      ]);
      const statements = dataSourceFor(json, key.policy).statement as Statement[];
      expect(statements.map((s) => [s.sid, s.principals[0]?.identifiers, s.actions])).toEqual([
        ['AccountAdministersKeyThroughIam', [expect.stringMatching(/:root$/)], ['kms:*']],
        [
          'CloudFrontDeliversStandardLogs',
          ['delivery.logs.amazonaws.com'],
          ['kms:GenerateDataKey*'],
        ],
        [
          'S3ServerAccessLoggingEncryptsTheAccessLogs',
          ['logging.s3.amazonaws.com'],
          ['kms:GenerateDataKey'],
        ],
      ]);
    });
  });
});
