/** One `make` step of a CI run, as scripts/ci.sh records it. */
export interface StepResult {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
}

/** The counts Jest writes with `--json` (the fields we read). */
export interface JestResults {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly numPendingTests: number;
  readonly numTodoTests?: number;
}

export interface Summary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly lines: string[];
}

/**
 * The steps whose outcome is counted by their test cases, and the result files that belong to each:
 * `make test` writes every workspace's `jest.json` (and suites run elsewhere), `make api-fuzz`
 * writes `tools/test-results/jest-api-fuzz.json` (one case per operation per identity).
 */
export const TEST_STEPS: Readonly<Record<string, (results: string) => boolean>> = {
  'api-fuzz': (results) => results.endsWith('(api-fuzz)'),
  test: (results) => !results.endsWith('(api-fuzz)'),
};

/**
 * Folds the steps and the test results into one count. Each test case counts once; every step that
 * is not a test run (lint, typecheck, synth, ...) counts as one check. A test step that failed
 * without any failing test case of its own (services did not start, a suite did not compile)
 * counts as one failure, so a broken run can never read as green.
 */
export function summarize(
  steps: readonly StepResult[],
  tests: ReadonlyMap<string, JestResults>,
  testSteps: Readonly<Record<string, (results: string) => boolean>> = TEST_STEPS,
): Summary {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const lines: string[] = [];
  for (const [workspace, result] of [...tests].sort(([a], [b]) => a.localeCompare(b))) {
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    skipped += result.numPendingTests + (result.numTodoTests ?? 0);
    lines.push(
      `  tests  ${workspace.padEnd(16)} ${result.numPassedTests} passed, ${result.numFailedTests} failed`,
    );
  }
  for (const step of steps) {
    const verdict = step.ok ? 'ok  ' : 'FAIL';
    lines.push(
      `  ${verdict}   make ${step.name.padEnd(11)} ${step.seconds.toFixed(1).padStart(7)} s`,
    );
    const owns = testSteps[step.name];
    if (owns) {
      const ownFailures = [...tests]
        .filter(([results]) => owns(results))
        .reduce((sum, [, result]) => sum + result.numFailedTests, 0);
      if (!step.ok && ownFailures === 0) failed += 1;
    } else if (step.ok) {
      passed += 1;
    } else {
      failed += 1;
    }
  }
  return { passed, failed, skipped, lines };
}

/** The closing line CI readers and tools look for. */
export function closingLine({ passed, failed, skipped }: Summary): string {
  return `ci: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

/** Parses the tab-separated step log (`name<TAB>exit code<TAB>seconds`). */
export function parseSteps(text: string): StepResult[] {
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, index) => {
      const [name, code, seconds] = line.split('\t');
      if (!name || code === undefined || seconds === undefined || !/^\d+$/.test(code)) {
        throw new Error(
          `step log line ${index + 1} is not "name<TAB>exit code<TAB>seconds": ${line}`,
        );
      }
      return { name, ok: code === '0', seconds: Number(seconds) };
    });
}
