/**
 * A small evaluator of IAM policy statements as they appear in synthesized
 * `aws_iam_policy_document` blocks, for tests: which decision IAM would reach for one request.
 * It knows the operators Skyport's policies use (String*, Arn*, Null, with ForAnyValue and
 * ForAllValues) and refuses any other, so a test never passes by misreading a policy.
 */

/** One statement of a synthesized `aws_iam_policy_document` (snake_case, as in cdk.tf.json). */
export interface SynthesizedStatement {
  readonly sid?: string;
  readonly effect?: string;
  readonly actions?: readonly string[];
  readonly not_actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly not_resources?: readonly string[];
  readonly principals?: readonly {
    readonly type: string;
    readonly identifiers: readonly string[];
  }[];
  readonly condition?: readonly {
    readonly test: string;
    readonly variable: string;
    readonly values: readonly string[];
  }[];
}

export interface PolicyRequest {
  readonly action: string;
  /** The resource ARN; leave out for trust policies. */
  readonly resource?: string;
  /** The caller, for trust policies: `{ type: 'Federated', identifier: <provider ARN> }`. */
  readonly principal?: { readonly type: string; readonly identifier: string };
  /** Condition keys present in the request, by name (single value or set). */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

/** `*` matches any run of characters, `?` exactly one; everything else is literal. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

const OPERATORS = {
  StringEquals: (p: string, v: string) => p === v,
  StringLike: (p: string, v: string) => wildcardMatch(p, v),
  ArnEquals: (p: string, v: string) => p === v,
  ArnLike: (p: string, v: string) => wildcardMatch(p, v),
} as const;
const NEGATED: Record<string, keyof typeof OPERATORS> = {
  StringNotEquals: 'StringEquals',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

function contextValue(
  context: PolicyRequest['context'],
  key: string,
): readonly string[] | undefined {
  const found = Object.entries(context ?? {}).find(
    ([name]) => name.toLowerCase() === key.toLowerCase(),
  );
  if (!found) return undefined;
  return typeof found[1] === 'string' ? [found[1]] : found[1];
}

/** Whether one condition block holds for the request (AWS's rules for absent keys included). */
export function conditionHolds(
  condition: NonNullable<SynthesizedStatement['condition']>[number],
  context: PolicyRequest['context'],
): boolean {
  const present = contextValue(context, condition.variable);
  const [qualifier, operator] = condition.test.includes(':')
    ? (condition.test.split(':') as [string, string])
    : [undefined, condition.test];
  if (operator === 'Null') {
    if (qualifier) throw new Error(`unsupported condition operator ${condition.test}`);
    const wantsAbsent = condition.values.map((v) => v.toLowerCase());
    return wantsAbsent.includes(String(present === undefined));
  }
  const negatedOf = NEGATED[operator];
  const base = negatedOf ?? operator;
  if (!(base in OPERATORS)) throw new Error(`unsupported condition operator ${condition.test}`);
  const match = OPERATORS[base as keyof typeof OPERATORS];
  const matchesAny = (value: string) => condition.values.some((pattern) => match(pattern, value));
  if (qualifier === 'ForAnyValue') {
    if (negatedOf) throw new Error(`unsupported condition operator ${condition.test}`);
    return (present ?? []).some(matchesAny);
  }
  if (qualifier === 'ForAllValues') {
    if (negatedOf) throw new Error(`unsupported condition operator ${condition.test}`);
    return (present ?? []).every(matchesAny);
  }
  if (qualifier !== undefined) throw new Error(`unsupported condition operator ${condition.test}`);
  if (present === undefined) return negatedOf !== undefined;
  if (present.length !== 1) {
    throw new Error(`${condition.variable} has several values; use ForAnyValue or ForAllValues`);
  }
  const positive = matchesAny(present[0] as string);
  return negatedOf ? !positive : positive;
}

function statementApplies(statement: SynthesizedStatement, request: PolicyRequest): boolean {
  const actionMatches = (patterns: readonly string[]) =>
    patterns.some((pattern) => wildcardMatch(pattern, request.action, true));
  if (statement.actions && !actionMatches(statement.actions)) return false;
  if (statement.not_actions && actionMatches(statement.not_actions)) return false;
  const resource = request.resource ?? '*';
  if (statement.resources && !statement.resources.some((p) => wildcardMatch(p, resource))) {
    return false;
  }
  if (statement.not_resources?.some((p) => wildcardMatch(p, resource))) return false;
  if (statement.principals) {
    const caller = request.principal;
    if (!caller) return false;
    const admitted = statement.principals.some(
      (p) =>
        p.type === caller.type && p.identifiers.some((id) => wildcardMatch(id, caller.identifier)),
    );
    if (!admitted) return false;
  }
  return (statement.condition ?? []).every((c) => conditionHolds(c, request.context));
}

/** IAM's decision for one request against one set of statements: an explicit Deny wins. */
export function evaluate(
  statements: readonly SynthesizedStatement[],
  request: PolicyRequest,
): Decision {
  const applying = statements.filter((s) => statementApplies(s, request));
  if (applying.some((s) => s.effect === 'Deny')) return 'explicit-deny';
  if (applying.some((s) => (s.effect ?? 'Allow') === 'Allow')) return 'allow';
  return 'implicit-deny';
}

/**
 * Replaces Terraform interpolations in a synthesized document with values, e.g.
 * `[/\$\{var\.github_repository\}/g, 'acme/shop']`, and fails if any `${...}` is left: a test must
 * evaluate the policy Terraform would create, not a template of it.
 */
export function renderStatements(
  statements: readonly SynthesizedStatement[],
  replacements: readonly (readonly [RegExp, string])[],
): SynthesizedStatement[] {
  let text = JSON.stringify(statements);
  for (const [pattern, value] of replacements) text = text.replace(pattern, value);
  const left = /\$\{[^}]*\}/.exec(text);
  if (left) throw new Error(`renderStatements: no value for ${left[0]}`);
  return JSON.parse(text) as SynthesizedStatement[];
}
