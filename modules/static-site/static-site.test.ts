import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  dataSourceFor,
  justifiedChecks,
  onlyResource,
  ref,
  referenceTo,
  resourceAt,
  resourcesOf,
  synthConstructs,
  synthConstructsWithComments,
  type TerraformBlock,
  type TerraformJson,
} from '../testing';
import { StaticSite, type StaticSiteProps } from './static-site';
import { viewerRequestSource } from './viewer-request-source';

const build =
  (props: Partial<StaticSiteProps> = {}) =>
  (scope: Parameters<Parameters<typeof synthConstructs>[0]>[0]) => {
    const usEast1 = new AwsProvider(scope, 'us-east-1', {
      alias: 'us_east_1',
      region: 'us-east-1',
    });
    new StaticSite(scope, 'site', {
      name: 'skyport-dev',
      domainName: 'example.com',
      hostedZoneId: 'Z0123456789',
      usEast1,
      ...props,
    });
  };
const synth = (props: Partial<StaticSiteProps> = {}) => synthConstructs(build(props));

type Statement = {
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
  principals: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
};

const bucketNamed = (json: TerraformJson, which: 'content' | 'logs') =>
  resourceAt(json, 'aws_s3_bucket', `${which}/bucket`);

/** The resource of `type` whose `bucket` points at the given bucket. */
const settingOf = (json: TerraformJson, type: string, which: 'content' | 'logs') => {
  const bucketId = ref('aws_s3_bucket', bucketNamed(json, which));
  const found = Object.values(resourcesOf(json, type)).filter((block) => block.bucket === bucketId);
  if (found.length !== 1)
    throw new Error(`expected one ${type} for the ${which} bucket, found ${found.length}`);
  return found[0] as TerraformBlock;
};

const policyOf = (json: TerraformJson, which: 'content' | 'logs') =>
  dataSourceFor(json, settingOf(json, 'aws_s3_bucket_policy', which).policy)
    .statement as Statement[];

