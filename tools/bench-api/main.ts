/**
 * `make bench-api`: requests per second and latency of the production build on loopback.
 *
 * Starts `node apps/api/dist/main.js` (NODE_ENV=production) against the local PostgreSQL, Redis
 * and RabbitMQ (scripts/services.sh) with a database of its own, seeds published projects, and
 * runs autocannon at 64 connections against /hello, GET /projects (served from Redis) and
 * POST /contact (a transaction with an outbox row; the relay publishes to RabbitMQ meanwhile).
 * Prints one table and writes reports/bench-api.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '..', '..');
const API = resolve(ROOT, 'apps/api/dist');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3900);

interface Figures {
  readonly scenario: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

function need(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run through \`make bench-api\` (it loads .services/services.env)`,
    );
  }
  return value;
}

async function sql(database: string, statement: string): Promise<void> {
  const client = new Client({
    host: need('DATABASE_HOST'),
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: need('DATABASE_USER'),
    password: need('DATABASE_PASSWORD'),
    database,
  });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function run(command: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, command, { env, stdio: 'inherit' });
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${command.join(' ')} exited ${code}`)),
    );
  });
}

async function waitForReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    try {
      if ((await fetch(`${url}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${url}/ready never answered 200`);
}

async function measure(scenario: string, options: autocannon.Options): Promise<Figures> {
  // Warm-up: JIT, pools and the cache, not counted.
  await autocannon({ ...options, duration: 2 });
  const result = await autocannon({ ...options, duration: DURATION_S });
  return {
    scenario,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** A fresh client address per request: the contact form's per-IP limit is not what is measured. */
function randomForwardedFor(): string {
  const bytes = randomBytes(3);
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}

async function main(): Promise<void> {
  const database = `skyport_bench_${randomBytes(4).toString('hex')}`;
  const admin = need('DATABASE_NAME');
  await sql(admin, `CREATE DATABASE "${database}"`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(PORT),
    LOG_LEVEL: 'warn',
    DATABASE_NAME: database,
    DATABASE_SSL: 'disable',
    REDIS_KEY_PREFIX: `bench:${database}:`,
    RABBITMQ_QUEUE: `contact-bench-${database.slice(-8)}`,
    SHUTDOWN_GRACE_MS: '0',
  };
  let api: ChildProcess | undefined;
  try {
    await run([resolve(API, 'migrate.js')], env);
    const values = Array.from(
      { length: 20 },
      (_, index) =>
        `('project-${index + 1}', 'Project ${index + 1}', 'What project ${index + 1} does and why.', now() - interval '${index} days')`,
    ).join(',\n');
    await sql(
      database,
      `INSERT INTO projects (slug, title, summary, published_at) VALUES ${values}`,
    );

    api = spawn(process.execPath, [resolve(API, 'main.js')], { env, stdio: 'inherit' });
    const url = `http://127.0.0.1:${PORT}`;
    await waitForReady(url);
    const cached = await fetch(`${url}/projects`).then(() => fetch(`${url}/projects`));
    const cacheHeader = cached.headers.get('x-cache');

    const figures: Figures[] = [];
    figures.push(await measure('GET /hello', { url: `${url}/hello`, connections: CONNECTIONS }));
    figures.push(
      await measure('GET /projects (cached)', { url: `${url}/projects`, connections: CONNECTIONS }),
    );
    const contact = JSON.stringify({
      name: 'Benchmark',
      email: 'bench@example.com',
      message: 'A contact message of ordinary length, sent by the benchmark.',
    });
    figures.push(
      await measure('POST /contact', {
        url,
        connections: CONNECTIONS,
        requests: [
          {
            method: 'POST',
            path: '/contact',
            setupRequest: (request) => ({
              ...request,
              headers: {
                'content-type': 'application/json',
                'x-forwarded-for': randomForwardedFor(),
              },
              body: contact,
            }),
          },
        ],
      }),
    );

    const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    console.log(
      `\nbench-api: ${CONNECTIONS} connections, ${DURATION_S} s per scenario, ${machine}`,
    );
    console.log(`GET /projects cache header before the run: ${cacheHeader ?? 'none'}`);
    console.log('| scenario | req/s | p50 ms | p99 ms | requests | non-2xx | errors |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const row of figures) {
      console.log(
        `| ${row.scenario} | ${row.requestsPerSecond} | ${row.p50Ms} | ${row.p99Ms} | ${row.requests} | ${row.non2xx} | ${row.errors} |`,
      );
    }
    mkdirSync(resolve(ROOT, 'reports'), { recursive: true });
    writeFileSync(
      resolve(ROOT, 'reports/bench-api.json'),
      `${JSON.stringify({ machine, connections: CONNECTIONS, durationSeconds: DURATION_S, figures }, null, 2)}\n`,
    );
  } finally {
    if (api && api.exitCode === null) {
      const exited = new Promise((done) => api?.on('exit', done));
      api.kill('SIGTERM');
      await exited;
    }
    await sql(admin, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
