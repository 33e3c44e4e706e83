import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestMicroservice } from '@nestjs/common';
import type { ApiConfig } from '../config/config';
import type { RabbitMqServer } from '../messaging/rabbitmq-server';
import { eventually, TestBroker } from '../messaging/testing/test-broker';
import { startCompiled } from '../testing/compiled-process';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';
import { checkHeartbeat, type HealthVerdict } from './worker-health-check';
import { WorkerHeartbeat } from './worker-heartbeat';
import { createWorkerServer } from './worker-server';
import { ScriptedNotifier } from './testing/scripted-notifier';
import { startWorker } from './testing/start-worker';

/**
 * The worker's heartbeat against the real broker, as the container health check
 * (`node dist/worker-health.js`) reads it: fresh while idle, stale when a handler hangs or the
 * broker connection is gone. The timings are shortened: a beat every 100 ms, stale after 1 s.
 */
describe('the worker heartbeat on real RabbitMQ', () => {
  const maxAgeMs = 1_000;
  let environment: TestEnvironment;
  let broker: TestBroker;
  let proxy: TcpProxy;
  let folder: string;
  let worker: INestMicroservice | undefined;
  let heartbeat: WorkerHeartbeat | undefined;
  let notifier: ScriptedNotifier;

  const file = () => join(folder, 'heartbeat.json');
  const verdict = () => Promise.resolve(checkHeartbeat(file(), maxAgeMs));
  const unhealthy = (found: HealthVerdict) => found.exitCode === 1;

  /** The worker through the proxy, with a heartbeat as worker.ts starts it. */
  async function startWatchedWorker(stuckAfterMs = 60_000): Promise<void> {
    const config: ApiConfig = {
      ...environment.config,
      rabbitmq: { ...environment.config.rabbitmq, port: proxy.port },
    };
    const server: RabbitMqServer = createWorkerServer(config);
    worker = await startWorker(config, notifier, server);
    heartbeat = new WorkerHeartbeat(() => server.consumerState(), {
      file: file(),
      intervalMs: 100,
      stuckAfterMs,
      maxAgeMs,
    });
    heartbeat.start();
  }

  beforeAll(async () => {
    environment = await createTestEnvironment();
    broker = await TestBroker.connect(environment.config);
    environment.onCleanup(() => broker.deleteQueuesAndClose());
    proxy = await startTcpProxy(environment.config.rabbitmq.host, environment.config.rabbitmq.port);
    environment.onCleanup(() => proxy.close());
  });

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'skyport-heartbeat-'));
    notifier = new ScriptedNotifier();
  });

  afterEach(async () => {
    heartbeat?.stop();
    proxy.resume();
    await worker?.close();
    worker = undefined;
    rmSync(folder, { recursive: true, force: true });
  });

  afterAll(async () => {
    await environment?.cleanup();
  });

  it('stays fresh while the worker waits on an empty queue', async () => {
    await startWatchedWorker();
    // Several times the limit, with nothing to consume.
    for (let waited = 0; waited < 3 * maxAgeMs; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(checkHeartbeat(file(), maxAgeMs)).toMatchObject({ exitCode: 0 });
    }
  });

  it('goes stale when a handler never finishes, and the health script exits 1 saying so', async () => {
    await startWatchedWorker(500);
    const id = randomUUID();
    const release = notifier.hold(id);
    try {
      await broker.publishContact({ id });
      const found = await eventually(verdict, unhealthy);
      expect(found).toMatchObject({ exitCode: 1 });
      expect(found.line).toMatch(/^unhealthy: a message has been in handling for \d+ s/);

      const script = startCompiled('worker-health.js', {
        WORKER_HEARTBEAT_FILE: file(),
        WORKER_HEARTBEAT_MAX_AGE_MS: String(maxAgeMs),
      });
      expect(await script.exited).toBe(1);
      expect(script.output()).toMatch(/^unhealthy: a message has been in handling for \d+ s.*\n$/);
    } finally {
      release();
    }
  });

  it('goes stale when the broker connection is closed and not re-established', async () => {
    await startWatchedWorker();
    expect(checkHeartbeat(file(), maxAgeMs)).toMatchObject({ exitCode: 0 });
    // Drops the worker's connection and refuses its reconnection attempts.
    proxy.pause();
    const found = await eventually(verdict, unhealthy);
    expect(found).toMatchObject({ exitCode: 1 });
    expect(found.line).toMatch(/^unhealthy: no connection to RabbitMQ; last healthy \d+ s ago/);
  });
});
