import { junitCases } from './junit';

const REPORT = `<?xml version="1.0" encoding="utf-8"?>
<testsuites errors="1" failures="1" skipped="1" tests="4" time="3.2">
  <testsuite name="schemathesis" errors="1" failures="1" skipped="1" tests="4" time="3.2">
    <testcase name="POST /auth/login" time="2.5">
      <failure type="failure" message="ST202">1. Test Case ID: hltbEf &lt;details&gt;</failure>
    </testcase>
    <testcase name="GET /projects/{slug}" time="0.4"/>
    <testcase name="GET /hello" time="0.1"></testcase>
    <testcase name="GET /ready" time="0.1"><skipped message="no examples"/></testcase>
    <testcase name="Stateful tests" time="8.3">
      <error type="error">Runtime Error &amp; more</error>
    </testcase>
  </testsuite>
</testsuites>`;

describe("Schemathesis' JUnit report", () => {
  it('reads one case per operation, failed, passed or skipped', () => {
    expect(junitCases(REPORT)).toEqual([
      { name: 'POST /auth/login', status: 'failed', failures: ['ST202'] },
      { name: 'GET /projects/{slug}', status: 'passed', failures: [] },
      { name: 'GET /hello', status: 'passed', failures: [] },
      { name: 'GET /ready', status: 'skipped', failures: [] },
      { name: 'Stateful tests', status: 'failed', failures: ['error'] },
    ]);
  });

  it('reads nothing from an empty report', () => {
    expect(junitCases('<testsuites tests="0"/>')).toEqual([]);
  });
});
