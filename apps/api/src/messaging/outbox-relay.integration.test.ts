import 'reflect-metadata';
import type { INestMicroservice } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import { createTestEnvironment, startTestApp, type TestApp } from '../testing/test-environment';
import { ScriptedNotifier } from '../worker/testing/scripted-notifier';
import { startWorker } from '../worker/testing/start-worker';
import { eventually, TestBroker } from './testing/test-broker';
import { declareTopology } from './topology';

interface ReadyBody {
  status: string;
  failing?: string[];
  checks: Record<string, string>;
}

async function ready(url: string): Promise<{ status: number; body: ReadyBody }> {
  const response = await fetch(`${url}/ready`);
  return { status: response.status, body: (await response.json()) as ReadyBody };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the API relays its outbox through a RabbitMQ outage (API behind a TCP proxy)', () => {
  let proxy: TcpProxy;
  let api: TestApp;
  let broker: TestBroker;
  let db: DataSource;
  let notifier: ScriptedNotifier;
  let worker: INestMicroservice;

  const outboxRow = async (id: string) =>
    (
      await db.query<Array<{ published_at: Date | null; attempts: number }>>(
        `SELECT published_at, attempts FROM outbox_messages WHERE id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    const host = process.env.RABBITMQ_HOST ?? '127.0.0.1';
    const port = Number(process.env.RABBITMQ_PORT ?? 5672);
    proxy = await startTcpProxy(host, port);
    const environment = await createTestEnvironment({ RABBITMQ_PORT: String(proxy.port) });
    environment.onCleanup(() => proxy.close());
    broker = await TestBroker.connect(environment.config);
    environment.onCleanup(() => broker.deleteQueuesAndClose());
    api = await startTestApp({}, environment);
    db = api.app.get(DataSource);
    // The worker talks to the broker directly: only the API loses it.
    notifier = new ScriptedNotifier();
    worker = await startWorker(
      { ...environment.config, rabbitmq: { ...environment.config.rabbitmq, port } },
      notifier,
    );
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await api?.environment.cleanup();
  });

  it('reports rabbitmq down on /ready while the broker is unreachable, and up again after', async () => {
    expect(
      (
        await eventually(
          () => ready(api.url),
          (r) => r.status === 200,
        )
      ).status,
    ).toBe(200);
    proxy.pause();
    try {
      const down = await eventually(
        () => ready(api.url),
        (r) => r.body.failing?.includes('rabbitmq') === true,
      );
      expect(down.status).toBe(503);
      expect(down.body.checks.rabbitmq).toMatch(/^down: /);
      expect(down.body.checks.postgres).toBe('up');
    } finally {
      proxy.resume();
    }
    const up = await eventually(
      () => ready(api.url),
      (r) => r.body.checks.rabbitmq === 'up',
    );
    expect(up.status).toBe(200);
  });

  it('accepts a contact message while RabbitMQ is unreachable and delivers it once after', async () => {
    proxy.pause();
    try {
      await eventually(
        () => ready(api.url),
        (r) => r.body.failing?.includes('rabbitmq') === true,
      );
      const response = await fetch(`${api.url}/contact`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', message: 'Still there?' }),
      });
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: string };

      // Several poll intervals with the broker away: the row waits, nothing is delivered.
      await sleep(2_500);
      expect((await outboxRow(id))?.published_at).toBeNull();
      expect(notifier.callsFor(id)).toHaveLength(0);
      const metrics = await (await fetch(`${api.metricsUrl}/metrics`)).text();
      expect(metrics).toMatch(/^outbox_pending_messages [1-9]\d*$/m);

      proxy.resume();
      await eventually(
        () => Promise.resolve(notifier.callsFor(id).length),
        (count) => count > 0,
      );
      const published = await eventually(
        () => outboxRow(id),
        (row) => row?.published_at !== null,
      );
      expect(published?.published_at).toBeInstanceOf(Date);

      // Time for a duplicate to show up, if the relay were to publish the row again.
      await sleep(2_000);
      expect(notifier.callsFor(id)).toHaveLength(1);
      const processed = await db.query<unknown[]>(
        `SELECT 1 FROM processed_messages WHERE message_id = $1`,
        [id],
      );
      expect(processed).toHaveLength(1);
      expect(await broker.messageCount(broker.topology.workQueue)).toBe(0);
    } finally {
      proxy.resume();
    }
  });

  it('keeps a row pending with its error while no queue takes it, then publishes it once', async () => {
    // Without a consumer that would declare it again, the work queue stays deleted.
    await worker.close();
    await broker.channel.deleteQueue(broker.topology.workQueue);
    const response = await fetch(`${api.url}/contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', message: 'Anyone?' }),
    });
    const { id } = (await response.json()) as { id: string };
    const failed = await eventually(
      () =>
        db.query<Array<{ published_at: Date | null; attempts: number; last_error: string | null }>>(
          `SELECT published_at, attempts, last_error FROM outbox_messages WHERE id = $1`,
          [id],
        ),
      ([row]) => (row?.attempts ?? 0) >= 2,
    );
    expect(failed[0]).toMatchObject({ published_at: null });
    expect(failed[0]?.last_error).toMatch(/no queue named/);

    await declareTopology(broker.channel, broker.topology);
    await eventually(
      () => outboxRow(id),
      (row) => row?.published_at !== null,
    );
    const messages = await broker.drain(broker.topology.workQueue);
    expect(messages.map((message) => message.properties.messageId as string)).toEqual([id]);
  });
});
