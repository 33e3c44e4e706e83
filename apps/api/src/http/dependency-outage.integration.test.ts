import 'reflect-metadata';
import { type Call, client, type ErrorBody, TEST_PASSWORD } from '../testing/http-client';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import { createTestEnvironment, startTestApp, type TestApp } from '../testing/test-environment';

const CONTACT = { name: 'Ada', email: 'ada@example.com', message: 'Hello there, owner.' };

/** A dependency that is down answers 503 with Retry-After and the usual error body: never 500. */
function expectUnavailable(response: { status: number; headers: Headers; body: ErrorBody }) {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
  expect(typeof response.body.requestId).toBe('string');
}

describe('an unavailable dependency is a 503 with Retry-After', () => {
  let postgres: TcpProxy;
  let redis: TcpProxy;
  let api: TestApp;
  let call: Call;

  beforeAll(async () => {
    postgres = await startTcpProxy('127.0.0.1', Number(process.env.DATABASE_PORT ?? 5432));
    redis = await startTcpProxy('127.0.0.1', Number(process.env.REDIS_PORT ?? 6379));
    const environment = await createTestEnvironment({
      DATABASE_PORT: String(postgres.port),
      REDIS_PORT: String(redis.port),
    });
    api = await startTestApp({}, environment);
    call = client(api.url);
    const registered = await call('POST', '/auth/register', {
      body: { email: 'member@example.com', password: TEST_PASSWORD },
    });
    expect(registered.status).toBe(202);
  });

  afterEach(() => {
    postgres.resume();
    redis.resume();
  });

  afterAll(async () => {
    await api?.close();
    // The environment's clean-up goes through the proxies: close them last.
    await api?.environment.cleanup();
    await postgres?.close();
    await redis?.close();
  });

  it('answers POST /contact with 503 while Redis (its rate limiter) is down', async () => {
    redis.pause();
    expectUnavailable(await call('POST', '/contact', { body: CONTACT, from: '192.0.2.10' }));
  });

  it('answers POST /contact with 503 while Redis does not answer', async () => {
    redis.hang();
    expectUnavailable(await call('POST', '/contact', { body: CONTACT, from: '192.0.2.11' }));
  });

  it.each([
    ['GET /projects', () => call('GET', '/projects?page=3&pageSize=7')],
    ['GET /projects/{slug}', () => call('GET', '/projects/not-cached-anywhere')],
    [
      'POST /auth/login',
      () =>
        call('POST', '/auth/login', {
          body: { email: 'member@example.com', password: TEST_PASSWORD },
          from: '192.0.2.20',
        }),
    ],
    ['POST /contact', () => call('POST', '/contact', { body: CONTACT, from: '192.0.2.21' })],
  ])('answers %s with 503 while PostgreSQL is down', async (_route, request) => {
    postgres.pause();
    expectUnavailable(await request());
  });

  it('serves again once the dependencies are back', async () => {
    // The connections come back in the background (bounded back-off): wait for /ready.
    for (let attempt = 0; attempt < 60; attempt += 1) {
      if ((await fetch(`${api.url}/ready`)).status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const contact = await call('POST', '/contact', { body: CONTACT, from: '192.0.2.30' });
    expect(contact.status).toBe(202);
    const login = await call('POST', '/auth/login', {
      body: { email: 'member@example.com', password: TEST_PASSWORD },
      from: '192.0.2.31',
    });
    expect(login.status).toBe(200);
  });
});
