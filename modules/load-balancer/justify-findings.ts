import type { Lb } from '@cdktf/provider-aws/lib/lb';
import { justifyCheck } from '../audit';
import type { SecureBucket } from '../secure-bucket/secure-bucket';
import type { LoadBalancerSettings } from './load-balancer-settings';

/**
 * Findings of tools/audit (checkov) that follow from these choices; see docs/audit.md. Port 80's
 * is made beside the rule that opens it (security-group.ts), only when the rule exists.
 */
export function justifyFindings(
  alb: Lb,
  accessLogs: SecureBucket,
  chosen: Pick<LoadBalancerSettings, 'deletionProtection' | 'webAcl' | 'accessLogRetentionDays'>,
): void {
  if (!chosen.deletionProtection) {
    justifyCheck(alb, {
      check: 'CKV_AWS_150',
      because: 'cost',
      reason:
        'Deletion protection off so the environment can be torn down and rebuilt; production profiles turn it on',
    });
  }
  if (!chosen.webAcl) {
    justifyCheck(alb, {
      check: 'CKV2_AWS_28',
      because: 'cost',
      reason:
        'No WAF web ACL in front of the load balancer (about $11 a month plus requests) in a non-production environment',
    });
  }
  const logs = accessLogs.bucket;
  justifyCheck(logs, {
    check: 'CKV_AWS_145',
    because: 'unsupported',
    reason:
      'Elastic Load Balancing delivers access logs only to buckets encrypted with SSE-S3, not SSE-KMS',
  });
  justifyCheck(logs, {
    check: 'CKV_AWS_18',
    because: 'design',
    reason:
      "This bucket is where the load balancer's access logs go; logging access to it would need yet another bucket, itself unlogged",
  });
  justifyCheck(logs, {
    check: 'CKV_AWS_21',
    because: 'design',
    reason: `Access logs are written once by Elastic Load Balancing and never rewritten; they expire after ${chosen.accessLogRetentionDays} days, which versioning would only postpone`,
  });
  justifyCheck(logs, {
    check: 'CKV_AWS_144',
    because: 'design',
    reason:
      'Skyport runs in one region; S3 keeps the logs in at least three AZs, and they are operational records that expire',
  });
}
