import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { eventually, TestBroker } from '../messaging/testing/test-broker';
import { freePort, startCompiled } from '../testing/compiled-process';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';
import { OtlpReceiver, summarize, type ReceivedSpan } from './testing/otlp-receiver';

const SPAN_KIND = { server: 2, client: 3, consumer: 5 } as const;

/** A header as an X-Ray-traced caller sends it, and the OTLP ids it stands for. */
function xrayHeader() {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  const unique = randomBytes(12).toString('hex');
  const parent = randomBytes(8).toString('hex');
  return {
    header: `Root=1-${epoch}-${unique};Parent=${parent};Sampled=1`,
    traceId: `${epoch}${unique}`,
    parentSpanId: parent,
  };
}

async function waitForReady(url: string, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let attempt = 0; attempt < 300 && !gone; attempt += 1) {
    try {
      if ((await fetch(`${url}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${url} never became ready`);
}

const byScope = (spans: readonly ReceivedSpan[], scope: string) =>
  spans.filter((span) => span.scope === scope);

describe('tracing of the production build (node dist/main.js, node dist/worker.js)', () => {
  let environment: TestEnvironment;
  let receiver: OtlpReceiver;
  const children: ChildProcess[] = [];

  /** The variables an app task gets when its profile turns tracing on, towards the receiver. */
  const traced = (): NodeJS.ProcessEnv => ({
    ...environment.env,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_TRACES_SAMPLER_ARG: '1',
    // Longer than the test: the spans can only arrive through the flush at shutdown.
    OTEL_BSP_SCHEDULE_DELAY: '600000',
    METRICS_ENVIRONMENT: 'ci',
    SHUTDOWN_GRACE_MS: '0',
  });

  beforeAll(async () => {
    environment = await createTestEnvironment();
    receiver = await OtlpReceiver.start();
  });

  beforeEach(() => {
    receiver.spans.length = 0;
    receiver.requests.length = 0;
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await receiver?.close();
    await environment?.cleanup();
  });

  it('continues the caller’s X-Ray trace through the route, Redis and PostgreSQL, and sends it on SIGTERM', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const metricsPort = await freePort();
    const api = startCompiled('main.js', {
      ...traced(),
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
    });
    children.push(api.child);
    await waitForReady(url, api.exited);

    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
    const caller = xrayHeader();
    const projects = await fetch(`${url}/projects`, {
      headers: { 'x-amzn-trace-id': caller.header },
    });
    expect(projects.status).toBe(200);
    await projects.arrayBuffer();
    // Batched: nothing has left the process yet.
    expect(receiver.requests).toEqual([]);

    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    const spans = receiver.spans;
    expect(receiver.requests.every((request) => request.path === '/v1/traces')).toBe(true);

    const [server, ...otherServers] = spans.filter((span) => span.kind === SPAN_KIND.server);
    expect(otherServers).toEqual([]);
    expect(server).toMatchObject({
      serviceName: 'skyport-api',
      name: 'GET /projects',
      traceId: caller.traceId,
      parentSpanId: caller.parentSpanId,
      attributes: expect.objectContaining({
        'http.route': '/projects',
        'http.request.method': 'GET',
        'http.response.status_code': 200,
        'http.request.header.x-amzn-trace-id': [caller.header],
      }) as unknown,
    });
    expect(server!.resource).toMatchObject({
      'service.name': 'skyport-api',
      'deployment.environment.name': 'ci',
    });

    const postgres = byScope(spans, '@opentelemetry/instrumentation-pg');
    const redis = byScope(spans, '@opentelemetry/instrumentation-redis');
    expect(postgres.length).toBeGreaterThan(0);
    expect(redis.length).toBeGreaterThan(0);
    expect(
      postgres.some((span) =>
        /select/i.test(String(span.attributes['db.query.text'] ?? span.attributes['db.statement'])),
      ),
    ).toBe(true);
    // The one trace is the caller's, and /ready, /health and /metrics (and the queries behind
    // /ready) left no span anywhere.
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([caller.traceId]));
    const ids = new Set(spans.map((span) => span.spanId));
    for (const span of [...postgres, ...redis]) expect(ids.has(span.parentSpanId)).toBe(true);
  });

  it('continues a trace through a RabbitMQ message into the worker and sends it on SIGTERM', async () => {
    const broker = await TestBroker.connect(environment.config);
    environment.onCleanup(() => broker.close());
    const worker = startCompiled('worker.js', { ...traced(), LOG_LEVEL: 'info' });
    children.push(worker.child);
    await eventually(
      () => Promise.resolve(worker.output().includes('"consuming"')),
      (found) => found,
    );

    const caller = xrayHeader();
    await broker.publishContact(
      { name: 'Ada', message: 'Hello' },
      { headers: { 'X-Amzn-Trace-Id': caller.header } },
    );
    await eventually(
      () => Promise.resolve(worker.output().includes('"contact message received"')),
      (found) => found,
    );

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    const inTrace = receiver.spans.filter((span) => span.traceId === caller.traceId);
    const consumer = inTrace.find((span) => span.kind === SPAN_KIND.consumer);
    expect(consumer).toMatchObject({
      serviceName: 'skyport-worker',
      parentSpanId: caller.parentSpanId,
      scope: '@opentelemetry/instrumentation-amqplib',
    });
    expect(byScope(inTrace, '@opentelemetry/instrumentation-pg').length).toBeGreaterThan(0);
    // The worker's log line for that message carries the same trace, in X-Ray's form.
    const delivered = worker
      .output()
      .split('\n')
      .find((line) => line.includes('"contact message delivered"'));
    expect(delivered).toBeDefined();
    expect(JSON.parse(delivered as string)).toMatchObject({
      traceId: `1-${caller.traceId.slice(0, 8)}-${caller.traceId.slice(8)}`,
    });
  });

  it('stays off without OTEL_EXPORTER_OTLP_ENDPOINT: the API serves and nothing is sent', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...traced(),
      PORT: String(port),
      // The SDK itself would read this one: it must not be started to read it.
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
    const api = startCompiled('main.js', env);
    children.push(api.child);
    await waitForReady(url, api.exited);

    const projects = await fetch(`${url}/projects`, {
      headers: { 'x-amzn-trace-id': xrayHeader().header },
    });
    expect(projects.status).toBe(200);
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(receiver.requests).toEqual([]);
  });

  it('stops at start-up when OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL, naming it', async () => {
    const api = startCompiled('main.js', {
      ...traced(),
      OTEL_EXPORTER_OTLP_ENDPOINT: '127.0.0.1:4318',
    });
    children.push(api.child);
    expect(await api.exited).toBe(1);
    expect(api.output()).toContain(
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, got "127.0.0.1:4318"',
    );
    // The message alone, as for every other configuration error: no stack trace.
    expect(api.output()).not.toMatch(/^\s+at /m);
    expect(summarize(receiver.spans)).toBe('[]');
  });
});
