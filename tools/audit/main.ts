import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { baselineFor } from './baseline';
import { commonArgs, inPool, runScan, type Scan, type ScanResult } from './checkov';
import { crossStackAttachments } from './cross-stack';
import {
  checkovAddresses,
  collectJustifications,
  type Justification,
  type Problem,
} from './justifications';
import {
  countByCategory,
  docsAreCurrent,
  formatFailures,
  formatSummary,
  justificationTable,
  junitXml,
  withDocsTable,
} from './report';
import {
  compareWithBaselineScan,
  evaluateStack,
  parseReport,
  stackOfFile,
  type CheckRecord,
  type StackOutcome,
} from './results';
import { mergeSarif, type StackSarif } from './sarif';
import {
  judgeCanary,
  judgeJustificationFixture,
  policyIds,
  type CanaryExpectations,
} from './self-test';
import { loadStacks, type Stack } from './stacks';

// Usage (from the repository root, after `make synth`; scripts/audit.sh does both):
//   CHECKOV=<path to checkov> tsx tools/audit/main.ts [--out cdktf.out] [--reports reports/audit] [--jobs N]
//   tsx tools/audit/main.ts --write-docs     rewrite the justification table of docs/audit.md
// Exit status 1 when anything fails the audit (see docs/audit.md), 2 on a usage error.

const ROOT = path.resolve(__dirname, '..', '..');
const AUDIT = path.join(ROOT, 'tools', 'audit');
const POLICIES = path.join(AUDIT, 'policies');
const CANARY = path.join(AUDIT, 'fixtures', 'insecure');
const BAD_JUSTIFICATIONS = path.join(AUDIT, 'fixtures', 'bad-justifications');
const DOCS = path.join(ROOT, 'docs', 'audit.md');

interface Options {
  out: string;
  reports: string;
  jobs: number;
  writeDocs: boolean;
  checkov?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    out: path.join(ROOT, 'cdktf.out'),
    reports: path.join(ROOT, 'reports', 'audit'),
    jobs: Math.max(1, availableParallelism()),
    writeDocs: false,
    checkov: process.env.CHECKOV,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--out') options.out = path.resolve(value());
    else if (flag === '--reports') options.reports = path.resolve(value());
    else if (flag === '--jobs') options.jobs = Math.max(1, Number.parseInt(value(), 10) || 1);
    else if (flag === '--checkov') options.checkov = value();
    else if (flag === '--write-docs') options.writeDocs = true;
    else throw new Error(`unknown argument ${flag}`);
  }
  return options;
}

const relative = (file: string) => path.relative(ROOT, file) || '.';

/** Justifications of every stack, what is refused, and the derived cross-stack ones. */
function gatherJustifications(stacks: readonly Stack[]): {
  byStack: Map<string, Justification[]>;
  all: Justification[];
  problems: Problem[];
} {
  const byStack = new Map<string, Justification[]>();
  const problems: Problem[] = [];
  for (const stack of stacks) {
    const collected = collectJustifications(stack);
    byStack.set(stack.name, collected.justifications);
    problems.push(...collected.problems);
  }
  for (const derived of crossStackAttachments(stacks)) {
    byStack.get(derived.stack)?.push(derived);
  }
  return { byStack, all: [...byStack.values()].flat(), problems };
}

