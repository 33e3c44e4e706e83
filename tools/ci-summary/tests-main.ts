import path from 'node:path';
import { readJestResults } from './jest-results';
import { closingLine, summarize } from './summarize';

// Usage: tsx tools/ci-summary/tests-main.ts <turbo exit code>. After `make test`: one line per
// workspace, then `test: N passed, N failed`. A turbo failure with no failing test case (a suite
// that did not compile, services that did not start) still counts as a failure.
const root = path.resolve(__dirname, '..', '..');
const turboExit = Number(process.argv[2] ?? '0');
const summary = summarize(
  [{ name: 'test', ok: turboExit === 0, seconds: 0 }],
  readJestResults(root),
);
for (const line of summary.lines.filter((text) => text.trimStart().startsWith('tests')))
  console.log(line);
console.log(closingLine(summary).replace(/^ci:/, 'test:'));
process.exit(summary.failed > 0 ? 1 : 0);
