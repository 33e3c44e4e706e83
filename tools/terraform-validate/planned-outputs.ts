/** The part of `terraform show -json <plan>` that describes the stack's outputs after apply. */
export interface PlanJson {
  readonly output_changes?: Record<
    string,
    { readonly after?: unknown; readonly after_unknown?: unknown }
  >;
}

/**
 * A stand-in for a value only apply would know (an id, an ARN). Shaped like the real thing where
 * the name says what it is, because consumers pass some of them to arguments the provider checks.
 */
function placeholder(path: string): string {
  const name = path
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(-60);
  if (/arn/i.test(path)) return `arn:aws:planned:eu-west-1:123456789012:${name}`;
  return `planned-${name}`;
}

function fill(after: unknown, unknown: unknown, path: string): unknown {
  if (unknown === true) return placeholder(path);
  if (Array.isArray(after) || Array.isArray(unknown)) {
    const values = Array.isArray(after) ? after : [];
    const unknowns = Array.isArray(unknown) ? unknown : [];
    const length = Math.max(values.length, unknowns.length);
    return Array.from({ length }, (_, index) =>
      fill(values[index], unknowns[index], `${path}-${index}`),
    );
  }
  if (after !== null && typeof after === 'object') {
    const unknowns = (unknown ?? {}) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(after as Record<string, unknown>).map(([key, value]) => [
        key,
        fill(value, unknowns[key], `${path}-${key}`),
      ]),
    );
  }
  return after;
}

/**
 * The outputs a planned-but-not-applied stack would publish: known values as planned, unknown ones
 * as placeholders. Written as that stack's state (stateWithOutputs), they let its consumers be
 * planned (never applied) when moto cannot create the producer.
 */
export function plannedOutputs(plan: PlanJson): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(plan.output_changes ?? {}).map(([name, change]) => [
      name,
      fill(change.after, change.after_unknown, name),
    ]),
  );
}

/** The cty type Terraform records for a JSON value (lists as tuples, maps as objects). */
function ctyType(value: unknown): unknown {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map(ctyType)];
  if (value !== null && typeof value === 'object') {
    return ['object', Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ctyType(v)]))];
  }
  return 'dynamic';
}

/**
 * A Terraform state (format 4) with outputs and no resources: what `terraform_remote_state` reads
 * from a producer. Outputs whose planned value is null (nothing to publish) are left out.
 */
export function stateWithOutputs(
  outputs: Record<string, unknown>,
  terraformVersion: string,
  lineage: string,
): string {
  const published = Object.entries(outputs).filter(
    ([, value]) => value !== null && value !== undefined,
  );
  return JSON.stringify(
    {
      version: 4,
      terraform_version: terraformVersion,
      serial: 1,
      lineage,
      outputs: Object.fromEntries(
        published.map(([name, value]) => [name, { value, type: ctyType(value) }]),
      ),
      resources: [],
      check_results: null,
    },
    null,
    2,
  );
}
