import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { startTestApp, type TestApp } from './testing/test-environment';

describe('the HTTP basics on real PostgreSQL and Redis', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers /health without touching a dependency', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /hello with security headers and a request id', async () => {
    const response = await fetch(`${api.url}/hello`, { headers: { 'x-request-id': 'abc-123' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'Hello from Skyport' });
    expect(response.headers.get('x-request-id')).toBe('abc-123');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=63072000/);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
  });

  it('replaces a request id that is not a plain token', async () => {
    const response = await fetch(`${api.url}/hello`, {
      headers: { 'x-request-id': 'bad id\twith spaces' },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a JSON 404 carrying the request id', async () => {
    const response = await fetch(`${api.url}/nope`);
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body).toMatchObject({
      statusCode: 404,
      requestId: response.headers.get('x-request-id'),
    });
  });

  it('gives CORS headers to the site origin only', async () => {
    const allowed = await fetch(`${api.url}/hello`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3001', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3001');
    const other = await fetch(`${api.url}/hello`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reports PostgreSQL and Redis as up on /ready', async () => {
    const response = await fetch(`${api.url}/ready`);
    const body = (await response.json()) as { checks: Record<string, string> };
    expect(body.checks).toMatchObject({ postgres: 'up', redis: 'up' });
  });

  it('serves Prometheus metrics by route pattern and status on its own loopback port', async () => {
    await fetch(`${api.url}/hello`);
    expect(api.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${api.metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/hello",status="200"\} \d+/);
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/hello"/,
    );
    expect(text).toMatch(/db_pool_connections\{state="total"\} \d+/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\}/);
  });

  it.each(['/metrics', '/%6detrics', '/metrics/', '/METRICS', '/metrics?x=1', '//metrics'])(
    'serves no metrics on the public port at %s',
    async (path) => {
      const response = await fetch(`${api.url}${path}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toMatch(/http_requests_total/);
    },
  );

  it.each([
    ['TRACE', '/hello', 'GET, HEAD'],
    ['POST', '/hello', 'GET, HEAD'],
    ['PUT', '/projects/skyport', 'GET, HEAD, PATCH, DELETE'],
    ['QUERY', '/projects', 'GET, HEAD, POST'],
    ['GET', '/contact', 'POST'],
  ])(
    'answers an undocumented method (%s %s) with 405 and Allow, before reading a body',
    async (method, path, allow) => {
      // fetch() refuses TRACE: node:http sends any method.
      const response = await new Promise<{ status?: number; allow?: string; body: string }>(
        (done, fail) => {
          const sent = request(`${api.url}${path}`, { method }, (answer) => {
            let body = '';
            answer.setEncoding('utf8');
            answer.on('data', (chunk: string) => (body += chunk));
            answer.on('end', () =>
              done({ status: answer.statusCode, allow: answer.headers.allow, body }),
            );
          });
          sent.on('error', fail);
          sent.end();
        },
      );
      expect(response.status).toBe(405);
      expect(response.allow).toBe(allow);
      expect(JSON.parse(response.body)).toMatchObject({
        statusCode: 405,
        message: `${method} is not allowed here; use ${allow}`,
      });
    },
  );

  it('answers nothing but GET /metrics on the metrics port', async () => {
    expect((await fetch(`${api.metricsUrl}/hello`)).status).toBe(404);
    expect((await fetch(`${api.metricsUrl}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('serves the OpenAPI document at /docs', async () => {
    const response = await fetch(`${api.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/health', '/ready', '/hello']),
    );
    expect(document.paths['/metrics']).toBeUndefined();
  });

  it('refuses a body over the size limit with a JSON 413', async () => {
    const response = await fetch(`${api.url}/contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(70 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ statusCode: 413 });
  });
});

describe('the OpenAPI document the build writes', () => {
  it('is the document the API serves at /docs', async () => {
    const api = await startTestApp();
    try {
      const served = await (await fetch(`${api.url}/docs`)).json();
      // apps/api/openapi.json, written by `npm run build` (dist/write-openapi.js).
      const written = JSON.parse(
        readFileSync(resolve(__dirname, '..', 'openapi.json'), 'utf8'),
      ) as unknown;
      expect(written).toEqual(served);
    } finally {
      await api.close();
    }
  });
});
