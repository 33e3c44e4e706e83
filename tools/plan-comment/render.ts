import type { ChangedStacks } from './changed-stacks';
import type { PlanSummary, StackPlan as PlannedStack } from '../deploy/plan-summary';
import type { ReviewJson } from '../review/review-json';
import { cell, code, fenced, html, inline } from './markdown';
import { reviewLines } from './review-section';

/**
 * The one pull-request comment the plan workflow keeps up to date: a table of every planned stack,
 * the review's cost and security table (tools/review), the audit's verdict, each stack's plan folded in `<details>`, and the stacks that changed but
 * were not planned. The whole comment stays under GitHub's limit on a comment's length; plans that
 * do not fit are cut at a line with a note naming the artifact that holds them in full.
 */

/** The first line of the comment: the workflow finds the comment to update by it. */
export const MARKER = '<!-- skyport-plan -->';

/** GitHub refuses a comment body longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** `.skyport/plans/<env>/summary.json` and its lines, as `make plan` (tools/deploy) writes them. */
export type { PlanSummary, StackPlan as PlannedStack } from '../deploy/plan-summary';

/** One environment's plan as the renderer gets it. */
export type EnvironmentPlan =
  | {
      readonly summary: PlanSummary;
      /** The text of a plan file named in the summary; undefined when the file is missing. */
      readonly planText: (file: string) => string | undefined;
    }
  | {
      /** `make plan` wrote no summary.json for this environment. */
      readonly environment: string;
      readonly missing: string;
    };

/** The parts of `reports/audit/summary.json` (tools/audit/main.ts) the comment shows. */
export interface AuditSummary {
  readonly passed: boolean;
  readonly checkovVersion?: string;
  readonly stacks: ReadonlyArray<{
    readonly stack: string;
    readonly passed: number;
    readonly failed: ReadonlyArray<{ readonly check: string; readonly resource: string }>;
    readonly justified: number;
    readonly stale: ReadonlyArray<{ readonly check: string; readonly why: string }>;
  }>;
  readonly errors: readonly string[];
}

export interface CommentInput {
  /** Plans, one per environment, in the order to show them. */
  readonly environments: readonly EnvironmentPlan[];
  /**
   * The audit report; undefined when `make audit` wrote none.
   * @default no audit report
   */
  readonly audit?: AuditSummary;
  /**
   * Exit status of `make audit`, which also covers actionlint, shellcheck and the Dockerfile
   * check that summary.json does not record.
   * @default unknown: the verdict comes from summary.json alone
   */
  readonly auditExitCode?: number;
  /**
   * `make review`'s results (reports/review/<env>/review.json), shown under the table: cost before
   * and after and the security table.
   * @default no review section
   */
  readonly reviews?: readonly ReviewJson[];
  /**
   * The changed-stacks result: stacks it lists that no plan covers are named below the table.
   * @default no such section
   */
  readonly changed?: ChangedStacks;
  /**
   * Name of the workflow artifact holding every plan in full.
   * @default "plans"
   */
  readonly artifact?: string;
  /**
   * Link to the workflow run (its artifacts are listed there).
   * @default no link
   */
  readonly runUrl?: string;
  /**
   * A sentence shown under the heading, e.g. why no plan ran.
   * @default none
   */
  readonly note?: string;
  /**
   * Upper bound on the comment's length in UTF-8 bytes (never fewer than its characters, so it
   * holds however GitHub counts).
   * @default 60000, a margin below {@link GITHUB_COMMENT_LIMIT}
   */
  readonly limit?: number;
}

const size = (text: string) => Buffer.byteLength(text, 'utf8');

/** A count as a table cell; destroy and replace counts above zero stand out. */
function count(value: number, loud: boolean): string {
  return loud && value > 0 ? `**⚠ ${value}**` : String(value);
}

const STATUS: Record<PlannedStack['status'], string> = {
  changes: 'changes',
  'no-changes': 'no changes',
  failed: '**failed**',
  blocked: 'blocked',
};

function tableRows(environments: readonly EnvironmentPlan[]): string[] {
  const rows = [
    '| environment | stack | add | change | destroy | replace | status |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const env of environments) {
    if ('missing' in env) {
      rows.push(`| ${cell(env.environment)} | (all) | | | | | **failed**: ${cell(env.missing)} |`);
      continue;
    }
    for (const s of env.summary.stacks) {
      const reason = s.reason ? `: ${cell(s.reason)}` : '';
      rows.push(
        `| ${cell(env.summary.environment)} | ${cell(s.stack)} | ${s.add} | ${s.change} | ${count(s.destroy, true)} | ${count(s.replace, true)} | ${STATUS[s.status] ?? cell(String(s.status))}${reason} |`,
      );
    }
  }
  return rows;
}

