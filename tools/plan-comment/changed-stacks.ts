import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which stacks a pull request changes: the Terraform JSON of two synths (the base branch's and the
 * pull request's) compared stack by stack, so the plan workflow plans only those stacks.
 *
 * Keys named `//` are comments in Terraform's JSON syntax: Terraform ignores them, so they cannot
 * change a plan. CDKTF writes its metadata there (its own version, the construct path and unique id
 * of every block, which overrides were applied), and that metadata moves when nothing Terraform
 * sees does (a CDKTF upgrade, a construct moved under another parent with an unchanged logical id).
 * They are dropped before comparing.
 */

/** How a stack differs between the two synths. */
export type StackChange = 'added' | 'changed' | 'removed';

/** One stack that differs. */
export interface ChangedStack {
  /** Stack name, e.g. `dev-app`, `bootstrap`. */
  readonly stack: string;
  /**
   * The environment the stack belongs to: the `//.skyport.environment` metadata Skyport's stacks
   * record, else the name's first segment (`dev-app` is `dev`), else {@link ACCOUNT}.
   */
  readonly environment: string;
  readonly change: StackChange;
}

/** The result of one comparison. */
export interface ChangedStacks {
  /** Every stack that differs, sorted by environment, then stack name. */
  readonly stacks: readonly ChangedStack[];
  /**
   * Per environment, the stacks to plan: added and changed ones (a removed stack has nothing left
   * to plan from). Environments with nothing to plan are left out.
   */
  readonly plan: Readonly<Record<string, readonly string[]>>;
  /** Stacks compared (the union of both synths). */
  readonly compared: number;
}

/** The environment of account-level stacks that belong to no environment (`bootstrap`, `cicd`). */
export const ACCOUNT = 'shared';

/** One synthesized stack: its environment and its Terraform JSON without `//` comments. */
export interface SynthesizedStack {
  readonly environment: string;
  readonly terraform: unknown;
}

/** Removes every `//` key, at any depth (Terraform's JSON comments; see the file comment). */
export function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => key !== '//')
        .map(([key, inner]) => [key, withoutComments(inner)]),
    );
  }
  return value;
}

/** The environment of a stack, from its metadata or its name (see {@link ChangedStack}). */
export function environmentOf(stack: string, terraform: unknown): string {
  const recorded = (terraform as { '//'?: { skyport?: { environment?: unknown } } } | null)?.['//']
    ?.skyport?.environment;
  if (typeof recorded === 'string' && recorded !== '') return recorded;
  const dash = stack.indexOf('-');
  return dash > 0 ? stack.slice(0, dash) : ACCOUNT;
}

/** Deep equality of parsed JSON; object key order does not matter, array order does. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameJson(item, b[index]))
    );
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return (
    aKeys.length === Object.keys(b).length &&
    aKeys.every(
      (key) => key in bRecord && sameJson((a as Record<string, unknown>)[key], bRecord[key]),
    )
  );
}

/**
 * Reads every `stacks/<name>/cdk.tf.json` of a cdktf.out folder. A folder that does not exist reads
 * as no stacks (the base branch may predate a synth that works); a stack whose JSON does not parse
 * is an error naming the file.
 */
export function readSynth(outdir: string): Map<string, SynthesizedStack> {
  const stacks = new Map<string, SynthesizedStack>();
  const stacksDir = path.join(outdir, 'stacks');
  if (!existsSync(stacksDir)) return stacks;
  for (const name of readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, name, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    let terraform: unknown;
    try {
      terraform = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(
        `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); run \`make synth\` again`,
        { cause: error },
      );
    }
    stacks.set(name, {
      environment: environmentOf(name, terraform),
      terraform: withoutComments(terraform),
    });
  }
  return stacks;
}

/** Compares two synths (see the file comment). */
export function compareSynths(
  base: ReadonlyMap<string, SynthesizedStack>,
  head: ReadonlyMap<string, SynthesizedStack>,
): ChangedStacks {
  const names = [...new Set([...base.keys(), ...head.keys()])];
  const stacks: ChangedStack[] = [];
  for (const stack of names) {
    const before = base.get(stack);
    const after = head.get(stack);
    if (after && !before) stacks.push({ stack, environment: after.environment, change: 'added' });
    else if (before && !after)
      stacks.push({ stack, environment: before.environment, change: 'removed' });
    else if (before && after && !sameJson(before.terraform, after.terraform))
      stacks.push({ stack, environment: after.environment, change: 'changed' });
  }
  stacks.sort(
    (a, b) => a.environment.localeCompare(b.environment) || a.stack.localeCompare(b.stack),
  );
  const plan: Record<string, string[]> = {};
  for (const { stack, environment, change } of stacks) {
    if (change === 'removed') continue;
    (plan[environment] ??= []).push(stack);
  }
  return { stacks, plan, compared: names.length };
}

/** Human-readable lines: one per changed stack, then one line saying what happened. */
export function formatChanges(result: ChangedStacks): string[] {
  const lines = result.stacks.map(
    ({ stack, environment, change }) => `  ${environment.padEnd(8)} ${stack.padEnd(16)} ${change}`,
  );
  const environments = Object.keys(result.plan);
  lines.push(
    result.stacks.length === 0
      ? `changed-stacks: none of ${result.compared} stacks changed`
      : `changed-stacks: ${result.stacks.length} of ${result.compared} stacks differ; to plan: ${
          environments.map((env) => `${env} (${result.plan[env]?.join(',')})`).join(', ') || 'none'
        }`,
  );
  return lines;
}

/**
 * Lines for `$GITHUB_OUTPUT`: `stacks_<env>=<a,b>` for every environment seen in either synth
 * (empty when nothing to plan, so a workflow can test `!= ''`), `environments=<JSON array>` of
 * the environments with something to plan, and `any=true|false`.
 */
export function githubOutputs(result: ChangedStacks, environments: Iterable<string>): string[] {
  const lines = [...new Set(environments)]
    .sort()
    .map((env) => `stacks_${env}=${(result.plan[env] ?? []).join(',')}`);
  lines.push(`environments=${JSON.stringify(Object.keys(result.plan).sort())}`);
  lines.push(`any=${result.stacks.length > 0}`);
  return lines;
}
