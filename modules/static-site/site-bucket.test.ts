import { onlyResource, ref, referenceTo, resourcesOf, type TerraformBlock } from '../testing';
import { bucketNamed, policyOf, settingOf, synth } from './static-site-fixture';

describe('StaticSite', () => {
  const json = synth();
  const distribution = onlyResource(json, 'aws_cloudfront_distribution');
  const distributionArn = referenceTo(json, 'aws_cloudfront_distribution', 'arn');

  describe('the site bucket', () => {
    it('is private: all public access blocked and ACLs disabled', () => {
      expect(settingOf(json, 'aws_s3_bucket_public_access_block', 'content')).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(settingOf(json, 'aws_s3_bucket_ownership_controls', 'content').rule).toEqual({
        object_ownership: 'BucketOwnerEnforced',
      });
      expect(resourcesOf(json, 'aws_s3_bucket_website_configuration')).toEqual({});
    });

    it('is encrypted and versioned, and old versions expire', () => {
      expect(
        settingOf(json, 'aws_s3_bucket_server_side_encryption_configuration', 'content').rule,
      ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
      expect(
        settingOf(json, 'aws_s3_bucket_versioning', 'content').versioning_configuration,
      ).toEqual({
        status: 'Enabled',
      });
      const [rule] = settingOf(json, 'aws_s3_bucket_lifecycle_configuration', 'content')
        .rule as TerraformBlock[];
      expect(rule).toMatchObject({
        status: 'Enabled',
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      });
    });

    it('can be read only by this distribution, and only over TLS 1.2+', () => {
      const statements = policyOf(json, 'content');
      const allows = statements.filter((s) => s.effect === 'Allow');
      const bucketArn = ref('aws_s3_bucket', bucketNamed(json, 'content'), 'arn');
      const onlyThis = [
        { test: 'StringEquals', variable: 'AWS:SourceArn', values: [distributionArn] },
      ];
      const cloudFront = [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }];
      expect(allows).toEqual([
        expect.objectContaining({
          principals: cloudFront,
          actions: ['s3:GetObject'],
          resources: [`${bucketArn}/*`],
          condition: onlyThis,
        }),
        // Lets S3 say 404 for a missing page; no other action on the bucket itself.
        expect.objectContaining({
          principals: cloudFront,
          actions: ['s3:ListBucket'],
          resources: [bucketArn],
          condition: onlyThis,
        }),
      ]);
      const denies = statements.filter((s) => s.effect === 'Deny');
      expect(denies.map((s) => s.condition?.[0]?.variable).sort()).toEqual([
        'aws:SecureTransport',
        's3:TlsVersion',
      ]);
    });

    it('is the distribution’s only origin, reached with Origin Access Control signing every request', () => {
      expect(distribution.origin).toEqual([
        expect.objectContaining({
          domain_name: ref(
            'aws_s3_bucket',
            bucketNamed(json, 'content'),
            'bucket_regional_domain_name',
          ),
          origin_access_control_id: referenceTo(json, 'aws_cloudfront_origin_access_control', 'id'),
        }),
      ]);
      const [origin] = distribution.origin as TerraformBlock[];
      expect(origin?.s3_origin_config).toBeUndefined();
      expect(origin?.custom_origin_config).toBeUndefined();
      expect(onlyResource(json, 'aws_cloudfront_origin_access_control')).toMatchObject({
        origin_access_control_origin_type: 's3',
        signing_behavior: 'always',
        signing_protocol: 'sigv4',
      });
    });
  });
});
