import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { closingLine, parseSteps, summarize, type JestResults } from './summarize';

// Usage: tsx tools/ci-summary/main.ts <step log>. Prints a table and the closing
// `ci: N passed, N failed` line; exits 1 when anything failed.
const root = path.resolve(__dirname, '..', '..');
const stepLog = process.argv[2] ?? path.join(root, 'reports', 'ci-steps.tsv');
const workspaces = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] }
).workspaces;

const tests = new Map<string, JestResults>();
for (const workspace of workspaces) {
  const file = path.join(root, workspace, 'test-results', 'jest.json');
  if (existsSync(file)) tests.set(workspace, JSON.parse(readFileSync(file, 'utf8')) as JestResults);
}

const summary = summarize(
  parseSteps(existsSync(stepLog) ? readFileSync(stepLog, 'utf8') : ''),
  tests,
);
console.log('\nCI summary');
for (const line of summary.lines) console.log(line);
console.log(closingLine(summary));
process.exit(summary.failed > 0 ? 1 : 0);
