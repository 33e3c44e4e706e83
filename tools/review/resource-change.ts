/** One resource (or IAM policy document) as the review sees it, from a plan or from two synths. */

export type Body = Readonly<Record<string, unknown>>;

/** What applying the change does to the resource. */
export type Action = 'create' | 'update' | 'replace' | 'delete';

export interface ResourceChange {
  readonly stack: string;
  /** `aws_db_instance.data_postgres_1234` or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  readonly type: string;
  readonly action: Action;
  /** Arguments before the change; null when the resource is created. */
  readonly before: Body | null;
  /** Arguments after the change; null when the resource is destroyed. */
  readonly after: Body | null;
  /**
   * True when `replace` was guessed from the arguments that changed (two synths), not read from a
   * plan: Terraform alone knows which arguments force a new resource.
   */
  readonly replaceInferred?: boolean;
}

/** Every change of one stack, and the arguments of resources it leaves alone (for lookups). */
export interface StackChanges {
  readonly stack: string;
  readonly environment: string;
  readonly changes: readonly ResourceChange[];
}

/** A Terraform block is an object in CDKTF's JSON and a one-element list in a plan: both read as a list. */
export function blocks(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter(isBody);
  return isBody(value) ? [value] : [];
}

export function isBody(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list argument as strings (a single string reads as a list of one; a plan's "" is unset). */
export function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The value at `a.b.c`, descending into the first element of each block on the way. */
export function valueAt(body: Body | null, dotted: string): unknown {
  let current: unknown = body;
  for (const key of dotted.split('.')) {
    const block: unknown = Array.isArray(current) ? current[0] : current;
    if (!isBody(block)) return undefined;
    current = block[key];
  }
  return current;
}

/** Terraform's bool arguments arrive as booleans, or as "true"/"false" strings from some providers. */
export function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A scalar argument as text ("" for anything else: a block, a list, unset). */
export function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}
