/**
 * `make bench-api`: requests per second and latency of the production build on loopback.
 *
 * Starts `node apps/api/dist/main.js` (NODE_ENV=production) against the local PostgreSQL, Redis
 * and RabbitMQ (scripts/services.sh) with a database of its own, seeds published projects, and
 * runs autocannon at 64 connections against /hello, GET /projects (served from Redis) and
 * POST /contact (a transaction with an outbox row; the relay publishes to RabbitMQ meanwhile).
 *
 * `make bench-api BASELINE=<commit>` also builds that commit's API (baseline-build.ts) and starts
 * it beside the current one, with the same services, seed and requests (a database, Redis prefix
 * and queue of its own), then measures baseline and current alternately per route (A B A B, so
 * the machine's noise hits both) and prints the ratio current ÷ baseline. After each contact run
 * the next run waits until that side's relay has published every outbox row.
 *
 * Prints one table and writes reports/bench-api.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { need, ROOT, withLocalApi, type LocalApi } from '../local-api/local-api';
import { prepareBaseline, type BaselineBuild } from './baseline-build';
import {
  checkTargets,
  formatTable,
  routeFigures,
  SCENARIOS,
  type RouteFigures,
  type RunFigures,
} from './figures';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3900);
const BASELINE = process.env.BENCH_BASELINE?.trim() || undefined;
/** Measured runs per route and side; with a baseline they alternate A B A B A B (3 rounds). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (BASELINE ? 3 : 1));
/** `hello,projects,contact` (all by default). */
const ROUTES = (process.env.BENCH_ROUTES ?? 'hello,projects,contact')
  .split(',')
  .map((route) => route.trim())
  .filter(Boolean);
/** BENCH_CPU_PROF=1: each API writes a V8 CPU profile into reports/bench-api-profiles/<side>/. */
const CPU_PROFILE = process.env.BENCH_CPU_PROF === '1';
const OUTBOX_DRAIN_TIMEOUT_MS = 120_000;

type RouteName = keyof typeof SCENARIOS;

/** One API under test, and a connection to its database for the outbox count. */
interface Side {
  readonly name: 'baseline' | 'current';
  readonly api: LocalApi;
  readonly db: Client;
}

/** A fresh client address per request: the contact form's per-IP limit is not what is measured. */
function randomForwardedFor(): string {
  const bytes = randomBytes(3);
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}

const CONTACT_BODY = JSON.stringify({
  name: 'Benchmark',
  email: 'bench@example.com',
  message: 'A contact message of ordinary length, sent by the benchmark.',
});

function requestOptions(route: RouteName, url: string): autocannon.Options {
  if (route === 'hello') return { url: `${url}/hello`, connections: CONNECTIONS };
  if (route === 'projects') return { url: `${url}/projects`, connections: CONNECTIONS };
  return {
    url,
    connections: CONNECTIONS,
    requests: [
      {
        method: 'POST',
        path: '/contact',
        setupRequest: (request) => ({
          ...request,
          headers: { 'content-type': 'application/json', 'x-forwarded-for': randomForwardedFor() },
          body: CONTACT_BODY,
        }),
      },
    ],
  };
}

async function pendingOutboxRows(side: Side): Promise<number> {
  const result = await side.db.query<{ pending: number }>(
    `SELECT count(*)::int AS "pending" FROM "outbox_messages" WHERE "published_at" IS NULL`,
  );
  return result.rows[0]?.pending ?? 0;
}

/** Waits until the side's relay has published everything, so its backlog does not load the next run. */
async function waitForOutboxDrained(side: Side): Promise<void> {
  const deadline = Date.now() + OUTBOX_DRAIN_TIMEOUT_MS;
  while ((await pendingOutboxRows(side)) > 0) {
    if (Date.now() > deadline) {
      throw new Error(
        `bench-api: the ${side.name} API's outbox still has pending rows after ${OUTBOX_DRAIN_TIMEOUT_MS / 1000} s: is RabbitMQ up?`,
      );
    }
    await new Promise((done) => setTimeout(done, 200));
  }
}

async function run(route: RouteName, side: Side, seconds: number): Promise<RunFigures> {
  const result = await autocannon({ ...requestOptions(route, side.api.url), duration: seconds });
  const figures: RunFigures = {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ...(route === 'contact' ? { outboxPendingAfter: await pendingOutboxRows(side) } : {}),
  };
  if (route === 'contact') await waitForOutboxDrained(side);
  return figures;
}

