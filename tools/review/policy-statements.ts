/**
 * IAM policy statements in one shape, whether they come from an `aws_iam_policy_document` data
 * source (CDKTF's JSON) or from a policy's JSON text (a plan's `policy`, `assume_role_policy`).
 */
import { blocks, isBody, strings, text, type Body } from './resource-change';

export interface Statement {
  /** The statement's Sid, or its position when it has none (`#2`). */
  readonly key: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** `Service:ecs-tasks.amazonaws.com`, `AWS:arn:...`, or `*` for anyone. */
  readonly principals: readonly string[];
  /** `StringEquals aws:SourceAccount=123`, one per test, variable and values. */
  readonly conditions: readonly string[];
}

function principalList(type: string, identifiers: readonly string[]): string[] {
  return identifiers.map((id) =>
    id === '*' && (type === '*' || type === 'AWS') ? '*' : `${type}:${id}`,
  );
}

/** The statements of an `aws_iam_policy_document` body. */
export function documentStatements(body: Body): Statement[] {
  return blocks(body.statement).map((s, index) => ({
    key: typeof s.sid === 'string' && s.sid !== '' ? s.sid : `#${index}`,
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.actions),
    notActions: strings(s.not_actions),
    resources: strings(s.resources),
    notResources: strings(s.not_resources),
    principals: blocks(s.principals).flatMap((p) =>
      principalList(text(p.type), strings(p.identifiers)),
    ),
    conditions: blocks(s.condition).map(
      (c) => `${String(c.test)} ${String(c.variable)}=${strings(c.values).sort().join(',')}`,
    ),
  }));
}

/** The statements of a policy's JSON text; undefined when the text is not a policy (a reference, unknown). */
export function policyTextStatements(text: unknown): Statement[] | undefined {
  if (typeof text !== 'string' || !text.trim().startsWith('{')) return undefined;
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isBody(policy)) return undefined;
  const list = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return list.filter(isBody).map((s, index) => {
    const principal = s.Principal;
    const principals =
      principal === '*'
        ? ['*']
        : isBody(principal)
          ? Object.entries(principal).flatMap(([type, ids]) => principalList(type, strings(ids)))
          : [];
    const conditions = isBody(s.Condition)
      ? Object.entries(s.Condition).flatMap(([test, byVariable]) =>
          isBody(byVariable)
            ? Object.entries(byVariable).map(
                ([variable, values]) => `${test} ${variable}=${strings(values).sort().join(',')}`,
              )
            : [],
        )
      : [];
    return {
      key: typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `#${index}`,
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: strings(s.Action),
      notActions: strings(s.NotAction),
      resources: strings(s.Resource),
      notResources: strings(s.NotResource),
      principals,
      conditions,
    } satisfies Statement;
  });
}

/** IAM's wildcard match: `*` any run of characters, `?` one; actions compare case-insensitively. */
export function matches(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'i' : '').test(value);
}

/** The items of `after` that no item of `before` already allows. */
export function notCovered(
  before: readonly string[],
  after: readonly string[],
  ignoreCase = false,
): string[] {
  return after.filter((item) => !before.some((known) => matches(known, item, ignoreCase)));
}
