import 'reflect-metadata';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import { createTestEnvironment, startTestApp, type TestApp } from '../testing/test-environment';

/** Polls /ready until `accept` holds or the attempts run out; returns the last body. */
async function readyUntil(
  url: string,
  accept: (status: number, body: ReadyBody) => boolean,
): Promise<{ status: number; body: ReadyBody }> {
  let last = { status: 0, body: {} as ReadyBody };
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const response = await fetch(`${url}/ready`);
    last = { status: response.status, body: (await response.json()) as ReadyBody };
    if (accept(last.status, last.body)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return last;
}

interface ReadyBody {
  status?: string;
  failing?: string[];
  checks?: Record<string, string>;
}

describe('/ready follows each dependency down and back up', () => {
  let postgres: TcpProxy;
  let redis: TcpProxy;
  let api: TestApp;

  beforeAll(async () => {
    postgres = await startTcpProxy('127.0.0.1', Number(process.env.DATABASE_PORT ?? 5432));
    redis = await startTcpProxy('127.0.0.1', Number(process.env.REDIS_PORT ?? 6379));
    const environment = await createTestEnvironment({
      DATABASE_PORT: String(postgres.port),
      REDIS_PORT: String(redis.port),
    });
    api = await startTestApp({}, environment);
  });

  afterAll(async () => {
    await api?.close();
    await api?.environment.cleanup();
    await postgres?.close();
    await redis?.close();
  });

  it('is ready with every dependency up', async () => {
    const { status, body } = await readyUntil(api.url, (code) => code === 200);
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks).toMatchObject({ postgres: 'up', redis: 'up' });
  });

  it.each([
    ['postgres', () => postgres],
    ['redis', () => redis],
  ])('names %s while it is unreachable, then recovers', async (name, proxy) => {
    proxy().pause();
    const down = await readyUntil(api.url, (code, body) => !!body.failing?.includes(name));
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('unavailable');
    expect(down.body.failing).toEqual([name]);
    expect(down.body.checks?.[name]).toMatch(/^down: /);
    // /health is liveness only: a dependency outage must not get the task killed.
    expect((await fetch(`${api.url}/health`)).status).toBe(200);

    proxy().resume();
    const up = await readyUntil(api.url, (code) => code === 200);
    expect(up.status).toBe(200);
    expect(up.body.checks?.[name]).toBe('up');
  });
});
