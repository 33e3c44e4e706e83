import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readJestResults } from './jest-results';
import { closingLine, parseSteps, summarize } from './summarize';

// Usage: tsx tools/ci-summary/main.ts <step log>. Prints a table and the closing
// `ci: N passed, N failed` line; exits 1 when anything failed.
const root = path.resolve(__dirname, '..', '..');
const stepLog = process.argv[2] ?? path.join(root, 'reports', 'ci-steps.tsv');

const summary = summarize(
  parseSteps(existsSync(stepLog) ? readFileSync(stepLog, 'utf8') : ''),
  readJestResults(root),
);
console.log('\nCI summary');
for (const line of summary.lines) console.log(line);
console.log(closingLine(summary));
process.exit(summary.failed > 0 ? 1 : 0);
