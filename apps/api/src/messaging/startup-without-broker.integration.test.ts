import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../create-app';
import { createLogger } from '../logging/logger';
import { freePort } from '../testing/compiled-process';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';
import { eventually } from './testing/test-broker';

interface ReadyBody {
  failing?: string[];
  checks?: Record<string, string>;
}

/** Log lines as JSON objects, as the process writes them. */
class LogLines {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly raw: string[] = [];
  write(chunk: string): void {
    for (const line of chunk.split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
  }
  /** Lines from the RabbitMQ connection at warn level and above. */
  rabbitWarnings(): Array<Record<string, unknown>> {
    return this.lines.filter(
      (line) =>
        typeof line.context === 'string' &&
        line.context.startsWith('RabbitMq') &&
        ['warn', 'error', 'fatal'].includes(String(line.level)),
    );
  }
}

/**
 * Starts the API as main.ts does, timing it to the moment it listens, and asks /health and
 * /ready right away. Throws if listening takes longer than `limitMs`.
 */
async function startApi(environment: TestEnvironment, rabbitmq: Record<string, string>) {
  const config = {
    ...environment.config,
    logLevel: 'info' as const,
    rabbitmq: {
      ...environment.config.rabbitmq,
      host: rabbitmq.RABBITMQ_HOST ?? environment.config.rabbitmq.host,
      port: Number(rabbitmq.RABBITMQ_PORT ?? environment.config.rabbitmq.port),
      password: rabbitmq.RABBITMQ_PASSWORD ?? environment.config.rabbitmq.password,
    },
  };
  const logs = new LogLines();
  const started = Date.now();
  const app: NestFastifyApplication = await createApp(config, {
    logger: createLogger('info', 'skyport-api', { write: (chunk: string) => logs.write(chunk) }),
  });
  await app.listen(0, '127.0.0.1');
  const listenedAfterMs = Date.now() - started;
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const health = await fetch(`${url}/health`);
  const ready = await fetch(`${url}/ready`);
  return {
    app,
    url,
    logs,
    listenedAfterMs,
    health: health.status,
    ready: { status: ready.status, body: (await ready.json()) as ReadyBody },
  };
}

const ready = async (url: string) => {
  const response = await fetch(`${url}/ready`);
  return { status: response.status, body: (await response.json()) as ReadyBody };
};

describe('the API starts without waiting for RabbitMQ', () => {
  let environment: TestEnvironment;
  let proxy: TcpProxy;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment();
    proxy = await startTcpProxy(environment.config.rabbitmq.host, environment.config.rabbitmq.port);
    environment.onCleanup(() => proxy.close());
  });

  afterEach(async () => {
    proxy.resume();
    for (const app of apps.splice(0)) await app.close();
  });

  afterAll(async () => {
    await environment?.cleanup();
  });

  it('with the port refusing connections: listens at once, /health 200, /ready names rabbitmq, one log line', async () => {
    const port = await freePort();
    const api = await startApi(environment, { RABBITMQ_PORT: String(port) });
    apps.push(api.app);
    expect(api.listenedAfterMs).toBeLessThan(5_000);
    expect(api.health).toBe(200);
    expect(api.ready.status).toBe(503);
    expect(api.ready.body.failing).toEqual(['rabbitmq']);
    // Several attempts later, still the one line, naming what to fix.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const warnings = api.logs.rabbitWarnings();
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.msg)).toContain(`nothing accepts connections at 127.0.0.1:${port}`);
    expect(String(warnings[0]?.msg)).toContain('RABBITMQ_PORT');
    expect(api.logs.raw.join('\n')).not.toMatch(/\s+at \S+ \(/);
  });

  it('with the broker accepting TCP and never answering: listens at once, then connects once it answers', async () => {
    proxy.hang();
    const api = await startApi(environment, { RABBITMQ_PORT: String(proxy.port) });
    apps.push(api.app);
    expect(api.listenedAfterMs).toBeLessThan(5_000);
    expect(api.health).toBe(200);
    expect(api.ready.status).toBe(503);
    expect(api.ready.body.failing).toEqual(['rabbitmq']);
    // The attempt in progress times out (5 s) with one line; once the broker answers, the next
    // attempt, in the background, gets through.
    const timedOut = await eventually(
      () => Promise.resolve(api.logs.rabbitWarnings()),
      (warnings) => warnings.length > 0,
      { timeoutMs: 10_000 },
    );
    expect(timedOut).toHaveLength(1);
    expect(String(timedOut[0]?.msg)).toContain(`no AMQP answer from 127.0.0.1:${proxy.port}`);
    proxy.resume();
    const up = await eventually(
      () => ready(api.url),
      (r) => r.status === 200,
      { timeoutMs: 20_000 },
    );
    expect(up.body.checks?.rabbitmq).toBe('up');
    const warnings = api.logs.rabbitWarnings();
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.msg)).toContain('RABBITMQ_TLS');
  });

  it('with a host name that resolves to nothing: listens at once and names RABBITMQ_HOST', async () => {
    const api = await startApi(environment, { RABBITMQ_HOST: 'rabbitmq.skyport.invalid' });
    apps.push(api.app);
    expect(api.listenedAfterMs).toBeLessThan(5_000);
    expect(api.health).toBe(200);
    expect(api.ready.status).toBe(503);
    expect(api.ready.body.failing).toEqual(['rabbitmq']);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const warnings = api.logs.rabbitWarnings();
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.msg)).toContain(
      'the host name rabbitmq.skyport.invalid does not resolve; check RABBITMQ_HOST',
    );
  });

  it('with a wrong password: one log line naming RABBITMQ_PASSWORD, no stack trace', async () => {
    const api = await startApi(environment, { RABBITMQ_PASSWORD: 'not-the-password' });
    apps.push(api.app);
    expect(api.health).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await ready(api.url)).body.failing).toEqual(['rabbitmq']);
    const warnings = api.logs.rabbitWarnings();
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.msg)).toContain('refused the user name or password');
    expect(String(warnings[0]?.msg)).toContain('RABBITMQ_PASSWORD');
    expect(api.logs.raw.join('\n')).not.toContain('not-the-password');
    expect(api.logs.raw.join('\n')).not.toMatch(/\s+at \S+ \(/);
  });
});
