import { closingLine, parseSteps, summarize, type JestResults } from './summarize';

const jestResult = (passed: number, failed: number, pending = 0): JestResults => ({
  numPassedTests: passed,
  numFailedTests: failed,
  numPendingTests: pending,
});

describe('CI summary', () => {
  it('counts each test case and each non-test step', () => {
    const summary = summarize(
      parseSteps('lint\t0\t3.2\ntypecheck\t0\t4.0\ntest\t0\t40.1\nsynth\t0\t1.5\n'),
      new Map([
        ['stacks', jestResult(13, 0)],
        ['apps/api', jestResult(4, 0)],
      ]),
    );
    expect(closingLine(summary)).toBe('ci: 20 passed, 0 failed');
  });

  it('counts failing test cases, not the failed test step on top of them', () => {
    const summary = summarize(
      parseSteps('lint\t0\t1\ntest\t1\t9\n'),
      new Map([['stacks', jestResult(10, 2)]]),
    );
    expect(closingLine(summary)).toBe('ci: 11 passed, 2 failed');
  });

  it('counts a test step that failed before any test ran as one failure', () => {
    const summary = summarize(parseSteps('test\t2\t5\n'), new Map());
    expect(closingLine(summary)).toBe('ci: 0 passed, 1 failed');
  });

  it('counts the API fuzz run by its cases, and a fuzz step that failed without any as one failure', () => {
    const fuzzed = summarize(
      parseSteps('test\t0\t9\napi-fuzz\t1\t200\n'),
      new Map([
        ['apps/api', jestResult(5, 0)],
        ['tools (api-fuzz)', jestResult(30, 2)],
      ]),
    );
    expect(closingLine(fuzzed)).toBe('ci: 35 passed, 2 failed');
    const broken = summarize(
      parseSteps('test\t0\t9\napi-fuzz\t2\t3\n'),
      new Map([['apps/api', jestResult(5, 0)]]),
    );
    expect(closingLine(broken)).toBe('ci: 5 passed, 1 failed');
  });

  it('reports skipped tests so they cannot hide', () => {
    expect(closingLine(summarize([], new Map([['tools', jestResult(3, 0, 2)]])))).toBe(
      'ci: 3 passed, 0 failed, 2 skipped',
    );
  });

  it('marks failed steps in the table', () => {
    const { lines } = summarize(parseSteps('lint\t1\t2.0\n'), new Map());
    expect(lines).toEqual(['  FAIL   make lint            2.0 s']);
  });

  it('rejects a malformed step log line, naming it', () => {
    expect(() => parseSteps('lint\t0\t1\nbroken line\n')).toThrow(
      'step log line 2 is not "name<TAB>exit code<TAB>seconds": broken line',
    );
  });
});