function writeDocs(stacks: readonly Stack[]): void {
  const { all, problems } = gatherJustifications(stacks);
  if (problems.length > 0) {
    for (const p of problems)
      console.error(`audit: ${p.stack}: ${p.address}: ${p.check} ${p.message}`);
    process.exit(1);
  }
  writeFileSync(DOCS, withDocsTable(readFileSync(DOCS, 'utf8'), justificationTable(all)));
  console.log(`audit: wrote the justification table of ${relative(DOCS)} (${all.length} rows)`);
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

async function audit(options: Options, stacks: readonly Stack[]): Promise<boolean> {
  const started = Date.now();
  const errors: string[] = [];
  const { reports } = options;
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(path.join(reports, 'baselines'), { recursive: true });

  // 1. Justifications → one checkov baseline per stack.
  const { byStack, all, problems } = gatherJustifications(stacks);
  for (const p of problems) {
    errors.push(`${p.stack}: refused justification of ${p.check} on ${p.address}: ${p.message}`);
  }
  for (const stack of stacks) {
    writeFileSync(
      path.join(reports, 'baselines', `${stack.name}.json`),
      `${JSON.stringify(baselineFor(byStack.get(stack.name) ?? []), null, 2)}\n`,
    );
  }

  // 2. The rules refuse what they must (no checkov needed).
  for (const wrong of judgeJustificationFixture(BAD_JUSTIFICATIONS)) {
    errors.push(`self-test (${relative(BAD_JUSTIFICATIONS)}): ${wrong}`);
  }

  // 3. docs/audit.md shows the justifications as they are.
  const table = justificationTable(all);
  writeFileSync(path.join(reports, 'justifications.md'), `${table.join('\n')}\n`);
  if (!docsAreCurrent(readFileSync(DOCS, 'utf8'), table)) {
    errors.push(
      `${relative(DOCS)}: the justification table is out of date: run \`node_modules/.bin/tsx tools/audit/main.ts --write-docs\``,
    );
  }

  // 4. checkov: a full scan (every result, for the counts and the stale check), the canary, and
  //    one scan per stack with its baseline (the gate as checkov sees it, SARIF and JUnit).
  const checkov = options.checkov;
  if (!checkov)
    throw new Error('CHECKOV is not set: run scripts/audit.sh (it sources audit-tools.env)');
  const common = commonArgs(POLICIES);
  const stacksDir = path.join(options.out, 'stacks');
  const full: Scan = {
    label: 'all stacks, no baseline',
    args: ['-d', stacksDir, ...common, '--skip-path', '\\.terraform'],
    outputDir: path.join(reports, 'full'),
    formats: ['json'],
  };
  const canary: Scan = {
    label: 'canary (insecure fixture)',
    args: ['-d', CANARY, ...common],
    outputDir: path.join(reports, 'canary'),
    formats: ['cli', 'json'],
  };
  const perStack: Scan[] = stacks.map((stack) => ({
    label: stack.name,
    args: [
      '-d',
      stack.dir,
      ...common,
      '--skip-path',
      '\\.terraform',
      '--baseline',
      path.join(reports, 'baselines', `${stack.name}.json`),
      '--output-baseline-as-skipped',
    ],
    outputDir: path.join(reports, stack.name),
    formats: ['cli', 'json', 'sarif', 'junitxml'],
  }));
  const scans = [full, canary, ...perStack];
  const results = await inPool(
    scans.map((scan) => () => runScan(checkov, scan, ROOT)),
    options.jobs,
  );
  const crashed = (result: ScanResult) => result.status > 1 || result.json === undefined;
  for (const result of results) {
    if (crashed(result)) {
      errors.push(
        `checkov crashed on ${result.scan.label} (exit ${result.status}): ${result.stderr.trim().split('\n').slice(-5).join(' | ')}`,
      );
    }
  }
  const [fullResult, canaryResult, ...stackResults] = results as [
    ScanResult,
    ScanResult,
    ...ScanResult[],
  ];

  // 5. Judge each stack from the full scan; the baseline scan must agree.
  const fullReport = parseReport(fullResult.json ?? {});
  for (const error of fullReport.parsingErrors) errors.push(`checkov could not parse ${error}`);
  const outcomes: { outcome: StackOutcome; records: CheckRecord[] }[] = [];
  const sarifInputs: StackSarif[] = [];
  stacks.forEach((stack, index) => {
    const records = fullReport.records.filter((r) => stackOfFile(r.file) === stack.name);
    const outcome = evaluateStack(stack, records, byStack.get(stack.name) ?? []);
    outcomes.push({ outcome, records });
    const stackResult = stackResults[index];
    if (!stackResult || crashed(stackResult)) return;
    const baselineRecords = parseReport(stackResult.json).records;
    for (const difference of compareWithBaselineScan(outcome, baselineRecords)) {
      errors.push(`${stack.name}: checkov's baseline scan disagrees: ${difference}`);
    }
    const reasons = new Map<string, string>();
    for (const j of byStack.get(stack.name) ?? []) {
      for (const address of checkovAddresses(j)) {
        reasons.set(`${j.check} ${address}`, `${j.because}: ${j.reason}`);
      }
    }
    try {
      sarifInputs.push({
        stack: stack.name,
        sarif: readJson(path.join(stackResult.scan.outputDir, 'results_sarif.sarif')),
        dir: relative(stack.dir),
        records: baselineRecords,
        reasons,
      });
    } catch {
      errors.push(`${stack.name}: checkov wrote no SARIF report`);
    }
  });
  if (stacks.length === 0)
    errors.push(`no stacks under ${relative(stacksDir)}: run \`make synth\``);

  // 6. The canary: checkov must catch what the insecure fixture does wrong.
  const canaryExpected = readJson(path.join(CANARY, 'expected.json')) as CanaryExpectations;
  const canaryProblems = crashed(canaryResult)
    ? ['the canary scan did not run']
    : judgeCanary(parseReport(canaryResult.json).records, canaryExpected, policyIds(POLICIES));
  for (const problem of canaryProblems) errors.push(`canary: ${problem}`);
  const canaryFailures = canaryExpected.fail.length;

  // 7. Reports for CI: merged SARIF (code scanning), JUnit, a JSON summary.
  writeFileSync(
    path.join(reports, 'checkov.sarif'),
    `${JSON.stringify(mergeSarif(sarifInputs), null, 2)}\n`,
  );
  writeFileSync(path.join(reports, 'checkov.junit.xml'), junitXml(outcomes, all));
  const failing = outcomes.flatMap(({ outcome }) => formatFailures([outcome]));
  const passed = failing.length === 0 && errors.length === 0;
  writeFileSync(
    path.join(reports, 'summary.json'),
    `${JSON.stringify(
      {
        passed,
        checkovVersion: process.env.CHECKOV_VERSION,
        stacks: outcomes.map(({ outcome: o }) => ({
          stack: o.stack,
          environment: o.environment,
          stage: o.stage,
          passed: o.passed,
          failed: o.failed.map((r) => ({ check: r.checkId, resource: r.resource })),
          justified: o.justified.length,
          stale: o.stale.map((s) => ({ check: s.justification.check, why: s.why })),
        })),
        justifications: all,
        errors,
        canary: { expectedFailures: canaryFailures, problems: canaryProblems },
      },
      null,
      2,
    )}\n`,
  );

  // 8. Console.
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const version = process.env.CHECKOV_VERSION ? ` ${process.env.CHECKOV_VERSION}` : '';
  console.log(
    `audit: checkov${version} on ${stacks.length} stacks, ${scans.length} scans, ${options.jobs} at a time, ${seconds}s`,
  );
  for (const line of formatSummary(outcomes.map(({ outcome }) => outcome)))
    console.log(`  ${line}`);
  console.log(`  justified by category: ${countByCategory(all).join('; ') || 'none'}`);
  console.log(
    `  canary: ${canaryProblems.length === 0 ? `caught all ${canaryFailures} planted findings` : `${canaryProblems.length} problem(s)`} (${relative(CANARY)})`,
  );
  if (failing.length > 0) {
    console.log('\nunjustified failures and stale justifications:');
    for (const line of failing) console.log(`  ${line}`);
  }
  if (errors.length > 0) {
    console.log('\nerrors:');
    for (const line of errors) console.log(`  ${line}`);
  }
  console.log(
    `\nreports: ${relative(reports)}/ (checkov.sarif, checkov.junit.xml, summary.json, baselines/, <stack>/results_*)`,
  );
  console.log(`audit (checkov): ${passed ? 'PASS' : 'FAIL'}`);
  return passed;
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`audit: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  const stacks = loadStacks(options.out);
  if (options.writeDocs) {
    writeDocs(stacks);
    return;
  }
  process.exitCode = (await audit(options, stacks)) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`audit: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