function totals(environments: readonly EnvironmentPlan[]): string {
  const stacks = environments.flatMap((env) => ('missing' in env ? [] : env.summary.stacks));
  const by = (status: PlannedStack['status']) => stacks.filter((s) => s.status === status).length;
  const sum = (pick: (s: PlannedStack) => number) => stacks.reduce((t, s) => t + pick(s), 0);
  const destroy = sum((s) => s.destroy);
  const replace = sum((s) => s.replace);
  const parts = [
    `${stacks.length} stack${stacks.length === 1 ? '' : 's'} planned`,
    `${by('changes')} with changes`,
    `${by('no-changes')} without`,
  ];
  if (by('failed') > 0) parts.push(`**${by('failed')} failed**`);
  if (by('blocked') > 0) parts.push(`${by('blocked')} blocked`);
  const missing = environments.filter((env) => 'missing' in env).length;
  if (missing > 0) parts.push(`**${missing} environment(s) without a plan**`);
  const loud =
    destroy + replace > 0
      ? ` **⚠ ${destroy} to destroy, ${replace} to replace: read those plans before merging.**`
      : '';
  return `${parts.join(', ')}.${loud}`;
}

/** The audit's one line, plus its unjustified failures (at most ten). */
export function auditLines(audit: AuditSummary | undefined, exitCode?: number): string[] {
  if (!audit) {
    const status = exitCode === undefined ? '' : ` (\`make audit\` exited ${exitCode})`;
    return [
      `**Audit: no report**: reports/audit/summary.json was not written${status}; see the job log.`,
    ];
  }
  const sum = (pick: (s: AuditSummary['stacks'][number]) => number) =>
    audit.stacks.reduce((t, s) => t + pick(s), 0);
  const failed = sum((s) => s.failed.length);
  const stale = sum((s) => s.stale.length);
  const passed = audit.passed && (exitCode === undefined || exitCode === 0);
  const checkov = `checkov${audit.checkovVersion ? ` ${inline(audit.checkovVersion)}` : ''} on ${audit.stacks.length} stacks: ${sum((s) => s.passed)} passed, ${failed} failed, ${sum((s) => s.justified)} justified, ${stale} stale`;
  const others =
    exitCode === undefined
      ? ''
      : audit.passed && exitCode !== 0
        ? `; \`make audit\` exited ${exitCode}: actionlint, shellcheck or the Dockerfile check failed (see the job log)`
        : exitCode === 0
          ? '; actionlint, shellcheck, Dockerfiles: pass'
          : '';
  const lines = [
    `**Audit: ${passed ? 'pass' : 'FAIL'}**: ${checkov}${audit.errors.length > 0 ? `, ${audit.errors.length} error(s)` : ''}${others}.`,
  ];
  const problems = [
    ...audit.stacks.flatMap((s) => [
      ...s.failed.map((f) => `${code(s.stack)}: ${code(f.check)} failed on ${code(f.resource)}`),
      ...s.stale.map(
        (t) => `${code(s.stack)}: stale justification of ${code(t.check)}: ${inline(t.why)}`,
      ),
    ]),
    ...audit.errors.map((e) => inline(e)),
  ];
  if (problems.length > 0) {
    lines.push('');
    lines.push(...problems.slice(0, 10).map((p) => `- ${p}`));
    if (problems.length > 10) lines.push(`- … and ${problems.length - 10} more in the job log`);
  }
  return lines;
}

/** Changed stacks no plan covers: account stacks, removed stacks, environments not planned. */
function unplannedLines(
  environments: readonly EnvironmentPlan[],
  changed?: ChangedStacks,
): string[] {
  if (!changed) return [];
  const planned = new Set(
    environments.flatMap((env) => ('missing' in env ? [] : env.summary.stacks.map((s) => s.stack))),
  );
  const left = changed.stacks.filter((s) => s.change === 'removed' || !planned.has(s.stack));
  if (left.length === 0) return [];
  return [
    '**Changed in the synthesized Terraform but not planned here:**',
    '',
    ...left.map(({ stack, environment, change }) =>
      change === 'removed'
        ? `- ${code(stack)} (${inline(environment)}): removed from the code; its resources stay in AWS until destroyed by hand`
        : `- ${code(stack)} (${inline(environment)}): ${change}`,
    ),
  ];
}

/**
 * Plan text as a `diff` block: `terraform show` indents its `+`, `-`, `~`, `-/+` and `+/-`
 * markers, and GitHub colours a diff line only by its first character, so each marker moves to the
 * start of its line (the indentation follows it).
 */
export function asDiff(plan: string): string {
  return plan
    .split('\n')
    .map((line) => line.replace(/^(\s+)(-\/\+|\+\/-|[-+~])(\s)/, '$2$1$3'))
    .join('\n');
}

/** Cuts text at a line boundary to at most `budget` bytes; returns the kept text and lines cut. */
export function cutLines(text: string, budget: number): { kept: string; cut: number } {
  if (size(text) <= budget) return { kept: text, cut: 0 };
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const cost = size(line) + 1;
    if (used + cost > budget) break;
    kept.push(line);
    used += cost;
  }
  return { kept: kept.join('\n'), cut: lines.length - kept.length };
}

