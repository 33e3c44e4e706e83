/**
 * Endpoints and buckets a change makes public: a database or broker publicly accessible, an
 * internet-facing load balancer or a listener on one, a public ACL, a public access block
 * loosened or removed, public IPs for tasks or subnets, a function URL without auth. Bucket and
 * resource policies granting `*` are flagged with IAM (iam-findings.ts), as `public`.
 */
import type { Finding } from './finding';
import {
  blocks,
  strings,
  truthy,
  valueAt,
  type Body,
  type ResourceChange,
  text,
} from './resource-change';
import { protectedParentDeleted } from './protection-findings';

/** Types and the bool argument that, turned on, puts them on the internet. */
const PUBLIC_FLAGS: ReadonlyArray<{ types: readonly string[]; path: string; what: string }> = [
  {
    types: [
      'aws_db_instance',
      'aws_rds_cluster_instance',
      'aws_redshift_cluster',
      'aws_dms_replication_instance',
    ],
    path: 'publicly_accessible',
    what: 'publicly accessible',
  },
  { types: ['aws_mq_broker'], path: 'publicly_accessible', what: 'broker publicly accessible' },
  {
    types: ['aws_ecs_service'],
    path: 'network_configuration.assign_public_ip',
    what: 'tasks get public IPs',
  },
  { types: ['aws_subnet'], path: 'map_public_ip_on_launch', what: 'instances get public IPs' },
  {
    types: ['aws_instance', 'aws_launch_template'],
    path: 'associate_public_ip_address',
    what: 'public IP address',
  },
];

const PUBLIC_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const PUBLIC_GRANTEES = /AllUsers|AuthenticatedUsers/;
const BLOCK_FLAGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
];
const LOAD_BALANCERS = new Set(['aws_lb', 'aws_alb']);

const internetFacing = (body: Body | null) => body !== null && !truthy(body.internal);

function publicGrants(body: Body | null): string[] {
  if (!body) return [];
  const acl = typeof body.acl === 'string' && PUBLIC_ACLS.has(body.acl) ? [`acl ${body.acl}`] : [];
  const grants = blocks(body.access_control_policy)
    .flatMap((p) => blocks(p.grant))
    .flatMap((g) =>
      blocks(g.grantee).map((e) => ({
        uri: text(e.uri),
        permission: text(g.permission),
      })),
    )
    .filter((g) => PUBLIC_GRANTEES.test(g.uri))
    .map((g) => `${g.permission} to ${g.uri.split('/').pop() ?? g.uri}`);
  return [...acl, ...grants];
}

/** The load balancer a listener's `load_balancer_arn` names, when the stack's changes hold it. */
function listenerTarget(
  arn: unknown,
  changes: readonly ResourceChange[],
): ResourceChange | undefined {
  const value = text(arn);
  return changes.find(
    (c) =>
      LOAD_BALANCERS.has(c.type) &&
      (value.includes(`${c.address}.`) || (c.after !== null && c.after.arn === value)),
  );
}

export function exposureFindings(
  changes: readonly ResourceChange[],
  headBody: (address: string) => Body | undefined = () => undefined,
): Finding[] {
  const findings: Finding[] = [];
  for (const change of changes) {
    const add = (text: string) =>
      findings.push({ stack: change.stack, address: change.address, kind: 'public', change: text });
    const { before, after, type } = change;
    for (const flag of PUBLIC_FLAGS) {
      if (
        flag.types.includes(type) &&
        after &&
        truthy(valueAt(after, flag.path)) &&
        !truthy(valueAt(before, flag.path))
      )
        add(`${flag.what} (${flag.path} = true)`);
    }
    if (
      LOAD_BALANCERS.has(type) &&
      internetFacing(after) &&
      (before === null || !internetFacing(before))
    )
      add(`internet-facing load balancer (internal = ${text(after?.internal) || 'false'})`);
    if (
      (type === 'aws_lb_listener' || type === 'aws_alb_listener') &&
      after &&
      change.action !== 'update'
    ) {
      const lb = listenerTarget(after.load_balancer_arn, changes);
      const reference = /\$\{(aws_a?lb\.[^.}]+)\./.exec(text(after.load_balancer_arn))?.[1];
      const lbBody = lb?.after ?? (reference ? headBody(reference) : undefined);
      if (lbBody === undefined || internetFacing(lbBody))
        add(
          `listener added on ${lbBody === undefined ? 'a load balancer that may face the internet' : 'an internet-facing load balancer'}: ${text(after.protocol)} ${text(after.port)}`.trim(),
        );
    }
    if (type === 'aws_s3_bucket_acl' || type === 'aws_s3_bucket') {
      const known = publicGrants(before);
      const grants = publicGrants(after).filter((g) => !known.includes(g));
      if (grants.length > 0) add(`public ACL: ${grants.join(', ')}`);
    }
    if (
      type === 'aws_s3_bucket_public_access_block' ||
      type === 'aws_s3_account_public_access_block'
    ) {
      if (!after) {
        if (!protectedParentDeleted(change, changes)) add('public access block removed');
      } else {
        const loosened = BLOCK_FLAGS.filter(
          (f) => !truthy(after[f]) && (before === null || truthy(before[f])),
        );
        if (loosened.length > 0) add(`public access block loosened: ${loosened.join(', ')} off`);
      }
    }
    if (
      type === 'aws_lambda_function_url' &&
      after?.authorization_type === 'NONE' &&
      before?.authorization_type !== 'NONE'
    )
      add('function URL without authentication (authorization_type = NONE)');
    if (
      type === 'aws_apigatewayv2_route' &&
      after &&
      strings(after.authorization_type)[0] === 'NONE' &&
      before &&
      before.authorization_type !== 'NONE'
    )
      add('API route without authorization (authorization_type = NONE)');
  }
  return findings;
}
