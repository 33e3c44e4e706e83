/**
 * `make review ENV=<env>`: what a change adds, costs and opens up.
 *   tsx tools/review/main.ts --env dev [--from synth|plan] [--base <cdktf.out or commit>]
 *       [--head cdktf.out] [--plans .skyport/plans/<env>] [--out reports/review] [--approve broadening]
 * Input: two synths (the default: BASE, a cdktf.out folder or a commit synthesized into
 * .skyport/review/; without BASE the merge base with origin/main, else HEAD), or the plan
 * `make plan` saved (--from plan). Prints the changes by stack, the cost before and after and the
 * security table; writes reports/review/<env>/. Exit 1 when a change broadens access or weakens
 * protection and --approve broadening (ACK=broadening) is not given; 2 on bad input.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { environmentPicturesFromSynth } from '../diagram/from-synth';
import { BaseSynthError, baseCommit, lockDiffers, synthesizeCommit } from './base-synth';
import { costChange, type CostChange } from './cost';
import { writeDiagramFile } from './diagram-file';
import { reviewStack, type StackContext, type StackReview } from './review';
import type { ReviewJson, ReviewSource } from './review-json';
import { environmentOf, readStacks, stackContext, synthChanges } from './synth-changes';
import { planChanges, readSavedPlans, SavedPlanError } from './saved-plan';
import { auditEntry, writeStackFolder } from './stack-folders';
import { reviewMarkdown, reviewText, verdict } from './summary';
import type { StackChanges } from './resource-change';

const ROOT = path.resolve(__dirname, '..', '..');
const USAGE =
  'usage: tsx tools/review/main.ts --env <env> [--from synth|plan] [--base <cdktf.out|commit>] [--head <cdktf.out>] [--plans <dir>] [--out <dir>] [--approve broadening]';

class UsageError extends Error {}

interface Options {
  env: string;
  from: 'synth' | 'plan';
  base?: string;
  head: string;
  plans?: string;
  out: string;
  approve: boolean;
}

function parse(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (!['--env', '--from', '--base', '--head', '--plans', '--out', '--approve'].includes(flag))
      throw new UsageError(`unknown argument ${flag}\n${USAGE}`);
    if (value === undefined) throw new UsageError(`${flag} needs a value\n${USAGE}`);
    values.set(flag, value);
    i += 1;
  }
  const environment = values.get('--env') ?? '';
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(environment))
    throw new UsageError(
      `name the environment to review: make review ENV=dev (ENV="${environment}")`,
    );
  const from = values.get('--from') || 'synth';
  if (from !== 'synth' && from !== 'plan')
    throw new UsageError(
      `FROM=${from} is not an input; use FROM=synth (two synths, the default) or FROM=plan (the plan make plan saved)`,
    );
  const approve = values.get('--approve') || env.ACK || '';
  if (approve !== '' && approve !== 'broadening')
    throw new UsageError(
      `ACK=${approve} acknowledges nothing; use ACK=broadening (or --approve broadening) once you have read the security table`,
    );
  return {
    env: environment,
    from,
    base: values.get('--base') || undefined,
    head: path.resolve(values.get('--head') ?? path.join(ROOT, 'cdktf.out')),
    plans: values.get('--plans'),
    out: path.resolve(values.get('--out') ?? path.join(ROOT, 'reports', 'review')),
    approve: approve === 'broadening',
  };
}

const shown = (file: string) => path.relative(process.cwd(), file) || '.';

/** The base synth folder: BASE when it is one, else BASE (or the default) as a commit synthesized here. */
function baseFolder(
  base: string | undefined,
  log: (line: string) => void,
): { dir: string; label: string; note: string } {
  if (base && existsSync(path.resolve(base))) {
    const dir = path.resolve(base);
    if (!existsSync(path.join(dir, 'stacks')))
      throw new UsageError(
        `BASE=${base} holds no stacks/ folder; name a cdktf.out folder or a commit`,
      );
    return { dir, label: shown(dir), note: '' };
  }
  const commit = baseCommit(ROOT, base);
  const dir = synthesizeCommit(ROOT, commit.sha, log);
  const lock = lockDiffers(ROOT, commit.sha)
    ? ` package-lock.json differs at ${commit.sha.slice(0, 12)}: the base was synthesized with this checkout's packages.`
    : '';
  return { dir, label: `${commit.sha.slice(0, 12)} (${commit.described})`, note: lock };
}

