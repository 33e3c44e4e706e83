/**
 * `make bench-api`: requests per second and latency of the production build on loopback.
 *
 * Starts `node apps/api/dist/main.js` (NODE_ENV=production) against the local PostgreSQL, Redis
 * and RabbitMQ (scripts/services.sh) with a database of its own, seeds published projects, and
 * runs autocannon at 64 connections against /hello, GET /projects (served from Redis) and
 * POST /contact (a transaction with an outbox row; the relay publishes to RabbitMQ meanwhile).
 * Prints one table and writes reports/bench-api.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { ROOT, withLocalApi } from '../local-api/local-api';

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
  const values = Array.from(
    { length: 20 },
    (_, index) =>
      `('project-${index + 1}', 'Project ${index + 1}', 'What project ${index + 1} does and why.', now() - interval '${index} days')`,
  ).join(',\n');
  await withLocalApi(
    {
      make: 'bench-api',
      port: PORT,
      seed: `INSERT INTO projects (slug, title, summary, published_at) VALUES ${values}`,
    },
    async ({ url }) => {
      const cached = await fetch(`${url}/projects`).then(() => fetch(`${url}/projects`));
      const cacheHeader = cached.headers.get('x-cache');

      const figures: Figures[] = [];
      figures.push(await measure('GET /hello', { url: `${url}/hello`, connections: CONNECTIONS }));
      figures.push(
        await measure('GET /projects (cached)', {
          url: `${url}/projects`,
          connections: CONNECTIONS,
        }),
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
    },
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
