/**
 * Resource changes from two synths (no AWS account needed): the stacks of one environment in a base
 * `cdktf.out` and in the current one, compared resource by resource by Terraform address, with the
 * IAM policy documents (data sources whose statements the policies reference) compared as well.
 *
 * Terraform alone knows which argument changes force a new resource; here `replace` is guessed from
 * a short list of arguments that force one for the common types (a name, an engine, a subnet), so a
 * replacement may show as a change and, rarely, the other way round. A plan is exact.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  isBody,
  type Action,
  type Body,
  type ResourceChange,
  type StackChanges,
} from './resource-change';

export interface StackJson {
  readonly '//'?: { readonly skyport?: { readonly environment?: string } };
  readonly provider?: {
    readonly aws?: ReadonlyArray<{
      alias?: string;
      default_tags?: Array<{ tags?: Record<string, string> }>;
    }>;
  };
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Body>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Body>>>>;
}

/** Data sources whose arguments decide what a resource allows. */
const REVIEWED_DATA_TYPES = new Set(['aws_iam_policy_document']);

/** Arguments that make Terraform destroy and create the resource (a short list: see the file comment). */
const FORCES_NEW: Readonly<Record<string, readonly string[]>> = {
  '*': ['name', 'name_prefix', 'availability_zone', 'vpc_id', 'subnet_id'],
  aws_db_instance: [
    'identifier',
    'identifier_prefix',
    'engine',
    'db_subnet_group_name',
    'kms_key_id',
    'storage_encrypted',
    'username',
  ],
  aws_rds_cluster: [
    'cluster_identifier',
    'engine',
    'kms_key_id',
    'storage_encrypted',
    'master_username',
  ],
  aws_elasticache_replication_group: [
    'replication_group_id',
    'at_rest_encryption_enabled',
    'kms_key_id',
    'subnet_group_name',
    'engine',
  ],
  aws_mq_broker: [
    'broker_name',
    'engine_type',
    'deployment_mode',
    'subnet_ids',
    'publicly_accessible',
    'encryption_options',
    'storage_type',
  ],
  aws_s3_bucket: ['bucket', 'bucket_prefix'],
  aws_subnet: ['cidr_block', 'vpc_id', 'availability_zone'],
  aws_vpc: ['cidr_block'],
  aws_lb: ['name', 'internal', 'load_balancer_type'],
  aws_kms_key: ['key_usage', 'customer_master_key_spec'],
  aws_ecs_task_definition: [
    'container_definitions',
    'cpu',
    'memory',
    'family',
    'task_role_arn',
    'execution_role_arn',
    'runtime_platform',
    'volume',
  ],
  aws_security_group: ['name', 'name_prefix', 'description', 'vpc_id'],
  aws_vpc_security_group_ingress_rule: ['security_group_id'],
  aws_vpc_security_group_egress_rule: ['security_group_id'],
  aws_security_group_rule: [
    'type',
    'from_port',
    'to_port',
    'protocol',
    'cidr_blocks',
    'ipv6_cidr_blocks',
    'security_group_id',
    'source_security_group_id',
    'self',
  ],
  aws_iam_role: ['name', 'name_prefix', 'path'],
  aws_cloudwatch_log_group: ['name', 'name_prefix'],
};

/** CDKTF's comments (`//`) and meta-arguments that do not change the resource's arguments. */
const IGNORED_KEYS = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each']);

/** A body without CDKTF's comments, keys sorted, so equal arguments compare equal. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isBody(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .filter((key) => key !== '//')
      .sort()
      .map((key) => [key, canonical(value[key])]),
  );
}

function argumentsOf(body: Body): Body {
  return Object.fromEntries(
    Object.entries(body)
      .filter(([key]) => !IGNORED_KEYS.has(key))
      .map(([k, v]) => [k, canonical(v)]),
  );
}

/** Every resource (and reviewed data source) of a stack by address. */
export function addressed(json: StackJson): Map<string, { type: string; body: Body }> {
  const out = new Map<string, { type: string; body: Body }>();
  for (const [type, byName] of Object.entries(json.resource ?? {}))
    for (const [name, body] of Object.entries(byName))
      out.set(`${type}.${name}`, { type, body: argumentsOf(body) });
  for (const [type, byName] of Object.entries(json.data ?? {})) {
    if (!REVIEWED_DATA_TYPES.has(type)) continue;
    for (const [name, body] of Object.entries(byName))
      out.set(`data.${type}.${name}`, { type, body: argumentsOf(body) });
  }
  return out;
}

