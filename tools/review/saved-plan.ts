/**
 * The saved plan the review reads: `terraform show -json` of each stack's plan, as `make plan`
 * writes it to `.skyport/plans/<env>/<stack>.plan.json`. Only the parts the review needs are kept,
 * with every value Terraform marks sensitive replaced: `show -json` prints sensitive values in
 * clear, and the plans folder is uploaded as a workflow artifact.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isBody, type Action, type ResourceChange } from './resource-change';

/** The fields of `terraform show -json` the review reads. */
export interface PlanJson {
  readonly format_version?: string;
  readonly terraform_version?: string;
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly mode?: 'managed' | 'data';
    readonly type: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly before?: unknown;
      readonly after?: unknown;
      readonly after_unknown?: unknown;
      readonly before_sensitive?: unknown;
      readonly after_sensitive?: unknown;
    };
  }>;
  readonly output_changes?: Record<string, { readonly actions: readonly string[] }>;
}

export const SENSITIVE = '(sensitive)';

/** `value` with every part `mask` marks true replaced by {@link SENSITIVE}. */
export function redact(value: unknown, mask: unknown): unknown {
  if (mask === true) return value === null || value === undefined ? value : SENSITIVE;
  if (Array.isArray(value) && Array.isArray(mask))
    return value.map((item, i) => redact(item, mask[i]));
  if (isBody(value) && isBody(mask))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, mask[k])]));
  return value;
}

/** What `make plan` saves beside the readable plan: resource changes (redacted) and output actions. */
export function reviewablePlan(plan: PlanJson): PlanJson {
  return {
    format_version: plan.format_version,
    terraform_version: plan.terraform_version,
    resource_changes: (plan.resource_changes ?? []).map((rc) => ({
      address: rc.address,
      mode: rc.mode,
      type: rc.type,
      change: {
        actions: rc.change.actions,
        before: redact(rc.change.before, rc.change.before_sensitive),
        after: redact(rc.change.after, rc.change.after_sensitive),
        after_unknown: rc.change.after_unknown,
        before_sensitive: rc.change.before_sensitive,
        after_sensitive: rc.change.after_sensitive,
      },
    })),
    output_changes: Object.fromEntries(
      Object.entries(plan.output_changes ?? {}).map(([name, c]) => [name, { actions: c.actions }]),
    ),
  };
}

/** Terraform's action list as one action; no-op and read are no change. */
export function actionOf(actions: readonly string[]): Action | undefined {
  if (actions.includes('create') && actions.includes('delete')) return 'replace';
  if (actions.includes('create')) return 'create';
  if (actions.includes('update')) return 'update';
  if (actions.includes('delete')) return 'delete';
  return undefined;
}

/** A value Terraform learns only at apply (after_unknown) reads as this string. */
export const UNKNOWN = '(known after apply)';

function withUnknown(after: unknown, unknown: unknown): unknown {
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(unknown)) {
    const list = Array.isArray(after) ? after : [];
    return unknown.map((u, i) => withUnknown(list[i], u));
  }
  if (isBody(unknown)) {
    const body = isBody(after) ? { ...after } : {};
    for (const [key, u] of Object.entries(unknown)) body[key] = withUnknown(body[key], u);
    return body;
  }
  return after;
}

/** The resource changes of one stack's plan. Data sources are read, never changed: skipped. */
export function planChanges(stack: string, plan: PlanJson): ResourceChange[] {
  const changes: ResourceChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === 'data') continue;
    const action = actionOf(rc.change.actions);
    if (!action) continue;
    const before = isBody(rc.change.before) ? rc.change.before : null;
    const afterValue = withUnknown(rc.change.after, rc.change.after_unknown);
    const after = action === 'delete' ? null : isBody(afterValue) ? afterValue : null;
    changes.push({ stack, address: rc.address, type: rc.type, action, before, after });
  }
  return changes;
}

export class SavedPlanError extends Error {}

/**
 * The saved plans of one environment, per stack, in the order of its summary.json. A stack the
 * summary lists without a saved JSON plan (failed, blocked, or planned before plans were saved as
 * JSON) is an error naming the fix.
 */
export function readSavedPlans(
  plansDir: string,
): Array<{ stack: string; plan: PlanJson; file: string }> {
  const summaryFile = path.join(plansDir, 'summary.json');
  if (!existsSync(summaryFile)) {
    throw new SavedPlanError(
      `${summaryFile} does not exist: run \`make plan ENV=<env>\` first, or review two synths (FROM=synth)`,
    );
  }
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as {
    stacks: ReadonlyArray<{ stack: string; status: string; reason?: string }>;
  };
  const problems: string[] = [];
  const plans: Array<{ stack: string; plan: PlanJson; file: string }> = [];
  for (const entry of summary.stacks) {
    const file = path.join(plansDir, `${entry.stack}.plan.json`);
    if (entry.status === 'failed' || entry.status === 'blocked') {
      problems.push(`${entry.stack}: its plan ${entry.status} (${entry.reason ?? 'see the log'})`);
    } else if (!existsSync(file)) {
      problems.push(
        `${entry.stack}: ${file} is missing (plans made before make plan saved JSON); run make plan again`,
      );
    } else {
      plans.push({
        stack: entry.stack,
        plan: JSON.parse(readFileSync(file, 'utf8')) as PlanJson,
        file,
      });
    }
  }
  if (problems.length > 0) {
    throw new SavedPlanError(
      `the saved plan in ${plansDir} cannot be reviewed:\n${problems.join('\n')}`,
    );
  }
  return plans;
}
