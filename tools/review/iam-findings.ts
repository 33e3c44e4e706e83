/**
 * IAM statements and trust that a change adds or widens: a new Allow statement, new actions
 * (wildcards named), new resources, new principals (anyone, `*`, is a public grant), a condition
 * removed, a Deny removed or narrowed, a managed policy attached. Statements match by Sid (else by
 * position); an action or resource an existing wildcard already allows is not new.
 */
import type { Finding, FindingKind } from './finding';
import {
  documentStatements,
  notCovered,
  policyTextStatements,
  type Statement,
} from './policy-statements';
import { blocks, type Body, type ResourceChange } from './resource-change';

/** Arguments that hold a policy's JSON text, per resource type (`*`: any type). */
const POLICY_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  '*': ['policy'],
  aws_iam_role: ['assume_role_policy'],
  aws_cloudwatch_log_resource_policy: ['policy_document'],
};

const ATTACHMENT_TYPES = new Set([
  'aws_iam_role_policy_attachment',
  'aws_iam_user_policy_attachment',
  'aws_iam_group_policy_attachment',
  'aws_iam_policy_attachment',
]);

/** `where` names the policy: the data source or the resource's argument, and what uses it. */
interface PolicyVersion {
  readonly where: string;
  readonly trust: boolean;
  readonly before: Statement[];
  readonly after: Statement[];
}

function policiesOf(
  change: ResourceChange,
  usedBy: (address: string) => readonly string[],
): PolicyVersion[] {
  if (change.type === 'aws_iam_policy_document') {
    const users = usedBy(change.address);
    return [
      {
        where: users.length > 0 ? `used by ${users.join(', ')}` : '',
        trust: users.some((u) => u.endsWith('.assume_role_policy')),
        before: change.before ? documentStatements(change.before) : [],
        after: change.after ? documentStatements(change.after) : [],
      },
    ];
  }
  const out: PolicyVersion[] = [];
  for (const argument of [
    ...(POLICY_ARGUMENTS['*'] ?? []),
    ...(POLICY_ARGUMENTS[change.type] ?? []),
  ]) {
    const before = policyTextStatements(change.before?.[argument]);
    const after = policyTextStatements(change.after?.[argument]);
    if (after === undefined) continue; // a reference to a document reviewed on its own, or unknown
    out.push({
      where: argument,
      trust: argument === 'assume_role_policy',
      before: before ?? [],
      after,
    });
  }
  if (change.type === 'aws_iam_role') {
    const inline = (body: Body | null) =>
      new Map(
        blocks(body?.inline_policy).map((p) => [String(p.name), policyTextStatements(p.policy)]),
      );
    const before = inline(change.before);
    for (const [name, after] of inline(change.after)) {
      if (after)
        out.push({
          where: `inline_policy ${name}`,
          trust: false,
          before: before.get(name) ?? [],
          after,
        });
    }
  }
  return out;
}

const list = (items: readonly string[]) => {
  const shown = items
    .slice(0, 4)
    .map((i) =>
      i.includes('*') && i !== '*' ? `${i} (wildcard)` : i === '*' ? '* (wildcard)' : i,
    );
  return `${shown.join(', ')}${items.length > 4 ? ` and ${items.length - 4} more` : ''}`;
};

function allowFindings(
  before: Statement | undefined,
  after: Statement,
  trust: boolean,
): Array<{ kind: FindingKind; text: string }> {
  const noun =
    trust || after.actions.some((a) => /^sts:AssumeRole/i.test(a)) ? 'trust' : 'statement';
  const isPublic = (principals: readonly string[]) =>
    principals.includes('*') || principals.includes('AWS:*');
  if (!before) {
    const parts = [
      after.actions.length > 0 ? `actions ${list(after.actions)}` : '',
      after.notActions.length > 0 ? `every action except ${list(after.notActions)}` : '',
      after.resources.length > 0 ? `on ${list(after.resources)}` : '',
      after.notResources.length > 0 ? `on every resource except ${list(after.notResources)}` : '',
      after.principals.length > 0 ? `to ${list(after.principals)}` : '',
      after.conditions.length > 0 ? `when ${after.conditions.join(' and ')}` : '',
    ].filter(Boolean);
    return [
      {
        kind: isPublic(after.principals) ? 'public' : 'iam',
        text: `${noun} ${after.key} added: ${parts.join(' ')}`,
      },
    ];
  }
  const found: Array<{ kind: FindingKind; text: string }> = [];
  const actions = notCovered(before.actions, after.actions, true);
  if (actions.length > 0)
    found.push({ kind: 'iam', text: `${noun} ${after.key}: actions added: ${list(actions)}` });
  if (
    after.notActions.length > 0 &&
    notCovered(after.notActions, before.notActions, true).length > 0
  )
    found.push({ kind: 'iam', text: `${noun} ${after.key}: fewer excluded actions (NotAction)` });
  if (before.notActions.length === 0 && after.notActions.length > 0)
    found.push({
      kind: 'iam',
      text: `${noun} ${after.key}: NotAction added (every other action allowed)`,
    });
  const resources = notCovered(before.resources, after.resources);
  if (resources.length > 0)
    found.push({ kind: 'iam', text: `${noun} ${after.key}: resources added: ${list(resources)}` });
  const principals = notCovered(before.principals, after.principals);
  if (principals.length > 0)
    found.push({
      kind: isPublic(principals) ? 'public' : 'iam',
      text: `${noun} ${after.key}: principals added: ${list(principals)}`,
    });
  const removed = before.conditions.filter((c) => !after.conditions.includes(c));
  if (removed.length > 0)
    found.push({
      kind: 'iam',
      text: `${noun} ${after.key}: condition removed: ${removed.join('; ')}`,
    });
  return found;
}

function denyFindings(before: Statement, after: Statement | undefined): string[] {
  if (!after) return [`Deny ${before.key} removed (${list(before.actions)})`];
  const lost = notCovered(after.actions, before.actions, true);
  return lost.length > 0 ? [`Deny ${before.key}: no longer denies ${list(lost)}`] : [];
}

export function iamFindings(
  changes: readonly ResourceChange[],
  usedBy: (address: string) => readonly string[] = () => [],
): Finding[] {
  const findings: Finding[] = [];
  for (const change of changes) {
    const add = (kind: FindingKind, text: string) =>
      findings.push({ stack: change.stack, address: change.address, kind, change: text });
    if (ATTACHMENT_TYPES.has(change.type) && change.after) {
      const arn = change.after.policy_arn;
      if (change.before?.policy_arn !== arn) add('iam', `managed policy attached: ${String(arn)}`);
      continue;
    }
    if (!change.after) continue; // removing a policy or its resource narrows access
    for (const policy of policiesOf(change, usedBy)) {
      const suffix = policy.where ? ` (${policy.where})` : '';
      const byKey = (statements: Statement[], effect: Statement['effect']) =>
        new Map(statements.filter((s) => s.effect === effect).map((s) => [s.key, s]));
      const beforeAllow = byKey(policy.before, 'Allow');
      for (const statement of byKey(policy.after, 'Allow').values()) {
        for (const f of allowFindings(beforeAllow.get(statement.key), statement, policy.trust))
          add(f.kind, f.text + suffix);
      }
      const afterDeny = byKey(policy.after, 'Deny');
      for (const statement of byKey(policy.before, 'Deny').values()) {
        for (const text of denyFindings(statement, afterDeny.get(statement.key)))
          add('iam', text + suffix);
      }
    }
  }
  return findings;
}
