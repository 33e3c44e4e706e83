import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiConfig } from '../config/config';
import { createApp } from '../create-app';
import { createLogger } from '../logging/logger';
import { freePort } from '../testing/compiled-process';
import { eventually } from '../testing/eventually';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';

interface ReadyBody {
  failing?: string[];
  checks?: Record<string, string>;
}

/** The app on `redis` (other settings from the test environment), with its log lines kept. */
async function startApp(
  environment: TestEnvironment,
  redis: Partial<ApiConfig['redis']>,
): Promise<{ app: NestFastifyApplication; url: string; startMs: number; logs: string[] }> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const config: ApiConfig = {
    ...environment.config,
    redis: { ...environment.config.redis, ...redis },
  };
  const started = Date.now();
  const app = await createApp(config, { logger: createLogger('info', 'test', sink) });
  await app.listen(0, '127.0.0.1');
  const startMs = Date.now() - started;
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, startMs, logs };
}

async function ready(url: string): Promise<{ status: number; body: ReadyBody }> {
  const response = await fetch(`${url}/ready`);
  return { status: response.status, body: (await response.json()) as ReadyBody };
}

/** The lines about Redis's connection: exactly the ones an operator would read. */
function redisLines(logs: string[]): string[] {
  return logs.filter((line) => line.includes('"context":"Redis"'));
}

/** A throwaway redis-server of its own on `port` (the real server, with the given arguments). */
async function startRedisServer(port: number, args: string[] = []): Promise<ChildProcess> {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', tmpdir(), '--save', '', ...args],
    { stdio: 'ignore' },
  );
  await eventually(
    () =>
      fetch(`http://127.0.0.1:${port}`).then(
        () => true,
        (error: { cause?: { code?: string } }) => error.cause?.code !== 'ECONNREFUSED',
      ),
    (up) => up,
    { timeoutMs: 5_000 },
  );
  return server;
}