function run(options: Options): number {
  const log = (line: string) => console.log(line);
  const { env } = options;
  if (!existsSync(path.join(options.head, 'manifest.json')))
    throw new UsageError(`${shown(options.head)}/manifest.json is missing: run make synth`);
  const headStacks = readStacks(options.head);
  if (![...headStacks].some(([name, json]) => environmentOf(name, json) === env)) {
    const known = [
      ...new Set([...headStacks].map(([name, json]) => environmentOf(name, json))),
    ].sort();
    throw new UsageError(
      `no stacks of environment "${env}" in ${shown(options.head)} (it has: ${known.join(', ')}); run make synth ENV=${env}`,
    );
  }

  const base = baseFolder(options.base, log);
  let stackChanges: StackChanges[];
  let source: ReviewSource;
  const planFiles = new Map<string, string>();
  if (options.from === 'plan') {
    const plansDir = path.resolve(options.plans ?? path.join(ROOT, '.skyport', 'plans', env));
    const plans = readSavedPlans(plansDir);
    stackChanges = plans.map(({ stack, plan, file }) => {
      planFiles.set(stack, file);
      return { stack, environment: env, changes: planChanges(stack, plan) };
    });
    source = {
      kind: 'plan',
      from: shown(plansDir),
      to: `${plans.length} stack plan(s)`,
      note: `Changes and the security table come from Terraform's plan; the cost compares the synth of ${base.label} with ${shown(options.head)}.${base.note}`,
    };
  } else {
    stackChanges = synthChanges(base.dir, options.head, env);
    source = {
      kind: 'synth',
      from: base.label,
      to: shown(options.head),
      note: `No plan: changes compare the synthesized JSON by address, so "replace" is inferred roughly from arguments known to force a new resource (a plan is exact); IAM policy documents are compared statement by statement.${base.note}`,
    };
  }

  const baseJson = readStacks(base.dir);
  const stacks: StackReview[] = stackChanges.map((changes) => {
    // Context (what uses a policy document, a listener's load balancer) from the head synth.
    const context: StackContext = stackContext(
      headStacks.get(changes.stack) ?? baseJson.get(changes.stack),
    );
    return reviewStack(changes, context);
  });

  let cost: CostChange | undefined;
  let costNote: string | undefined;
  try {
    cost = costChange(base.dir, options.head, env);
  } catch (error) {
    costNote = `tools/cost failed: ${(error as Error).message}`;
  }

  const review: ReviewJson = {
    environment: env,
    generatedAt: new Date().toISOString(),
    source,
    stacks,
    findings: stacks.flatMap((s) => s.findings),
    ...(cost ? { cost } : {}),
    ...(costNote ? { costNote } : {}),
    acknowledged: options.approve,
  };

  const outDir = path.join(options.out, env);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const pictures = environmentPicturesFromSynth(options.head, env);
  writeFileSync(path.join(outDir, 'review.json'), `${JSON.stringify(review, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'review.md'), reviewMarkdown(review));
  for (const stack of stacks) {
    writeStackFolder({
      dir: path.join(outDir, stack.stack),
      review: stack,
      headStackDir: path.join(options.head, 'stacks', stack.stack),
      planFile: planFiles.get(stack.stack),
      diagram: pictures?.stacks.get(stack.stack),
      cost,
      audit: auditEntry(
        path.join(ROOT, 'reports', 'audit', 'summary.json'),
        stack.stack,
        path.join(options.head, 'manifest.json'),
      ),
    });
  }
  const diagram = pictures
    ? writeDiagramFile(outDir, pictures.environment)
    : 'no diagram (tools/diagram drew no such environment)';

  for (const line of reviewText(review)) console.log(line);
  console.log(
    `review: wrote ${shown(outDir)}/ (review.md, review.json, ${diagram === 'diagram.dot' ? 'diagram.dot (no Graphviz: make graphviz)' : diagram}, one folder per stack${pictures ? ' with its own diagram' : ''})`,
  );
  console.log(verdict(review));
  return review.findings.length > 0 && !review.acknowledged ? 1 : 0;
}

try {
  process.exitCode = run(parse(process.argv.slice(2), process.env));
} catch (error) {
  if (
    error instanceof UsageError ||
    error instanceof SavedPlanError ||
    error instanceof BaseSynthError
  ) {
    console.error(`review: ${error.message.split('\n').join('\nreview: ')}`);
    process.exitCode = 2;
  } else throw error;
}
