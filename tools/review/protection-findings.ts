/**
 * Protection a change turns off on an existing resource: encryption (storage, KMS keys, at rest,
 * in transit), logging, deletion protection, backups (retention to 0, a final snapshot skipped,
 * point-in-time recovery, versioning), and resources that provide it destroyed while what they
 * protect stays. A resource created without them is not flagged here: the audit (checkov) judges
 * what exists; this table is about what a change takes away.
 */
import type { Finding } from './finding';
import { isBody, strings, truthy, valueAt, type ResourceChange, text } from './resource-change';

type Test =
  /** A bool that protects when true: flagged true → false or absent. */
  | 'on'
  /** A bool that weakens when true: flagged false or absent → true. */
  | 'off'
  /** A value (key, block, list) that protects when present: flagged when removed or emptied, or list items removed. */
  | 'present'
  /** A count that protects when above zero: flagged when it becomes 0. */
  | 'positive'
  /** A string that protects with one of the listed values: flagged when it leaves them. */
  | { readonly oneOf: readonly string[] };

interface Guard {
  readonly types: readonly string[];
  readonly path: string;
  readonly test: Test;
  readonly what: string;
}

const RDS = ['aws_db_instance', 'aws_rds_cluster'];
const GUARDS: readonly Guard[] = [
  { types: RDS, path: 'storage_encrypted', test: 'on', what: 'storage encryption turned off' },
  { types: RDS, path: 'kms_key_id', test: 'present', what: 'KMS key removed' },
  { types: RDS, path: 'deletion_protection', test: 'on', what: 'deletion protection turned off' },
  {
    types: RDS,
    path: 'backup_retention_period',
    test: 'positive',
    what: 'backups turned off (retention 0)',
  },
  { types: RDS, path: 'skip_final_snapshot', test: 'off', what: 'no final snapshot on deletion' },
  {
    types: RDS,
    path: 'enabled_cloudwatch_logs_exports',
    test: 'present',
    what: 'log exports removed',
  },
  {
    types: RDS,
    path: 'iam_database_authentication_enabled',
    test: 'on',
    what: 'IAM database authentication turned off',
  },
  {
    types: ['aws_elasticache_replication_group'],
    path: 'at_rest_encryption_enabled',
    test: 'on',
    what: 'encryption at rest turned off',
  },
  {
    types: ['aws_elasticache_replication_group'],
    path: 'transit_encryption_enabled',
    test: 'on',
    what: 'encryption in transit turned off',
  },
  {
    types: ['aws_elasticache_replication_group'],
    path: 'kms_key_id',
    test: 'present',
    what: 'KMS key removed',
  },
  {
    types: ['aws_elasticache_replication_group'],
    path: 'snapshot_retention_limit',
    test: 'positive',
    what: 'backups turned off (snapshot retention 0)',
  },
  {
    types: ['aws_elasticache_replication_group'],
    path: 'log_delivery_configuration',
    test: 'present',
    what: 'log delivery removed',
  },
  {
    types: ['aws_mq_broker'],
    path: 'encryption_options.kms_key_id',
    test: 'present',
    what: 'KMS key removed',
  },
  { types: ['aws_mq_broker'], path: 'logs.general', test: 'on', what: 'general logs turned off' },
  { types: ['aws_mq_broker'], path: 'logs.audit', test: 'on', what: 'audit logs turned off' },
  {
    types: ['aws_dynamodb_table'],
    path: 'point_in_time_recovery.enabled',
    test: 'on',
    what: 'point-in-time recovery turned off',
  },
  {
    types: ['aws_dynamodb_table'],
    path: 'server_side_encryption.enabled',
    test: 'on',
    what: 'KMS encryption turned off',
  },
  {
    types: ['aws_dynamodb_table'],
    path: 'deletion_protection_enabled',
    test: 'on',
    what: 'deletion protection turned off',
  },
  {
    types: ['aws_s3_bucket_versioning'],
    path: 'versioning_configuration.status',
    test: { oneOf: ['Enabled'] },
    what: 'versioning suspended',
  },
  {
    types: ['aws_s3_bucket_server_side_encryption_configuration'],
    path: 'rule.apply_server_side_encryption_by_default.kms_master_key_id',
    test: 'present',
    what: 'KMS key removed',
  },
  {
    types: ['aws_s3_bucket_server_side_encryption_configuration'],
    path: 'rule.apply_server_side_encryption_by_default.sse_algorithm',
    test: { oneOf: ['aws:kms', 'aws:kms:dsse'] },
    what: 'KMS encryption replaced',
  },
  {
    types: ['aws_s3_bucket_logging'],
    path: 'target_bucket',
    test: 'present',
    what: 'access logging removed',
  },
  {
    types: ['aws_lb', 'aws_alb'],
    path: 'enable_deletion_protection',
    test: 'on',
    what: 'deletion protection turned off',
  },
  {
    types: ['aws_lb', 'aws_alb'],
    path: 'access_logs.enabled',
    test: 'on',
    what: 'access logging turned off',
  },
  {
    types: ['aws_lb', 'aws_alb'],
    path: 'connection_logs.enabled',
    test: 'on',
    what: 'connection logging turned off',
  },
  {
    types: ['aws_lb', 'aws_alb'],
    path: 'drop_invalid_header_fields',
    test: 'on',
    what: 'invalid headers passed through',
  },
  {
    types: ['aws_lb_listener', 'aws_alb_listener'],
    path: 'protocol',
    test: { oneOf: ['HTTPS', 'TLS'] },
    what: 'listener no longer encrypted',
  },
  {
    types: ['aws_cloudwatch_log_group'],
    path: 'kms_key_id',
    test: 'present',
    what: 'KMS key removed',
  },
  {
    types: ['aws_kms_key'],
    path: 'enable_key_rotation',
    test: 'on',
    what: 'key rotation turned off',
  },
  {
    types: ['aws_sns_topic', 'aws_sqs_queue'],
    path: 'kms_master_key_id',
    test: 'present',
    what: 'KMS key removed',
  },
  {
    types: ['aws_sqs_queue'],
    path: 'sqs_managed_sse_enabled',
    test: 'on',
    what: 'encryption turned off',
  },
  {
    types: ['aws_secretsmanager_secret'],
    path: 'kms_key_id',
    test: 'present',
    what: 'KMS key removed',
  },
  {
    types: ['aws_ecr_repository'],
    path: 'encryption_configuration.kms_key',
    test: 'present',
    what: 'KMS key removed',
  },
  {
    types: ['aws_ecr_repository'],
    path: 'image_scanning_configuration.scan_on_push',
    test: 'on',
    what: 'image scanning turned off',
  },
  {
    types: ['aws_ebs_volume', 'aws_efs_file_system'],
    path: 'encrypted',
    test: 'on',
    what: 'encryption turned off',
  },
  {
    types: ['aws_cloudfront_distribution'],
    path: 'logging_config',
    test: 'present',
    what: 'access logging removed',
  },
  {
    types: ['aws_cloudfront_distribution'],
    path: 'web_acl_id',
    test: 'present',
    what: 'WAF web ACL removed',
  },
  {
    types: ['aws_cloudfront_distribution'],
    path: 'default_cache_behavior.viewer_protocol_policy',
    test: { oneOf: ['redirect-to-https', 'https-only'] },
    what: 'plain HTTP served to viewers',
  },
  {
    types: ['aws_cloudtrail'],
    path: 'enable_logging',
    test: 'on',
    what: 'trail logging turned off',
  },
];