describe('StaticSite', () => {
  const json = synth();
  const distribution = onlyResource(json, 'aws_cloudfront_distribution');
  const distributionArn = referenceTo(json, 'aws_cloudfront_distribution', 'arn');
  const behaviors = [
    distribution.default_cache_behavior as TerraformBlock,
    ...(distribution.ordered_cache_behavior as TerraformBlock[]),
  ];

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

    it('is created only once the log bucket accepts ACL-based delivery', () => {
      const logsOwnership = settingOf(json, 'aws_s3_bucket_ownership_controls', 'logs');
      expect(logsOwnership.rule).toEqual({ object_ownership: 'BucketOwnerPreferred' });
      expect(distribution.depends_on).toEqual([
        expect.stringMatching(/^aws_s3_bucket_ownership_controls\.site_logs_ownership_/),
        `aws_s3_bucket_acl.${Object.keys(resourcesOf(json, 'aws_s3_bucket_acl'))[0]}`,
      ]);
    });

    it('logs every request to the log bucket', () => {
      expect(distribution.logging_config).toEqual({
        bucket: ref('aws_s3_bucket', bucketNamed(json, 'logs'), 'bucket_domain_name'),
        prefix: 'cloudfront/',
        include_cookies: false,
      });
    });
  });

  describe('the log bucket', () => {
    it('admits only the CloudFront log-delivery account besides the owner, and expires logs', () => {
      const acl = onlyResource(json, 'aws_s3_bucket_acl');
      const grants = (acl.access_control_policy as TerraformBlock).grant as TerraformBlock[];
      expect(grants.map((g) => (g.grantee as TerraformBlock).id)).toEqual([
        expect.stringMatching(/^\$\{data\.aws_canonical_user_id\./),
        expect.stringMatching(/^\$\{data\.aws_cloudfront_log_delivery_canonical_user_id\./),
      ]);
      expect(settingOf(json, 'aws_s3_bucket_public_access_block', 'logs')).toMatchObject({
        block_public_acls: true,
        ignore_public_acls: true,
      });
      const [rule] = settingOf(json, 'aws_s3_bucket_lifecycle_configuration', 'logs')
        .rule as TerraformBlock[];
      expect(rule?.expiration).toEqual([{ days: 90 }]);
      const allowed = policyOf(json, 'logs').filter((s) => s.effect !== 'Deny');
      expect(allowed).toEqual([
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

  describe('security headers', () => {
    const config = onlyResource(json, 'aws_cloudfront_response_headers_policy')
      .security_headers_config as Record<string, TerraformBlock>;

    it('sends HSTS for two years with subdomains and preload, overriding the origin', () => {
      expect(config.strict_transport_security).toEqual({
        access_control_max_age_sec: 63072000,
        include_subdomains: true,
        preload: true,
        override: true,
      });
    });

    it('leaves preload out when asked (an environment on a subdomain cannot be preloaded)', () => {
      const policy = onlyResource(
        synth({ hstsPreload: false }),
        'aws_cloudfront_response_headers_policy',
      );
      expect(
        (policy.security_headers_config as Record<string, TerraformBlock>)
          .strict_transport_security,
      ).toMatchObject({ preload: false, include_subdomains: true });
    });

    it('sends a CSP that refuses framing, plugins and foreign origins except the API', () => {
      const csp = config.content_security_policy?.content_security_policy as string;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("connect-src 'self' https://api.example.com");
    });

    it('sends nosniff, frame denial and a strict referrer policy', () => {
      expect(config.content_type_options).toEqual({ override: true });
      expect(config.frame_options).toEqual({ frame_option: 'DENY', override: true });
      expect(config.referrer_policy).toEqual({
        referrer_policy: 'strict-origin-when-cross-origin',
        override: true,
      });
    });
  });

  describe('certificate and DNS', () => {
    it('requests the certificate in us-east-1 for the apex and www, validated by DNS, replaced create-before-destroy', () => {
      expect(onlyResource(json, 'aws_acm_certificate')).toMatchObject({
        provider: 'aws.us_east_1',
        domain_name: 'example.com',
        subject_alternative_names: ['www.example.com'],
        validation_method: 'DNS',
        lifecycle: { create_before_destroy: true },
      });
      expect(onlyResource(json, 'aws_acm_certificate_validation')).toMatchObject({
        provider: 'aws.us_east_1',
        certificate_arn: referenceTo(json, 'aws_acm_certificate', 'arn'),
      });
    });

    it('writes one validation record per name, keyed by names known at plan time', () => {
      const record = resourceAt(json, 'aws_route53_record', 'certificate/validation-record');
      const certificate = referenceTo(json, 'aws_acm_certificate', 'arn').slice(2, -5);
      const pick = (attribute: string) =>
        `\${one([for option in ${certificate}.domain_validation_options : option.${attribute} if option.domain_name == each.key])}`;
      expect(record.block).toMatchObject({
        zone_id: 'Z0123456789',
        for_each: '${toset(["example.com", "www.example.com"])}',
        name: pick('resource_record_name'),
        type: pick('resource_record_type'),
        records: [pick('resource_record_value')],
      });
      expect(onlyResource(json, 'aws_acm_certificate_validation').validation_record_fqdns).toBe(
        `\${[ for key, val in aws_route53_record.${record.name}: val.fqdn]}`,
      );
    });

    it.each([
      ['apex-a', 'example.com', 'A'],
      ['apex-aaaa', 'example.com', 'AAAA'],
      ['www-a', 'www.example.com', 'A'],
      ['www-aaaa', 'www.example.com', 'AAAA'],
    ])('points %s at the distribution', (id, name, type) => {
      expect(resourceAt(json, 'aws_route53_record', id).block).toMatchObject({
        zone_id: 'Z0123456789',
        name,
        type,
        alias: {
          name: referenceTo(json, 'aws_cloudfront_distribution', 'domain_name'),
          zone_id: referenceTo(json, 'aws_cloudfront_distribution', 'hosted_zone_id'),
          evaluate_target_health: false,
        },
      });
    });
  });

  describe('WAF', () => {
    it('is off by default', () => {
      expect(resourcesOf(json, 'aws_wafv2_web_acl')).toEqual({});
      expect(distribution.web_acl_id).toBeUndefined();
    });

    it('when on, logs requests in us-east-1 to a log group with a key there, without credentials', () => {
      const withWaf = synth({ webAcl: true, webAclLogRetentionDays: 400 });
      const logGroup = onlyResource(withWaf, 'aws_cloudwatch_log_group');
      expect(logGroup).toMatchObject({
        name: 'aws-waf-logs-skyport-dev-edge',
        provider: 'aws.us_east_1',
        retention_in_days: 400,
      });
      const wafKey = resourceAt(withWaf, 'aws_kms_key', 'web-acl/key');
      expect(wafKey.block.provider).toBe('aws.us_east_1');
      expect(logGroup.kms_key_id).toBe(ref('aws_kms_key', wafKey, 'arn'));
      expect(onlyResource(withWaf, 'aws_wafv2_web_acl_logging_configuration')).toEqual({
        provider: 'aws.us_east_1',
        resource_arn: referenceTo(withWaf, 'aws_wafv2_web_acl', 'arn'),
        log_destination_configs: [referenceTo(withWaf, 'aws_cloudwatch_log_group', 'arn')],
        redacted_fields: [
          { single_header: { name: 'authorization' } },
          { single_header: { name: 'cookie' } },
        ],
      });
    });

    it('when on, attaches a us-east-1 CloudFront web ACL with a rate limit and the AWS managed rule groups', () => {
      const withWaf = synth({ webAcl: true });
      const acl = onlyResource(withWaf, 'aws_wafv2_web_acl');
      expect(acl).toMatchObject({
        scope: 'CLOUDFRONT',
        provider: 'aws.us_east_1',
        default_action: { allow: {} },
      });
      const rules = acl.rule as TerraformBlock[];
      expect(rules[0]).toMatchObject({
        action: { block: {} },
        statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP' } },
      });
      const groups = rules.map(
        (rule) =>
          (rule.statement as { managed_rule_group_statement?: { name: string } })
            .managed_rule_group_statement?.name,
      );
      expect(groups).toEqual(
        expect.arrayContaining([
          'AWSManagedRulesKnownBadInputsRuleSet',
          'AWSManagedRulesAnonymousIpList',
          'AWSManagedRulesCommonRuleSet',
        ]),
      );
      expect(new Set(rules.map((rule) => rule.priority)).size).toBe(rules.length);
      expect(onlyResource(withWaf, 'aws_cloudfront_distribution').web_acl_id).toBe(
        referenceTo(withWaf, 'aws_wafv2_web_acl', 'arn'),
      );
    });
  });

  describe('audit justifications', () => {
    const justified = (props: Partial<StaticSiteProps>) => {
      const withComments = synthConstructsWithComments(build(props));
      return [
        ...justifiedChecks(withComments, 'aws_cloudfront_distribution'),
        ...justifiedChecks(withComments, 'aws_cloudfront_response_headers_policy'),
      ];
    };

    it('justifies a site without WAF or HSTS preload: WAF as cost, preload by design', () => {
      expect(justified({ webAcl: false, hstsPreload: false })).toEqual([
        'CKV2_AWS_47 cost',
        'CKV_AWS_310 design',
        'CKV_AWS_374 design',
        'CKV_AWS_68 cost',
        'CKV_AWS_259 design',
      ]);
    });

    it('justifies no cost at all for a production-like site (WAF and preload on)', () => {
      expect(justified({ webAcl: true, hstsPreload: true })).toEqual([
        'CKV_AWS_310 design',
        'CKV_AWS_374 design',
      ]);
      const all = synthConstructsWithComments(build({ webAcl: true, hstsPreload: true }));
      expect(JSON.stringify(all)).not.toContain('"because":"cost"');
    });
  });

  it.each([
    [
      { name: 'Skyport' },
      'StaticSite: name "Skyport" must be 2-31 lowercase letters, digits or hyphens, starting with a letter',
    ],
    [
      { priceClass: 'PriceClass_50' as never },
      'StaticSite: priceClass "PriceClass_50" is not one of PriceClass_100, PriceClass_200, PriceClass_All',
    ],
  ])('rejects %o with a message naming the prop', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