function changedKeys(before: Body, after: Body): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

/** The changes between two versions of one stack (either may be missing: a stack added or removed). */
export function compareStack(
  stack: string,
  base: StackJson | undefined,
  head: StackJson | undefined,
): ResourceChange[] {
  const a = base ? addressed(base) : new Map<string, { type: string; body: Body }>();
  const b = head ? addressed(head) : new Map<string, { type: string; body: Body }>();
  const changes: ResourceChange[] = [];
  for (const address of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const from = a.get(address);
    const to = b.get(address);
    const type = (to ?? from)!.type;
    let action: Action;
    let replaceInferred = false;
    if (!from) action = 'create';
    else if (!to) action = 'delete';
    else {
      const keys = changedKeys(from.body, to.body);
      if (keys.length === 0) continue;
      const forcing = [...(FORCES_NEW['*'] ?? []), ...(FORCES_NEW[type] ?? [])];
      replaceInferred = !address.startsWith('data.') && keys.some((key) => forcing.includes(key));
      action = replaceInferred ? 'replace' : 'update';
    }
    changes.push({
      stack,
      address,
      type,
      action,
      before: from?.body ?? null,
      after: to?.body ?? null,
      ...(replaceInferred ? { replaceInferred } : {}),
    });
  }
  // A resource whose policy is a document that changed is updated too (its rendered policy
  // changes at plan time), though its own arguments, a reference, read the same.
  const changed = new Set(changes.map((c) => c.address));
  const documents = changes.filter((c) => c.address.startsWith('data.') && c.action === 'update');
  for (const [address, to] of b) {
    if (changed.has(address) || address.startsWith('data.')) continue;
    const text = JSON.stringify(to.body);
    if (!documents.some((d) => text.includes(`\${${d.address}.`))) continue;
    const from = a.get(address);
    if (!from) continue;
    changes.push({
      stack,
      address,
      type: to.type,
      action: 'update',
      before: from.body,
      after: to.body,
    });
  }
  return changes.sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}

/** The environment a stack belongs to, as tools/cost and tools/plan-comment read it. */
export function environmentOf(stack: string, json: StackJson): string {
  const recorded = json['//']?.skyport?.environment;
  if (recorded) return recorded;
  const tagged = (json.provider?.aws ?? []).find((p) => p.alias === undefined)?.default_tags?.[0]
    ?.tags?.environment;
  if (tagged) return tagged;
  const dash = stack.indexOf('-');
  return dash > 0 ? stack.slice(0, dash) : 'shared';
}

/** Every stack of a synth folder (`<outdir>/stacks/<stack>/cdk.tf.json`); an absent folder has none. */
export function readStacks(outdir: string): Map<string, StackJson> {
  const stacks = new Map<string, StackJson>();
  const dir = path.join(outdir, 'stacks');
  if (!existsSync(dir)) return stacks;
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name, 'cdk.tf.json');
    if (existsSync(file)) stacks.set(name, JSON.parse(readFileSync(file, 'utf8')) as StackJson);
  }
  return stacks;
}

/** Per stack of `environment` (in either synth), the changes from base to head. */
export function synthChanges(
  baseDir: string,
  headDir: string,
  environment: string,
): StackChanges[] {
  const base = readStacks(baseDir);
  const head = readStacks(headDir);
  const names = [...new Set([...base.keys(), ...head.keys()])]
    .filter((name) => environmentOf(name, (head.get(name) ?? base.get(name))!) === environment)
    .sort();
  return names.map((stack) => ({
    stack,
    environment,
    changes: compareStack(stack, base.get(stack), head.get(stack)),
  }));
}

/** Lookups into one version of a stack: what references an address, and a resource's arguments. */
export function stackContext(json: StackJson | undefined): {
  usedBy: (address: string) => string[];
  headBody: (address: string) => Body | undefined;
} {
  const all = json ? addressed(json) : new Map<string, { type: string; body: Body }>();
  return {
    usedBy: (address) => {
      const needle = `\${${address}.`;
      const users: string[] = [];
      for (const [user, { body }] of all)
        for (const [key, value] of Object.entries(body))
          if (user !== address && JSON.stringify(value).includes(needle))
            users.push(`${user}.${key}`);
      return users;
    },
    headBody: (address) => all.get(address)?.body,
  };
}