describe('start-up never waits for Redis', () => {
  let environment: TestEnvironment;
  let proxy: TcpProxy;
  const apps: NestFastifyApplication[] = [];
  const servers: ChildProcess[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment();
    proxy = await startTcpProxy('127.0.0.1', Number(process.env.REDIS_PORT ?? 6379));
    // One start with Redis up first, so the first case does not also pay for loading and
    // compiling every module: what is measured below is waiting, not a cold start.
    const warm = await startApp(environment, {});
    await warm.app.close();
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const server of servers.splice(0)) server.kill();
    proxy.resume();
  });

  afterAll(async () => {
    await proxy?.close();
    await environment?.cleanup();
  });

  async function expectServingWithoutRedis(url: string, startMs: number): Promise<ReadyBody> {
    // The app module used to wait up to 5 s for Redis before listening; a warm start takes well
    // under a second, and 3 s leaves room for a busy CI machine while still catching that wait.
    expect(startMs).toBeLessThan(3_000);
    const started = Date.now();
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const { status, body } = await ready(url);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(status).toBe(503);
    // (RabbitMQ may still be connecting too: it does not hold start-up either.)
    expect(body.failing).toContain('redis');
    expect(body.checks?.postgres).toBe('up');
    return body;
  }

  it('with Redis refusing connections: listens, /ready names redis, reconnects when it is back', async () => {
    const port = await freePort();
    const { app, url, startMs, logs } = await startApp(environment, { port });
    apps.push(app);
    const body = await expectServingWithoutRedis(url, startMs);
    expect(body.checks?.redis).toMatch(/refuses connections: check REDIS_HOST and REDIS_PORT/);

    await new Promise((resolve) => setTimeout(resolve, 1_500)); // several retries
    const server = await startRedisServer(port);
    servers.push(server);
    const back = await eventually(
      () => ready(url),
      (reply) => reply.status === 200,
      { timeoutMs: 20_000 },
    );
    expect(back.body.checks?.redis).toBe('up');
    // One line for the problem, however many attempts failed, and one for the recovery.
    const lines = redisLines(logs);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/refuses connections: check REDIS_HOST and REDIS_PORT/);
    expect(lines[1]).toMatch(/connected again/);
    expect(logs.join('\n')).not.toMatch(/"stack"|\n\s+at /);
  });

  it('with Redis accepting TCP and never answering: listens, /ready names redis, recovers', async () => {
    proxy.hang();
    const { app, url, startMs, logs } = await startApp(environment, { port: proxy.port });
    apps.push(app);
    await expectServingWithoutRedis(url, startMs);

    // The client gives up on the stuck attempt by itself, after the socket timeout (10 s).
    const stuck = await eventually(
      () => Promise.resolve(redisLines(logs)),
      (lines) => lines.length > 0,
      { timeoutMs: 15_000 },
    );
    expect(stuck).toEqual([
      expect.stringMatching(/does not answer .*check REDIS_HOST, REDIS_PORT/),
    ]);
    proxy.resume();
    const back = await eventually(
      () => ready(url),
      (reply) => reply.status === 200,
      { timeoutMs: 15_000 },
    );
    expect(back.body.checks?.redis).toBe('up');
    // (resume() drops the attempt in hand, which may add a "closed" line before the recovery.)
    expect(redisLines(logs).at(-1)).toMatch(/connected again/);
    expect(logs.join('\n')).not.toMatch(/"stack"|\n\s+at /);
  }, 40_000);

  it('with a host that resolves to nothing: listens, /ready names redis, one line names REDIS_HOST', async () => {
    const { app, url, startMs, logs } = await startApp(environment, {
      host: 'redis.skyport.invalid',
    });
    apps.push(app);
    const body = await expectServingWithoutRedis(url, startMs);
    expect(body.checks?.redis).toMatch(/does not resolve .*check REDIS_HOST/);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(redisLines(logs)).toEqual([
      expect.stringMatching(
        /Redis host redis\.skyport\.invalid does not resolve .*check REDIS_HOST/,
      ),
    ]);
  });

  describe('against a Redis that requires an auth token (ElastiCache)', () => {
    let server: ChildProcess;
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      server = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--requirepass',
          'the-auth-token-0123456789',
        ],
        { stdio: 'ignore' },
      );
      // Wait for the port to answer.
      await eventually(
        () =>
          fetch(`http://127.0.0.1:${port}`).then(
            () => true,
            (error: { cause?: { code?: string } }) => error.cause?.code !== 'ECONNREFUSED',
          ),
        (up) => up,
        { timeoutMs: 5_000 },
      );
    });

    afterAll(() => {
      server?.kill();
    });

    it('says in one line that REDIS_PASSWORD was refused, keeps serving and trying', async () => {
      const { app, url, startMs, logs } = await startApp(environment, {
        port,
        password: 'a-wrong-token-0123456789',
      });
      apps.push(app);
      const body = await expectServingWithoutRedis(url, startMs);
      expect(body.checks?.redis).toMatch(/refused REDIS_PASSWORD/);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(redisLines(logs)).toEqual([
        expect.stringMatching(/refused REDIS_PASSWORD \(WRONGPASS\)/),
      ]);
    });

    it('names REDIS_PASSWORD when none is set', async () => {
      const { app, url, logs } = await startApp(environment, { port, password: undefined });
      apps.push(app);
      const { body } = await eventually(
        () => ready(url),
        (reply) => /REDIS_PASSWORD/.test(reply.body.checks?.redis ?? ''),
        { timeoutMs: 5_000 },
      );
      expect(body.checks?.redis).toMatch(/asks for a password: set REDIS_PASSWORD/);
      expect(redisLines(logs)).toHaveLength(1);
    });

    it('signs in with the right token', async () => {
      const { app, url } = await startApp(environment, {
        port,
        password: 'the-auth-token-0123456789',
      });
      apps.push(app);
      const back = await eventually(
        () => ready(url),
        (reply) => reply.status === 200,
        { timeoutMs: 5_000 },
      );
      expect(back.body.checks?.redis).toBe('up');
    });
  });
});
