import { onlyResource, ref, referenceTo, resourcesOf, type TerraformBlock } from '../testing';
import { bucketNamed, settingOf, synth } from './static-site-fixture';
import { viewerRequestSource } from './viewer-request-source';

describe('StaticSite', () => {
  const json = synth();
  const distribution = onlyResource(json, 'aws_cloudfront_distribution');
  const behaviors = [
    distribution.default_cache_behavior as TerraformBlock,
    ...(distribution.ordered_cache_behavior as TerraformBlock[]),
  ];

  describe('the distribution', () => {
    it('redirects plain HTTP to HTTPS on every behavior', () => {
      expect(behaviors).toHaveLength(2);
      for (const behavior of behaviors)
        expect(behavior.viewer_protocol_policy).toBe('redirect-to-https');
    });

    it('refuses TLS older than 1.2 and serves the validated certificate by SNI', () => {
      expect(distribution.viewer_certificate).toEqual({
        acm_certificate_arn: referenceTo(json, 'aws_acm_certificate_validation', 'certificate_arn'),
        ssl_support_method: 'sni-only',
        minimum_protocol_version: 'TLSv1.2_2021',
      });
    });

    it('answers on the apex and www over HTTP/2 and HTTP/3 and IPv6, from the cheapest price class', () => {
      expect(distribution).toMatchObject({
        enabled: true,
        aliases: ['example.com', 'www.example.com'],
        http_version: 'http2and3',
        is_ipv6_enabled: true,
        price_class: 'PriceClass_100',
        default_root_object: 'index.html',
      });
      expect(
        onlyResource(synth({ priceClass: 'PriceClass_All' }), 'aws_cloudfront_distribution')
          .price_class,
      ).toBe('PriceClass_All');
    });

    it('compresses, allows only GET and HEAD, and sends our security headers on every behavior', () => {
      for (const behavior of behaviors) {
        expect(behavior).toMatchObject({
          compress: true,
          allowed_methods: ['GET', 'HEAD'],
          response_headers_policy_id: referenceTo(
            json,
            'aws_cloudfront_response_headers_policy',
            'id',
          ),
        });
      }
    });

    it('runs the viewer-request function on every behavior', () => {
      const fn = onlyResource(json, 'aws_cloudfront_function');
      expect(fn).toMatchObject({
        runtime: 'cloudfront-js-2.0',
        publish: true,
        code: viewerRequestSource(),
      });
      for (const behavior of behaviors) {
        expect(behavior.function_association).toEqual([
          {
            event_type: 'viewer-request',
            function_arn: referenceTo(json, 'aws_cloudfront_function', 'arn'),
          },
        ]);
      }
    });

    it('caches hashed Next.js assets for a year and pages for minutes, keyed on the path only', () => {
      const assets = behaviors.find((b) => b.path_pattern === '/_next/static/*');
      const policy = (behavior: TerraformBlock | undefined) =>
        Object.entries(resourcesOf(json, 'aws_cloudfront_cache_policy')).find(
          ([name]) => ref('aws_cloudfront_cache_policy', name) === behavior?.cache_policy_id,
        )?.[1];
      expect(policy(assets)).toMatchObject({ default_ttl: 31536000 });
      expect(policy(behaviors[0])).toMatchObject({ default_ttl: 300, min_ttl: 0 });
      for (const cache of Object.values(resourcesOf(json, 'aws_cloudfront_cache_policy'))) {
        expect(cache.parameters_in_cache_key_and_forwarded_to_origin).toMatchObject({
          cookies_config: { cookie_behavior: 'none' },
          headers_config: { header_behavior: 'none' },
          query_strings_config: { query_string_behavior: 'none' },
        });
      }
    });

    it('serves the export’s 404 page for missing paths and leaves 403s (WAF, denials) as they are', () => {
      expect(distribution.custom_error_response).toEqual([
        expect.objectContaining({
          error_code: 404,
          response_code: 404,
          response_page_path: '/404.html',
        }),
      ]);
    });

    it('delivers its access logs through standard logging v2 (us-east-1) into the log bucket, under cloudfront/', () => {
      expect(distribution.logging_config).toBeUndefined();
      const usEast1 = 'aws.us_east_1';
      const source = onlyResource(json, 'aws_cloudwatch_log_delivery_source');
      expect(source).toMatchObject({
        provider: usEast1,
        log_type: 'ACCESS_LOGS',
        resource_arn: referenceTo(json, 'aws_cloudfront_distribution', 'arn'),
      });
      const destination = onlyResource(json, 'aws_cloudwatch_log_delivery_destination');
      expect(destination).toMatchObject({
        provider: usEast1,
        delivery_destination_configuration: [
          {
            destination_resource_arn: `${ref('aws_s3_bucket', bucketNamed(json, 'logs'), 'arn')}/cloudfront`,
          },
        ],
      });
      const delivery = onlyResource(json, 'aws_cloudwatch_log_delivery');
      expect(delivery).toMatchObject({
        provider: usEast1,
        delivery_source_name: referenceTo(json, 'aws_cloudwatch_log_delivery_source', 'name'),
        delivery_destination_arn: referenceTo(
          json,
          'aws_cloudwatch_log_delivery_destination',
          'arn',
        ),
      });
      expect(delivery.depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket_policy\.site_logs_policy_/)]),
      );
    });

    it('needs no ACL on the log bucket: ownership is enforced', () => {
      const logsOwnership = settingOf(json, 'aws_s3_bucket_ownership_controls', 'logs');
      expect(logsOwnership.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
      expect(resourcesOf(json, 'aws_s3_bucket_acl')).toEqual({});
      expect(distribution.depends_on).toBeUndefined();
    });
  });
});