/** Resources whose only job is protection: destroying one while its subject stays weakens it. */
const PROTECTING_TYPES: Readonly<Record<string, string>> = {
  aws_s3_bucket_server_side_encryption_configuration: 'bucket encryption configuration removed',
  aws_s3_bucket_logging: 'bucket access logging removed',
  aws_s3_bucket_versioning: 'bucket versioning removed',
  aws_flow_log: 'VPC flow logs removed',
  aws_cloudtrail: 'CloudTrail trail removed',
  aws_wafv2_web_acl_association: 'WAF web ACL detached',
  aws_wafv2_web_acl_logging_configuration: 'WAF logging removed',
  aws_db_instance_automated_backups_replication: 'backup replication removed',
  aws_backup_selection: 'AWS Backup selection removed',
};

const empty = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (isBody(value) && Object.keys(value).length === 0);

function weakened(test: Test, before: unknown, after: unknown): boolean {
  if (test === 'on') return truthy(before) && !truthy(after);
  if (test === 'off') return !truthy(before) && truthy(after);
  if (test === 'positive')
    return Number(before ?? 0) > 0 && after !== undefined && after !== null && Number(after) === 0;
  if (test === 'present') {
    if (empty(before)) return false;
    if (empty(after)) return true;
    const was = strings(before);
    const now = strings(after);
    return Array.isArray(before) && was.length > 0 && was.some((item) => !now.includes(item));
  }
  return (
    typeof before === 'string' &&
    test.oneOf.includes(before) &&
    !(typeof after === 'string' && test.oneOf.includes(after))
  );
}

/** The references and names a protecting resource uses to point at what it protects. */
const PARENT_KEYS = [
  'bucket',
  'resource_arn',
  'vpc_id',
  'subnet_id',
  'eni_id',
  'log_destination',
  'source_db_instance_arn',
];

/**
 * True when what `change` protects is destroyed in the same change set: a bucket's logging goes
 * with the bucket. Matches a CDKTF reference (`${aws_s3_bucket.x.id}`) by address, a plan's
 * value by the destroyed resource's bucket, id, arn or name.
 */
export function protectedParentDeleted(
  change: ResourceChange,
  changes: readonly ResourceChange[],
): boolean {
  const body = change.before;
  if (!body) return false;
  const refs = PARENT_KEYS.flatMap((k) => strings(body[k]));
  const deleted = changes.filter((c) => c.action === 'delete' && c !== change);
  return refs.some((ref) =>
    deleted.some(
      (d) =>
        ref.includes(`\${${d.address}.`) ||
        ['bucket', 'id', 'arn', 'name'].some(
          (k) => d.before?.[k] !== undefined && d.before[k] === ref,
        ),
    ),
  );
}

export function protectionFindings(changes: readonly ResourceChange[]): Finding[] {
  const findings: Finding[] = [];
  for (const change of changes) {
    const add = (text: string) =>
      findings.push({
        stack: change.stack,
        address: change.address,
        kind: 'protection',
        change: text,
      });
    const { before, after, type } = change;
    if (!after) {
      const what = PROTECTING_TYPES[type];
      if (what && !protectedParentDeleted(change, changes)) add(what);
      continue;
    }
    if (!before) continue;
    for (const guard of GUARDS) {
      if (!guard.types.includes(type)) continue;
      const was = valueAt(before, guard.path);
      const now = valueAt(after, guard.path);
      if (weakened(guard.test, was, now))
        add(`${guard.what} (${guard.path}: ${show(was)} → ${show(now)})`);
    }
  }
  return findings;
}

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'unset';
  if (typeof value === 'string') return value.length > 40 ? `${value.slice(0, 37)}...` : value;
  if (typeof value === 'object') return Array.isArray(value) ? `[${value.length}]` : '{…}';
  return text(value);
}
