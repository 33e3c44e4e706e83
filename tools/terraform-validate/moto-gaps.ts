import type { TerraformJson } from './terraform-json';

/**
 * Resource types moto 5.2 cannot create, and why. A stack that declares any of them is planned
 * against moto but not applied. docs/validation.md lists the same types (a test keeps the two
 * equal), so the list is visible and shrinks when moto grows: delete an entry, run
 * `make validate`, and the stack is applied from then on.
 */
export const MOTO_GAPS: Readonly<Record<string, string>> = {
  aws_cloudfront_function: 'moto has no CloudFront Functions API (CreateFunction/PublishFunction).',
  aws_cloudfront_cache_policy: 'moto has no CloudFront cache-policy API.',
  aws_cloudfront_response_headers_policy: 'moto has no CloudFront response-headers-policy API.',
  aws_appautoscaling_target:
    'moto does not implement tagging for Application Auto Scaling, and the provider tags every target with the default tags.',
  aws_appautoscaling_policy: 'depends on aws_appautoscaling_target (same gap).',
  aws_s3_bucket_lifecycle_configuration:
    'moto drops NewerNoncurrentVersions from the stored rule, so the provider waits (3 min) for a configuration that never matches what it wrote, then fails.',
  aws_elasticache_replication_group:
    "moto creates the replication group but not its member cache clusters, so the provider's read (DescribeCacheClusters <group>-001) fails with CacheClusterNotFound.",
  aws_db_instance:
    'with Multi-AZ and a managed master password (prod), the provider\'s wait for the post-create modification never finds the instance ("couldn\'t find resource (21 retries)"); a single-AZ instance (dev) is created, after 2 min 40 s of polling.',
};

/** The gap types a stack declares, sorted; empty means moto can apply the whole stack. */
export function motoGapsIn(stack: TerraformJson): string[] {
  return Object.keys(stack.resource ?? {})
    .filter((type) => type in MOTO_GAPS)
    .sort();
}

/**
 * Resource types whose state, as moto reports it back, differs from what was applied, so a plan
 * right after apply shows a change AWS itself would not. A re-plan whose only changes are of these
 * types passes, and the summary says so. docs/validation.md lists the same (a test keeps them equal).
 */
export const MOTO_DRIFT: Readonly<Record<string, string>> = {
  aws_network_acl:
    'moto does not return IcmpTypeCode (nor PortRange) for ICMP entries, so the ICMP type 3 code 4 reply rule reads back as type 0 code 0.',
};
