/**
 * Usage: tsx tools/plan-comment/render-main.ts [<.skyport/plans/<env>/summary.json> ...]
 *          [--changed <changed.json>] [--audit <reports/audit/summary.json>] [--audit-exit <code>]
 *          [--review <reports/review/<env>/review.json> ...]
 *          [--artifact <name>] [--run-url <url>] [--note <text>] [--out <comment.md>]
 *
 * Renders the plan workflow's pull-request comment (render.ts) to --out, or to stdout. A summary
 * path that does not exist is shown as an environment without a plan (`make plan` stopped before
 * writing it); its environment is the name of the folder it should be in. A --review file that does
 * not exist is left out (make review did not run for that environment).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ReviewJson } from '../review/review-json';
import type { ChangedStacks } from './changed-stacks';
import { renderComment, type AuditSummary, type EnvironmentPlan, type PlanSummary } from './render';

const USAGE =
  'usage: tsx tools/plan-comment/render-main.ts [summary.json ...] [--changed <file>] [--audit <file>] ' +
  '[--audit-exit <code>] [--review <review.json> ...] [--artifact <name>] [--run-url <url>] [--note <text>] [--out <file>]';
const OPTIONS = new Set([
  '--changed',
  '--audit',
  '--audit-exit',
  '--artifact',
  '--run-url',
  '--note',
  '--out',
  '--review',
]);

function parse(argv: readonly string[]): {
  summaries: string[];
  options: Map<string, string>;
  reviews: string[];
} {
  const summaries: string[] = [];
  const reviews: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const value = argv[i + 1];
      if (!OPTIONS.has(arg) || value === undefined) {
        console.error(
          `render: ${OPTIONS.has(arg) ? `${arg} needs a value` : `unknown option ${arg}`}\n${USAGE}`,
        );
        process.exit(2);
      }
      if (arg === '--review') reviews.push(value);
      else options.set(arg, value);
      i += 1;
    } else {
      summaries.push(arg);
    }
  }
  return { summaries, options, reviews };
}

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(
      `${what} ${file} could not be read: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

function environmentPlan(file: string): EnvironmentPlan {
  if (!existsSync(file)) {
    return {
      environment: path.basename(path.dirname(file)),
      missing: 'make plan wrote no summary.json (see the job log)',
    };
  }
  const summary = readJson<PlanSummary>(file, 'plan summary');
  const dir = path.dirname(file);
  return {
    summary,
    planText: (name) => {
      // Only files beside summary.json: a name is never a path.
      const planFile = path.join(dir, path.basename(name));
      return existsSync(planFile) ? readFileSync(planFile, 'utf8') : undefined;
    },
  };
}

try {
  const { summaries, options, reviews } = parse(process.argv.slice(2));
  const auditFile = options.get('--audit');
  const changedFile = options.get('--changed');
  const exit = options.get('--audit-exit');
  if (exit !== undefined && !/^\d+$/.test(exit)) {
    console.error(
      `render: --audit-exit ${exit} is not an exit status; use a number such as 0 or 1`,
    );
    process.exit(2);
  }
  const comment = renderComment({
    environments: summaries.map(environmentPlan),
    audit:
      auditFile && existsSync(auditFile)
        ? readJson<AuditSummary>(auditFile, 'audit summary')
        : undefined,
    auditExitCode: exit === undefined ? undefined : Number(exit),
    reviews: reviews
      .filter((file) => existsSync(file))
      .map((file) => readJson<ReviewJson>(file, 'review')),
    changed:
      changedFile && existsSync(changedFile)
        ? readJson<ChangedStacks>(changedFile, 'changed stacks')
        : undefined,
    artifact: options.get('--artifact'),
    runUrl: options.get('--run-url'),
    note: options.get('--note'),
  });
  const out = options.get('--out');
  if (out) {
    writeFileSync(out, comment);
    console.log(
      `render: wrote ${out} (${Buffer.byteLength(comment)} bytes; ${summaries.length} environment summary file(s))`,
    );
  } else {
    process.stdout.write(comment);
  }
} catch (error) {
  console.error(`render: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
