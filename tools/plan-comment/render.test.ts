import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  GITHUB_COMMENT_LIMIT,
  MARKER,
  asDiff,
  renderComment,
  type AuditSummary,
  type EnvironmentPlan,
  type PlanSummary,
} from './render';
import { cell, code, fenced } from './markdown';
import type { ReviewJson } from '../review/review-json';

const FIXTURES = path.join(__dirname, 'fixtures');

/** An environment's recorded plan, read from fixtures/plans/<env>/ as render-main.ts reads it. */
function recorded(env: string): EnvironmentPlan {
  const dir = path.join(FIXTURES, 'plans', env);
  return {
    summary: JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as PlanSummary,
    planText: (file) => {
      try {
        return readFileSync(path.join(dir, file), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

const audit = (name: 'pass' | 'fail') =>
  JSON.parse(readFileSync(path.join(FIXTURES, 'audit', `${name}.json`), 'utf8')) as AuditSummary;

/** The comment's table rows, keyed by stack. */
function rows(comment: string): Map<string, string> {
  return new Map(
    comment
      .split('\n')
      .filter((line) => /^\| (dev|prod|qa) \|/.test(line))
      .map((line) => [line.split(' | ')[1] ?? '', line]),
  );
}

/** The `<details>` blocks of a comment, by the stack their summary names. */
function folds(comment: string): Map<string, string> {
  const blocks = comment.split('<details>').slice(1);
  return new Map(
    blocks.map((block) => [
      /<summary>([^ ]+)/.exec(block)?.[1] ?? '',
      block.split('</details>')[0] ?? '',
    ]),
  );
}

describe('the plan comment, rendered from a recorded plan', () => {
  const comment = renderComment({
    environments: [recorded('dev'), recorded('prod')],
    audit: audit('pass'),
    auditExitCode: 0,
    runUrl: 'https://github.com/acme/skyport/actions/runs/42',
  });

  it('starts with the hidden marker the workflow finds the comment by', () => {
    expect(comment.startsWith(`${MARKER}\n`)).toBe(true);
    expect(comment.split(MARKER)).toHaveLength(2);
  });

  it('has one table row per planned stack, in plan order, with its counts and status', () => {
    const table = rows(comment);
    expect([...table.keys()]).toEqual([
      'dev-network',
      'dev-data',
      'dev-app',
      'prod-app',
      'prod-edge',
    ]);
    expect(table.get('dev-network')).toBe('| dev | dev-network | 0 | 0 | 0 | 0 | no changes |');
    expect(table.get('prod-edge')).toBe(
      '| prod | prod-edge | 0 | 0 | 0 | 0 | blocked: depends on prod-app, which failed |',
    );
  });

  it('makes destroy and replace counts stand out, and says so under the table', () => {
    const table = rows(comment);
    expect(table.get('dev-data')).toBe('| dev | dev-data | 0 | 0 | 0 | **⚠ 1** | changes |');
    expect(table.get('dev-app')).toBe('| dev | dev-app | 1 | 1 | **⚠ 1** | 0 | changes |');
    expect(comment).toContain(
      '5 stacks planned, 2 with changes, 1 without, **1 failed**, 1 blocked. **⚠ 1 to destroy, 1 to replace: read those plans before merging.**',
    );
  });

  it('escapes backticks, angle brackets and pipes in a table cell so the row stays one row', () => {
    const row = rows(comment).get('prod-app') ?? '';
    expect(row).toBe(
      '| prod | prod-app | 0 | 0 | 0 | 0 | **failed**: terraform plan exited 1: Invalid value for \\`domain\\_name\\` &lt;none&gt; \\| see the plan |',
    );
    // Seven cells: every other pipe is escaped.
    expect(row.split(/(?<!\\)\|/)).toHaveLength(9);
  });

  it('folds each plan with changes in <details> as a diff block, and a failed plan as text', () => {
    const byStack = folds(comment);
    expect([...byStack.keys()]).toEqual(['dev-data', 'dev-app', 'prod-app']);
    expect(byStack.get('dev-data')).toContain(
      '<summary>dev-data (dev): 0 to add, 0 to change, 0 to destroy, 1 to replace</summary>',
    );
    expect(byStack.get('dev-data')).toContain('```diff\n');
    expect(byStack.get('dev-data')).toContain(
      '\n-/+ resource "aws_db_instance" "data_postgres_instance_5C8E1A4F" {\n',
    );
    // GitHub colours a diff line by its first character: the markers move there.
    expect(byStack.get('dev-app')).toContain(
      '\n~       desired_count                      = 1 -> 2\n',
    );
    expect(byStack.get('dev-app')).toContain('\n-   resource "aws_ssm_parameter"');
    expect(byStack.get('prod-app')).toContain('<summary>prod-app (prod): plan failed</summary>');
    expect(byStack.get('prod-app')).toContain('```text\n╷\n│ Error: Invalid value for variable');
    // No plan to show for a stack without changes, or one that never ran.
    expect(comment).not.toContain('No changes. Your infrastructure matches');
  });

  it('fences a plan holding ``` with four backticks, so the plan cannot close its own block', () => {
    const app = folds(comment).get('dev-app') ?? '';
    expect(app).toContain('````diff\n');
    expect(app).toContain('runbook: ```make logs ENV=dev``` <see docs/runbook.md>');
    expect(app.trimEnd().endsWith('````')).toBe(true);
  });

  it('ends with the audit line: verdict and counts', () => {
    expect(comment.trimEnd().split('\n').at(-1)).toBe(
      '**Audit: pass**: checkov 3.3.30 on 2 stacks: 364 passed, 0 failed, 23 justified, 0 stale; actionlint, shellcheck, Dockerfiles: pass.',
    );
  });

  it('links the run that holds every plan', () => {
    expect(comment).toContain(
      'every plan in full is in the artifact `plans` of [this run](https://github.com/acme/skyport/actions/runs/42).',
    );
  });
});

describe('the audit line', () => {
  const render = (report: AuditSummary | undefined, exit?: number) =>
    renderComment({ environments: [], audit: report, auditExitCode: exit });

  it('fails with the unjustified failures and stale justifications listed', () => {
    const comment = render(audit('fail'), 1);
    expect(comment).toContain(
      '**Audit: FAIL**: checkov 3.3.30 on 2 stacks: 363 passed, 1 failed, 22 justified, 1 stale.',
    );
    expect(comment).toContain(
      '- `dev-app`: `CKV_AWS_338` failed on `aws_cloudwatch_log_group.api-logs_group_1A2B3C4D`',
    );
    expect(comment).toContain('- `dev-data`: stale justification of `CKV_AWS_157`');
  });

  it('fails when checkov passed but make audit did not (actionlint, shellcheck)', () => {
    expect(render(audit('pass'), 1)).toContain(
      '**Audit: FAIL**: checkov 3.3.30 on 2 stacks: 364 passed, 0 failed, 23 justified, 0 stale; `make audit` exited 1: actionlint, shellcheck or the Dockerfile check failed (see the job log).',
    );
  });

  it('says when there is no report at all', () => {
    expect(render(undefined, 2)).toContain(
      '**Audit: no report**: reports/audit/summary.json was not written (`make audit` exited 2); see the job log.',
    );
  });
});

describe('a plan too long for one comment', () => {
  const resource = (i: number) =>
    [
      `  # aws_route53_record.record_${i} will be created`,
      `  + resource "aws_route53_record" "record_${i}" {`,
      `      + name    = "host-${i}.dev.example.com"`,
      `      + records = ["10.0.${i % 250}.${i % 200}"]`,
      '    }',
      '',
    ].join('\n');
  const huge = Array.from({ length: 3000 }, (_, i) => resource(i)).join('\n');
  const summary: PlanSummary = {
    environment: 'dev',
    commit: 'abc',
    generatedAt: '2026-12-03T10:00:00Z',
    stacks: [
      {
        stack: 'dev-edge',
        status: 'changes',
        add: 3000,
        change: 0,
        destroy: 0,
        replace: 0,
        plan: 'dev-edge.txt',
      },
      {
        stack: 'dev-app',
        status: 'changes',
        add: 1,
        change: 0,
        destroy: 0,
        replace: 0,
        plan: 'dev-app.txt',
      },
    ],
  };
  const small = '  + resource "aws_sns_topic" "alerts" {\n      + name = "dev-alerts"\n    }';
  const comment = renderComment({
    environments: [{ summary, planText: (file) => (file === 'dev-edge.txt' ? huge : small) }],
    artifact: 'plans-17',
  });

  it("stays under GitHub's limit on a comment, counted in bytes", () => {
    expect(huge.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    expect(Buffer.byteLength(comment)).toBeLessThanOrEqual(60_000);
  });

  it('cuts the long plan at a line, closes its block, and says where the full plan is', () => {
    const edge = folds(comment).get('dev-edge') ?? '';
    expect(edge).toMatch(
      /\n```\n\n\*\*Cut here\*\*: \d+ more lines not shown; the full plan is `dev\/dev-edge.txt` in the artifact `plans-17` of this workflow run\.\n/,
    );
    const shown = edge.split('```diff\n')[1]?.split('\n```')[0] ?? '';
    const cut = Number(/(\d+) more lines/.exec(edge)?.[1]);
    expect(shown.split('\n').length + cut).toBe(huge.split('\n').length);
    // Cut between lines, never inside one: what is shown is the plan's first lines, whole.
    const lines = shown.split('\n');
    expect(shown).toBe(asDiff(huge).split('\n').slice(0, lines.length).join('\n'));
  });

  it('still shows the short plan in full', () => {
    expect(folds(comment).get('dev-app')).toContain('+   resource "aws_sns_topic" "alerts" {');
    expect(folds(comment).get('dev-app')).not.toContain('Cut here');
  });
});

describe('changed stacks no plan covers', () => {
  it('are named below the table: account stacks and removed ones', () => {
    const comment = renderComment({
      environments: [recorded('dev')],
      changed: {
        compared: 10,
        plan: { dev: ['dev-app'], shared: ['cicd'] },
        stacks: [
          { stack: 'dev-app', environment: 'dev', change: 'changed' },
          { stack: 'dev-old', environment: 'dev', change: 'removed' },
          { stack: 'cicd', environment: 'shared', change: 'added' },
        ],
      },
    });
    expect(comment).toContain('**Changed in the synthesized Terraform but not planned here:**');
    expect(comment).toContain(
      '- `dev-old` (dev): removed from the code; its resources stay in AWS until destroyed by hand',
    );
    expect(comment).toContain('- `cicd` (shared): added');
    expect(comment).not.toContain('- `dev-app`');
  });
});

describe('Markdown helpers', () => {
  it('escapes what would end a cell or open a tag', () => {
    expect(cell('a|b <c> `d`\ne')).toBe('a\\|b &lt;c&gt; \\`d\\` e');
  });

  it('fences code with more backticks than it holds', () => {
    expect(code('a ``b`` c')).toBe('```a ``b`` c```');
    expect(fenced('x\n`````\ny\n', 'text')).toBe('``````text\nx\n`````\ny\n``````');
  });

  it('moves terraform markers to the start of the line, and leaves other lines alone', () => {
    expect(asDiff('  + a\n  ~ b\n  - c\n-/+ d\n  +/- e\n    f = 1\n  # (2 unchanged)')).toBe(
      '+   a\n~   b\n-   c\n-/+ d\n+/-   e\n    f = 1\n  # (2 unchanged)',
    );
  });
});

describe('the review attached to the comment (make review)', () => {
  const review = JSON.parse(
    readFileSync(path.join(FIXTURES, 'review', 'demo.json'), 'utf8'),
  ) as ReviewJson;
  const comment = renderComment({
    environments: [recorded('dev')],
    reviews: [review],
    audit: audit('pass'),
  });

  it('shows the cost before and after and how many changes broaden access, under the plan table', () => {
    expect(comment).toMatch(
      /\*\*demo\*\* \(from two synths, replace inferred\): monthly cost 33\.13 → 37\.68 USD \(\+4\.55\); \*\*⚠ 23 changes broaden access or weaken protection\*\*: read them before merging\./,
    );
    expect(comment.indexOf('### Review')).toBeGreaterThan(comment.indexOf('| dev |'));
    expect(comment.indexOf('### Review')).toBeLessThan(comment.indexOf('**Audit'));
  });

  it('lists the security table, cut at 15 rows with a pointer to the full review', () => {
    const rows = comment.split('\n').filter((line) => line.startsWith('| demo-app |'));
    expect(rows).toHaveLength(15);
    expect(rows[0]).toBe(
      '| demo-app | `data.aws_iam_policy_document.task_policy` | IAM | statement ReadUploads: actions added: s3:PutObject (used by aws\\_iam\\_role\\_policy.task.policy) |',
    );
    expect(comment).toMatch(/\| … \| 8 more \| \| review\/demo\/review\.md in the artifact/);
  });

  it('says when nothing broadens access', () => {
    const quiet = renderComment({ environments: [], reviews: [{ ...review, findings: [] }] });
    expect(quiet).toMatch(/\*\*demo\*\* .*; nothing broadens access or weakens protection\./);
    expect(quiet).not.toMatch(/\| stack \| resource \|/);
  });

  it('has no review section without a review', () => {
    expect(renderComment({ environments: [recorded('dev')] })).not.toContain('### Review');
  });
});
