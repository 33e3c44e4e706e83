import type { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { justifyCheck } from '../audit';
import type { SecureBucket } from '../secure-bucket/secure-bucket';
import type { StaticSiteSettings } from './static-site-settings';

/** Findings of tools/audit (checkov) that follow from these choices; see docs/audit.md. */
export function justifyFindings(
  site: { distribution: CloudfrontDistribution; content: SecureBucket; logs: SecureBucket },
  chosen: Pick<StaticSiteSettings, 'webAcl' | 'accessLogRetentionDays'>,
): void {
  const { distribution, content, logs } = site;
  if (!chosen.webAcl) {
    const reason =
      'No WAF web ACL in front of the site (about $10 a month plus requests): a non-production profile leaves it out; production profiles set edge.waf';
    justifyCheck(distribution, { check: 'CKV_AWS_68', because: 'cost', reason });
    justifyCheck(distribution, { check: 'CKV2_AWS_47', because: 'cost', reason });
  }
  justifyCheck(distribution, {
    check: 'CKV_AWS_374',
    because: 'design',
    reason: 'A public website for every country: there is no requirement to refuse any',
  });
  justifyCheck(distribution, {
    check: 'CKV_AWS_310',
    because: 'design',
    reason:
      'One origin, the site bucket in the one region Skyport runs in; a failover origin would need a replica bucket in a second region, and the content is rebuilt from git by the deploy',
  });
  const singleRegion =
    'Skyport runs in one region; S3 keeps objects in at least three AZs. The site is rebuilt from git by every deploy, and logs are operational records that expire';
  for (const bucket of [content.bucket, logs.bucket]) {
    justifyCheck(bucket, { check: 'CKV_AWS_144', because: 'design', reason: singleRegion });
  }
  justifyCheck(content.bucket, {
    check: 'CKV_AWS_145',
    because: 'design',
    reason:
      'The bucket holds the static export CloudFront serves to anyone: SSE-S3 encrypts it at rest, and a customer-managed key would guard nothing the site does not publish',
  });
  justifyCheck(logs.bucket, {
    check: 'CKV_AWS_21',
    because: 'design',
    reason: `Log objects are written once by CloudFront and S3 and never rewritten; they expire after ${chosen.accessLogRetentionDays} days, which versioning would only postpone`,
  });
  justifyCheck(distribution, {
    check: 'CKV_AWS_86',
    because: 'tool',
    reason:
      'checkov reads only the legacy logging_config: the access logs go through CloudFront standard logging v2 instead, an aws_cloudwatch_log_delivery from this distribution into the log bucket under cloudfront/ (same stack, no bucket ACL)',
  });
}
