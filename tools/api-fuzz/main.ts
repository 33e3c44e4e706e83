/**
 * `make api-fuzz` (and a step of `make ci`): Schemathesis (scripts/api-fuzz-tools.sh, pinned with its
 * dependencies) with every check against the API's production build on loopback, from its own
 * OpenAPI document (apps/api/openapi.json), twice: anonymous, and as the owner (registered with the
 * setup code, then signed in). The assistant is answered by the stand-in model. Writes one test
 * case per operation per identity to tools/test-results/jest-api-fuzz.json, which the CI summary
 * counts, and ends with one line; exits 1 when Schemathesis found anything.
 *
 * - One worker: Schemathesis runs workers as threads, and CPython 3.11's AST constructor keeps its
 *   recursion depth in state the threads share; Hypothesis parses source to describe lambdas, so two
 *   threads doing it at once failed operations with "AST constructor recursion depth mismatch"
 *   (python/cpython#106905). One worker never races, and a 2-core machine gains little from two.
 * - The owner run leaves out POST /auth/logout: it would revoke the token the rest of the run
 *   uses. The anonymous run covers its documented answers without a token.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { API_DIR, need, ROOT, withLocalApi } from '../local-api/local-api';
import { junitCases, type FuzzCase } from './junit';

const PORT = Number(process.env.API_FUZZ_PORT ?? 3910);
const MODEL_PORT = PORT + 1;
// Enough for the coverage phase's edge cases and some fuzzing, a few minutes on a 2-core machine.
const MAX_EXAMPLES = process.env.API_FUZZ_MAX_EXAMPLES ?? '10';
const st = process.argv[2] ?? 'st';
const reports = resolve(ROOT, 'reports', 'api-fuzz');
const testResults = resolve(ROOT, 'tools', 'test-results');
// The owner signs up and in from an address of its own (the API trusts one proxy hop), so the
// anonymous run's registrations and sign-ins cannot use up its limits.
const OWNER_CLIENT = '10.77.1.1';

function schemathesis(label: string, url: string, extra: string[]): Promise<number> {
  console.log(`api-fuzz: ${label}: schemathesis with every check ...`);
  rmSync(resolve(reports, label), { recursive: true, force: true });
  return new Promise((done) => {
    const child = spawn(
      st,
      [
        '--config-file',
        resolve(__dirname, 'schemathesis.toml'),
        'run',
        resolve(API_DIR, 'openapi.json'),
        '--url',
        url,
        '--checks',
        'all',
        '--max-examples',
        MAX_EXAMPLES,
        '--workers',
        '1',
        '--seed',
        process.env.API_FUZZ_SEED ?? '1',
        '--report',
        'junit',
        '--report-dir',
        resolve(reports, label),
        '--no-color',
        ...extra,
      ],
      { stdio: 'inherit', env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' } },
    );
    child.on('error', (error) => {
      console.error(`api-fuzz: cannot run ${st}: ${error.message}`);
      done(127);
    });
    child.on('exit', (code) => done(code ?? 1));
  });
}

async function ownerToken(url: string): Promise<string> {
  const email = need('OWNER_EMAIL', 'api-fuzz');
  const setupCode = createHmac('sha256', need('AUTH_TOKEN_SECRET', 'api-fuzz'))
    .update(`skyport-owner-setup:${email.toLowerCase()}`)
    .digest('hex');
  const password = 'api-fuzz owner password';
  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': OWNER_CLIENT },
      body: JSON.stringify(body),
    });
  // 202 whether or not the address was free (decision 0018): signing in below proves it worked.
  const registered = await post('/auth/register', { email, password, setupCode });
  if (registered.status !== 202) {
    throw new Error(`registering the owner answered ${registered.status}`);
  }
  const login = await post('/auth/login', { email, password });
  const body = (await login.json()) as { accessToken?: string };
  if (!body.accessToken) throw new Error(`signing in as the owner answered ${login.status}`);
  return body.accessToken;
}

/** The cases of the newest JUnit report in reports/api-fuzz/<label>/, named after the identity. */
function casesOf(label: string): FuzzCase[] {
  const dir = resolve(reports, label);
  if (!existsSync(dir)) return [];
  const newest = readdirSync(dir)
    .filter((file) => file.endsWith('.xml'))
    .sort()
    .at(-1);
  if (!newest) return [];
  return junitCases(readFileSync(resolve(dir, newest), 'utf8')).map((item) => ({
    ...item,
    name: `${label}: ${item.name}`,
  }));
}

/** The counts a Jest `--json` report carries, which tools/ci-summary reads. */
function writeTestResults(cases: FuzzCase[], ran: boolean): void {
  mkdirSync(testResults, { recursive: true });
  const count = (status: FuzzCase['status']) => cases.filter((c) => c.status === status).length;
  writeFileSync(
    resolve(testResults, 'jest-api-fuzz.json'),
    `${JSON.stringify(
      {
        // A run that produced no report at all is one failure, never a green nothing.
        numPassedTests: count('passed'),
        numFailedTests: count('failed') + (ran ? 0 : 1),
        numPendingTests: count('skipped'),
        testResults: cases,
      },
      null,
      2,
    )}\n`,
  );
}

async function main(): Promise<number> {
  mkdirSync(reports, { recursive: true });
  rmSync(resolve(testResults, 'jest-api-fuzz.json'), { force: true });
  const started = Date.now();
  const codes = await withLocalApi(
    { make: 'api-fuzz', port: PORT, standInModelPort: MODEL_PORT },
    async ({ url }) => {
      // Signed in first: the token lives 15 minutes, far longer than both runs.
      const token = await ownerToken(url);
      const anonymous = await schemathesis('anonymous', url, []);
      const owner = await schemathesis('owner', url, [
        '--header',
        `Authorization: Bearer ${token}`,
        '--exclude-path',
        '/auth/logout',
      ]);
      return { anonymous, owner };
    },
  );
  const cases = [...casesOf('anonymous'), ...casesOf('owner')];
  writeTestResults(cases, cases.length > 0);
  const failed = cases.filter((item) => item.status === 'failed').length;
  const verdict = (code: number) => (code === 0 ? 'clean' : `FAILED (exit ${code})`);
  console.log(
    `api-fuzz: anonymous ${verdict(codes.anonymous)}, owner ${verdict(codes.owner)}; ` +
      `${cases.length - failed} of ${cases.length} operation runs passed in ` +
      `${Math.round((Date.now() - started) / 1000)} s; JUnit reports in reports/api-fuzz/`,
  );
  return codes.anonymous === 0 && codes.owner === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`api-fuzz: ${error instanceof Error ? error.message : String(error)}`);
    writeTestResults([], false);
    process.exit(1);
  },
);
