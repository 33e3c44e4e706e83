import { onlyResource, referenceTo, resourcesOf, type TerraformBlock } from '../testing';
import { logPolicy, synth } from './load-balancer-fixture';

describe('LoadBalancer', () => {
  const json = synth();
  const alb = onlyResource(json, 'aws_lb');
  const bucketArn = referenceTo(json, 'aws_s3_bucket', 'arn');

  describe('access logs', () => {
    it('are on, under the alb/ prefix of the log bucket', () => {
      expect(alb.access_logs).toEqual({
        bucket: referenceTo(json, 'aws_s3_bucket', 'id'),
        prefix: 'alb',
        enabled: true,
      });
    });

    it('go to an SSE-S3, unversioned bucket whose logs expire', () => {
      expect(onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual(
        [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
      );
      expect(resourcesOf(json, 'aws_s3_bucket_versioning')).toEqual({});
      const [rule] = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration')
        .rule as TerraformBlock[];
      expect(rule?.expiration).toEqual([{ days: 90 }]);
      const [shorter] = onlyResource(
        synth({ accessLogRetentionDays: 14 }),
        'aws_s3_bucket_lifecycle_configuration',
      ).rule as TerraformBlock[];
      expect(shorter?.expiration).toEqual([{ days: 14 }]);
    });

    it('may be written only by the ELB log-delivery principals, only under alb/AWSLogs/<account>/', () => {
      const statements = logPolicy(json);
      const allows = statements.filter((s) => s.effect === 'Allow');
      const objects = `${bucketArn}/alb/AWSLogs/\${data.aws_caller_identity.${Object.keys(json.data?.aws_caller_identity ?? {})[0]}.account_id}/*`;
      const elbAccount = Object.keys(json.data?.aws_elb_service_account ?? {})[0];
      expect(allows).toEqual([
        expect.objectContaining({
          principals: [
            { type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] },
          ],
          actions: ['s3:PutObject'],
          resources: [objects],
        }),
        expect.objectContaining({
          principals: [
            { type: 'AWS', identifiers: [`\${data.aws_elb_service_account.${elbAccount}.arn}`] },
          ],
          actions: ['s3:PutObject'],
          resources: [objects],
        }),
      ]);
    });

    it('keeps the TLS-only denies of the bucket policy', () => {
      const denies = logPolicy(json).filter((s) => s.effect === 'Deny');
      expect(denies.map((s) => s.condition?.[0]?.variable).sort()).toEqual([
        'aws:SecureTransport',
        's3:TlsVersion',
      ]);
    });

    it('can leave out the legacy regional ELB account, for Regions opened since August 2022', () => {
      const json2 = synth({ legacyLogDeliveryAccount: false });
      expect(json2.data?.aws_elb_service_account).toBeUndefined();
      const allows = logPolicy(json2).filter((s) => s.effect === 'Allow');
      expect(allows.map((s) => s.principals)).toEqual([
        [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
      ]);
    });

    it('are switched on only once the bucket policy exists (ELB writes a test object at creation)', () => {
      expect(alb.depends_on).toEqual([
        `aws_s3_bucket_policy.${Object.keys(resourcesOf(json, 'aws_s3_bucket_policy'))[0]}`,
      ]);
    });
  });
});
