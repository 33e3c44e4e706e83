/** CloudFront, S3, WAF, Route53 and SES. */
import { amount, plural, text, type StackPricing } from '../stack-pricing';

export const EDGE_TYPES = [
  'aws_cloudfront_distribution',
  'aws_cloudwatch_log_delivery',
  'aws_s3_bucket',
  'aws_wafv2_web_acl',
  'aws_route53_zone',
  'aws_route53_record',
  'aws_sesv2_email_identity',
] as const;

const CDN_LOG_BYTES_PER_REQUEST = 500;

/** Managed rule groups that AWS bills on top of the rule fee. */
const PAID_RULE_GROUPS = [
  'AWSManagedRulesBotControlRuleSet',
  'AWSManagedRulesATPRuleSet',
  'AWSManagedRulesACFPRuleSet',
];

export function priceEdge(p: StackPricing): void {
  const { assumptions: a } = p;
  const origins = new Set<string>();
  for (const distribution of p.resources('aws_cloudfront_distribution')) {
    const priceClass = text(distribution.body, 'price_class', 'PriceClass_All');
    p.charge({
      category: 'CloudFront',
      item: 'data out',
      detail: `${amount(a.cdnDataOutGb)} GB (cdnDataOutGb), ${priceClass}`,
      quantity: a.cdnDataOutGb,
      priceKey: `cloudfront.${priceClass}.gb`,
      addresses: [distribution.address],
    });
    p.charge({
      category: 'CloudFront',
      item: 'requests',
      detail: `${amount(a.cdnRequestsPerMonth)} HTTPS requests (cdnRequestsPerMonth)`,
      quantity: a.cdnRequestsPerMonth,
      priceKey: `cloudfront.${priceClass}.request`,
      addresses: [distribution.address],
    });
    const behaviours = [
      distribution.body.default_cache_behavior,
      ...((distribution.body.ordered_cache_behavior as unknown[] | undefined) ?? []),
    ];
    const functions = behaviours.some(
      (b) =>
        ((b as { function_association?: unknown[] } | undefined)?.function_association ?? [])
          .length > 0,
    );
    if (functions) {
      p.charge({
        category: 'CloudFront',
        item: 'function invocations',
        detail: `${amount(a.cdnRequestsPerMonth)} viewer requests (cdnRequestsPerMonth)`,
        quantity: a.cdnRequestsPerMonth,
        priceKey: 'cloudfront.function',
        addresses: [distribution.address],
      });
    }
    for (const origin of (distribution.body.origin as
      Array<{ domain_name?: string }> | undefined) ?? []) {
      const bucket = p.referenced(origin.domain_name, 'aws_s3_bucket');
      if (bucket) origins.add(bucket.name);
    }
  }

  // Standard logging v2 is billed as CloudWatch vended logs delivered to S3, by the GB. A log line
  // of the legacy W3C fields is about 500 bytes uncompressed.
  for (const delivery of p.resources('aws_cloudwatch_log_delivery')) {
    const gb = (a.cdnRequestsPerMonth * CDN_LOG_BYTES_PER_REQUEST) / 1e9;
    p.charge({
      category: 'CloudFront',
      item: 'access logs delivered to S3',
      detail: `${amount(gb)} GB: cdnRequestsPerMonth × ${CDN_LOG_BYTES_PER_REQUEST} bytes`,
      quantity: gb,
      priceKey: 'logs.vended.s3.gb',
      region: p.regionOf(delivery),
      addresses: [delivery.address],
    });
  }

  for (const bucket of p.resources('aws_s3_bucket')) {
    p.charge({
      category: 'S3',
      item: `${bucket.name.replace(/_bucket.*$/, '').replace(/_[0-9A-F]{8}$/, '')} storage`,
      detail: `${amount(a.s3GbPerBucket)} GB (s3GbPerBucket)`,
      quantity: a.s3GbPerBucket,
      priceKey: 's3.standard.gbMonth',
      addresses: [bucket.address],
    });
    if (origins.has(bucket.name)) {
      const gets = a.cdnRequestsPerMonth * (1 - a.cdnCacheHitRatio);
      p.charge({
        category: 'S3',
        item: 'site reads from CloudFront',
        detail: `${amount(gets)} GETs: cdnRequestsPerMonth × (1 − cdnCacheHitRatio)`,
        quantity: gets,
        priceKey: 's3.get',
        addresses: [bucket.address],
      });
    }
  }

  for (const acl of p.resources('aws_wafv2_web_acl')) {
    const rules =
      (acl.body.rule as
        | Array<{ name?: string; statement?: { managed_rule_group_statement?: { name?: string } } }>
        | undefined) ?? [];
    const scope = text(acl.body, 'scope', 'REGIONAL');
    const requests = scope === 'CLOUDFRONT' ? a.cdnRequestsPerMonth : a.apiRequestsPerMonth;
    const label = scope === 'CLOUDFRONT' ? 'CloudFront' : 'load balancer';
    const region = p.regionOf(acl);
    p.charge({
      category: 'WAF',
      item: `${label} web ACL`,
      detail: '1 web ACL',
      quantity: 1,
      priceKey: 'waf.webAcl',
      region,
      addresses: [acl.address],
    });
    p.charge({
      category: 'WAF',
      item: `${label} rules`,
      detail: plural(rules.length, 'rule'),
      quantity: rules.length,
      priceKey: 'waf.rule',
      region,
      addresses: [acl.address],
    });
    p.charge({
      category: 'WAF',
      item: `${label} requests`,
      detail: `${amount(requests)} requests (${scope === 'CLOUDFRONT' ? 'cdnRequestsPerMonth' : 'apiRequestsPerMonth'})`,
      quantity: requests,
      priceKey: 'waf.request',
      region,
      addresses: [acl.address],
    });
    for (const rule of rules) {
      const group = rule.statement?.managed_rule_group_statement?.name;
      if (group && PAID_RULE_GROUPS.includes(group)) {
        p.markUnpriced(
          acl.address,
          `managed rule group ${group} has its own subscription and request fees: not in the price table`,
        );
      }
    }
  }

  for (const zone of p.resources('aws_route53_zone')) {
    p.charge({
      category: 'Route53',
      item: 'hosted zone',
      detail: '1 hosted zone',
      quantity: 1,
      priceKey: 'route53.zone',
      addresses: [zone.address],
    });
  }
  const records = p.resources('aws_route53_record');
  const aliases = records.filter((r) => r.body.alias !== undefined);
  const others = records.filter((r) => r.body.alias === undefined);
  if (aliases.length > 0) {
    p.noCharge(
      'Route53',
      'alias queries',
      `${plural(aliases.length, 'alias record')} to CloudFront, a load balancer or API Gateway: queries are free`,
      aliases.map((r) => r.address),
    );
  }
  if (others.length > 0) {
    p.charge({
      category: 'Route53',
      item: 'queries',
      detail: `${amount(a.dnsQueriesPerMonth)} queries (dnsQueriesPerMonth) to ${plural(others.length, 'other record')}`,
      quantity: a.dnsQueriesPerMonth,
      priceKey: 'route53.query',
      addresses: others.map((r) => r.address),
    });
  }

  const identities = p.resources('aws_sesv2_email_identity');
  if (identities.length > 0) {
    p.charge({
      category: 'SES',
      item: 'email sent',
      detail: `${amount(a.emailsPerMonth)} emails (emailsPerMonth)`,
      quantity: a.emailsPerMonth,
      priceKey: 'ses.email',
      addresses: identities.map((r) => r.address),
    });
  }
}