interface Fold {
  readonly title: string;
  readonly body: string;
  readonly language: 'diff' | 'text';
  readonly file: string;
}

function folds(environments: readonly EnvironmentPlan[]): Array<Fold | string> {
  const out: Array<Fold | string> = [];
  for (const env of environments) {
    if ('missing' in env) continue;
    for (const s of env.summary.stacks) {
      if (s.status === 'no-changes' || s.status === 'blocked') continue;
      const file = `${env.summary.environment}/${s.plan ?? `${s.stack}.txt`}`;
      const text = s.plan ? env.planText(s.plan) : undefined;
      const title =
        s.status === 'failed'
          ? `${s.stack} (${env.summary.environment}): plan failed`
          : `${s.stack} (${env.summary.environment}): ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${s.replace} to replace`;
      if (text === undefined) {
        out.push(`${inline(title)}: no plan file${s.plan ? ` (${code(file)} is missing)` : ''}.`);
        continue;
      }
      out.push({ title, body: text, language: s.status === 'failed' ? 'text' : 'diff', file });
    }
  }
  return out;
}

function foldMarkdown(fold: Fold, body: string, note: string): string {
  const content = fold.language === 'diff' ? asDiff(body) : body;
  return [
    '<details>',
    `<summary>${html(fold.title)}</summary>`,
    '',
    fenced(content, fold.language),
    ...(note ? ['', note] : []),
    '',
    '</details>',
  ].join('\n');
}

/** Renders the comment (see the file comment). */
export function renderComment(input: CommentInput): string {
  const limit = input.limit ?? 60_000;
  const artifact = input.artifact ?? 'plans';
  const where = `the artifact ${code(artifact)}${input.runUrl ? ` of [this run](${input.runUrl})` : ' of this workflow run'}`;
  const commits = [
    ...new Set(input.environments.flatMap((env) => ('missing' in env ? [] : [env.summary.commit]))),
  ];

  const head = [
    MARKER,
    '## Terraform plan',
    '',
    commits.length > 0
      ? `Planned at ${commits.map((c) => code(c.slice(0, 12))).join(', ')}; every plan in full is in ${where}.`
      : `No stack was planned.`,
    ...(input.note ? ['', inline(input.note)] : []),
    '',
  ];
  const table = [
    ...(input.environments.length > 0
      ? [...tableRows(input.environments), '', totals(input.environments), '']
      : []),
    ...reviewLines(input.reviews ?? [], where),
  ];
  const unplanned = unplannedLines(input.environments, input.changed);
  const tail = [
    ...unplanned,
    ...(unplanned.length > 0 ? [''] : []),
    ...auditLines(input.audit, input.auditExitCode),
  ];
  const fixed = [...head, ...table].join('\n') + '\n' + tail.join('\n') + '\n';

  // Every fold gets an even share of what is left; small plans give their unused share to the rest.
  const items = folds(input.environments);
  const blocks: string[] = new Array<string>(items.length).fill('');
  // The reserve covers the section heading and the line on plans left out.
  let budget = limit - size(fixed) - 400 - 2 * items.length;
  const order = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) =>
      typeof a.item === 'string' || typeof b.item === 'string'
        ? typeof a.item === 'string'
          ? -1
          : 1
        : size(a.item.body) - size(b.item.body),
    );
  let remaining = order.length;
  for (const { item, index } of order) {
    const share = Math.floor(budget / Math.max(remaining, 1));
    remaining -= 1;
    let block: string;
    if (typeof item === 'string') {
      block = item;
    } else {
      const whole = foldMarkdown(item, item.body, '');
      if (size(whole) <= share) {
        block = whole;
      } else {
        const note = (cut: number) =>
          `**Cut here**: ${cut} more line${cut === 1 ? '' : 's'} not shown; the full plan is ${code(item.file)} in ${where}.`;
        const frame = size(foldMarkdown(item, '', note(999_999)));
        const { kept, cut } = cutLines(item.body, share - frame);
        block =
          share - frame > 200
            ? foldMarkdown(item, kept, note(cut))
            : `${inline(item.title)}: too long to show here; the full plan is ${code(item.file)} in ${where}.`;
      }
    }
    if (size(block) > share) block = '';
    blocks[index] = block;
    budget -= size(block) + 2;
  }
  const omitted = blocks.filter((b) => b === '').length;
  const shown = blocks.filter((b) => b !== '');
  const planSection =
    shown.length > 0 || omitted > 0
      ? [
          '### Plans',
          '',
          ...shown.flatMap((b) => [b, '']),
          ...(omitted > 0
            ? [`${omitted} more plan(s) did not fit in this comment: see ${where}.`, '']
            : []),
        ]
      : [];
  let body = [...head, ...table, ...planSection, ...tail].join('\n') + '\n';
  if (size(body) > limit) {
    // Only a table of thousands of stacks gets here: keep what fits and say so.
    const end = `\n\n**Cut here**: this comment reached GitHub's limit; see ${where}.\n`;
    body = cutLines(body, limit - size(end)).kept + end;
  }
  return body;
}