/** Every route: a 2 s warm-up per side (JIT, pools, cache; not counted), then the rounds. */
async function measure(sides: readonly Side[]): Promise<RouteFigures[]> {
  const routes: RouteFigures[] = [];
  for (const route of ROUTES) {
    if (!(route in SCENARIOS)) {
      throw new Error(
        `BENCH_ROUTES ${route} is not a route; use ${Object.keys(SCENARIOS).join(', ')}`,
      );
    }
    const name = route as RouteName;
    for (const side of sides) await run(name, side, 2);
    const runs = new Map<Side['name'], RunFigures[]>(sides.map((side) => [side.name, []]));
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const side of sides) {
        const figures = await run(name, side, DURATION_S);
        runs.get(side.name)?.push(figures);
        console.log(
          `bench-api: ${SCENARIOS[name]}, ${side.name}, run ${round}/${ROUNDS}: ${figures.requestsPerSecond} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`,
        );
      }
    }
    const baseline = runs.get('baseline');
    routes.push(routeFigures(SCENARIOS[name], runs.get('current') ?? [], baseline));
  }
  return routes;
}

/** Opens the side's database connection (closed before the API's database is dropped). */
async function withSide(
  name: Side['name'],
  api: LocalApi,
  use: (side: Side) => Promise<void>,
): Promise<void> {
  const db = new Client({
    host: need('DATABASE_HOST', 'bench-api'),
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: need('DATABASE_USER', 'bench-api'),
    password: need('DATABASE_PASSWORD', 'bench-api'),
    database: api.database,
  });
  await db.connect();
  try {
    // Twice: the first request fills the cache, the second shows it answers from it.
    const cached = await fetch(`${api.url}/projects`).then(() => fetch(`${api.url}/projects`));
    console.log(
      `bench-api: ${name} API on ${api.url}, GET /projects cache header: ${cached.headers.get('x-cache') ?? 'none'}`,
    );
    await use({ name, api, db });
  } finally {
    await db.end();
  }
}

function report(routes: RouteFigures[], baseline: BaselineBuild | undefined): void {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const against = baseline ? `, baseline ${BASELINE} (${baseline.sha.slice(0, 12)})` : '';
  console.log(
    `\nbench-api: ${CONNECTIONS} connections, ${DURATION_S} s per run, ${ROUNDS} run(s) per route and side${against}, ${machine}`,
  );
  for (const line of formatTable(routes)) console.log(line);
  const targets = checkTargets(routes);
  if (targets.length > 0) {
    console.log('\n| issue 15 target | measured | met |');
    console.log('| --- | ---: | --- |');
    for (const check of targets) {
      console.log(`| ${check.target} | ${check.measured} | ${check.met ? 'yes' : 'no'} |`);
    }
  }
  mkdirSync(resolve(ROOT, 'reports'), { recursive: true });
  writeFileSync(
    resolve(ROOT, 'reports/bench-api.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        connections: CONNECTIONS,
        durationSeconds: DURATION_S,
        rounds: ROUNDS,
        baseline: baseline ? { ref: BASELINE, sha: baseline.sha } : null,
        figures: routes,
        targets,
      },
      null,
      2,
    )}\n`,
  );
  console.log('bench-api: figures written to reports/bench-api.json');
}

function profileArgs(side: Side['name']): string[] {
  if (!CPU_PROFILE) return [];
  const dir = resolve(ROOT, 'reports/bench-api-profiles', side);
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

async function main(): Promise<void> {
  const baseline = BASELINE ? prepareBaseline(ROOT, BASELINE) : undefined;
  const values = Array.from(
    { length: 20 },
    (_, index) =>
      `('project-${index + 1}', 'Project ${index + 1}', 'What project ${index + 1} does and why.', now() - interval '${index} days')`,
  ).join(',\n');
  const seed = `INSERT INTO projects (slug, title, summary, published_at) VALUES ${values}`;
  // The metrics listener picks a free port, so two APIs side by side do not collide.
  const env = { METRICS_PORT: '0' };
  await withLocalApi(
    { make: 'bench-api', port: PORT, seed, env, nodeArgs: profileArgs('current') },
    (current) =>
      withSide('current', current, async (mine) => {
        if (!baseline) {
          report(await measure([mine]), undefined);
          return;
        }
        await withLocalApi(
          {
            make: 'bench-api',
            port: PORT + 1,
            seed,
            env,
            apiDir: baseline.apiDir,
            nodeArgs: profileArgs('baseline'),
          },
          (theirs) =>
            withSide('baseline', theirs, async (base) => {
              report(await measure([base, mine]), baseline);
            }),
        );
      }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
