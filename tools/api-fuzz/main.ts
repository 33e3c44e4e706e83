/**
 * `make api-fuzz`: Schemathesis (scripts/api-fuzz-tools.sh) with every check against the API's
 * production build on loopback, from its own OpenAPI document (apps/api/openapi.json), twice:
 * anonymous, and as the owner (registered with the setup code, then logged in). The assistant is
 * answered by the stand-in model. Ends with one line; exits 1 when Schemathesis found anything.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { API_DIR, need, ROOT, withLocalApi } from '../local-api/local-api';

const PORT = Number(process.env.API_FUZZ_PORT ?? 3910);
const MODEL_PORT = PORT + 1;
// Enough for the coverage phase's edge cases and some fuzzing on a 2-core machine.
const MAX_EXAMPLES = process.env.API_FUZZ_MAX_EXAMPLES ?? '40';
const st = process.argv[2] ?? 'st';
const reports = resolve(ROOT, 'reports', 'api-fuzz');

function schemathesis(label: string, url: string, headers: string[]): Promise<number> {
  console.log(`api-fuzz: ${label}: schemathesis with every check ...`);
  return new Promise((done) => {
    const child = spawn(
      st,
      [
        'run',
        resolve(API_DIR, 'openapi.json'),
        '--url',
        url,
        '--checks',
        'all',
        '--max-examples',
        MAX_EXAMPLES,
        '--workers',
        process.env.API_FUZZ_WORKERS ?? '1',
        '--seed',
        process.env.API_FUZZ_SEED ?? '1',
        '--report',
        'junit',
        '--report-dir',
        resolve(reports, label),
        '--no-color',
        ...headers.flatMap((header) => ['--header', header]),
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
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  // 202 whether or not the address was free (decision 0018): signing in below proves it worked.
  const registered = await post('/auth/register', { email, password, setupCode });
  if (registered.status !== 202) {
    throw new Error(`registering the owner answered ${registered.status}`);
  }
  const login = await post('/auth/login', { email, password });
  const body = (await login.json()) as { accessToken?: string };
  if (!body.accessToken) throw new Error(`logging in as the owner answered ${login.status}`);
  return body.accessToken;
}

async function main(): Promise<number> {
  mkdirSync(reports, { recursive: true });
  return withLocalApi(
    { make: 'api-fuzz', port: PORT, standInModelPort: MODEL_PORT },
    async ({ url }) => {
      const anonymous = await schemathesis('anonymous', url, []);
      const token = await ownerToken(url);
      const owner = await schemathesis('owner', url, [`Authorization: Bearer ${token}`]);
      const verdict = (code: number) => (code === 0 ? 'clean' : `FAILED (exit ${code})`);
      console.log(
        `api-fuzz: anonymous ${verdict(anonymous)}, owner ${verdict(owner)}; JUnit reports in reports/api-fuzz/`,
      );
      return anonymous === 0 && owner === 0 ? 0 : 1;
    },
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`api-fuzz: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
