import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import type { GetMessage } from 'amqplib';
import { Client } from 'pg';
import { eventually, TestBroker } from '../messaging/testing/test-broker';
import { startTcpProxy } from '../testing/tcp-proxy';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';
import { ContactConsumer } from './contact-consumer';
import { ScriptedNotifier } from './testing/scripted-notifier';
import { startWorker } from './testing/start-worker';

describe('the contact worker on real PostgreSQL and RabbitMQ', () => {
  let environment: TestEnvironment;
  let broker: TestBroker;
  let db: Client;
  let notifier: ScriptedNotifier;
  let worker: INestMicroservice | undefined;

  const workQueue = () => broker.topology.workQueue;
  const deadLetterQueue = () => broker.topology.deadLetterQueue;

  /** Stores a contact message as the API would and returns its id and event body. */
  async function contactMessage(id = randomUUID()) {
    const receivedAt = new Date().toISOString();
    await db.query(
      `INSERT INTO contact_messages (id, name, email, message, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO NOTHING`,
      [id, 'Ada Lovelace', 'ada@example.com', 'Shall we talk?', receivedAt],
    );
    const body = {
      id,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      message: 'Shall we talk?',
      receivedAt,
    };
    return { id, body: JSON.stringify(body) };
  }

  async function publishContact(id: string, body: string): Promise<void> {
    await broker.publish(workQueue(), body, { messageId: id, type: 'contact.received' });
  }

  async function processedCount(id: string): Promise<number> {
    const result = await db.query(`SELECT 1 FROM processed_messages WHERE message_id = $1`, [id]);
    return result.rowCount ?? 0;
  }

  /** Waits for a message with this id on the dead-letter queue; leaves others there. */
  async function deadLettered(predicate: (message: GetMessage) => boolean): Promise<GetMessage> {
    const found: GetMessage[] = [];
    await eventually(
      async () => {
        found.push(...(await broker.drain(deadLetterQueue())));
        return found;
      },
      (messages) => messages.some(predicate),
    );
    const match = found.find(predicate);
    if (!match) throw new Error('no such message on the dead-letter queue');
    return match;
  }

  /** Stops the worker; whatever it failed to acknowledge is then back on the work queue. */
  async function stopWorker(): Promise<void> {
    await worker?.close();
    worker = undefined;
  }

  beforeAll(async () => {
    environment = await createTestEnvironment({ CONTACT_RETRY_DELAYS_MS: '100,200' });
    broker = await TestBroker.connect(environment.config);
    environment.onCleanup(() => broker.deleteQueuesAndClose());
    db = new Client({
      host: environment.config.database.host,
      port: environment.config.database.port,
      user: environment.config.database.user,
      password: environment.config.database.password,
      database: environment.config.database.name,
    });
    await db.connect();
    environment.onCleanup(() => db.end());
  });

  beforeEach(async () => {
    notifier = new ScriptedNotifier();
    worker = await startWorker(environment.config, notifier);
  });

  afterEach(async () => {
    await stopWorker();
  });

  afterAll(async () => {
    await environment?.cleanup();
  });

  it('notifies once, records the delivery and acknowledges the message', async () => {
    const { id, body } = await contactMessage();
    await publishContact(id, body);
    await eventually(
      () => processedCount(id),
      (count) => count === 1,
    );
    expect(notifier.callsFor(id)).toEqual([
      expect.objectContaining({ messageId: id, attempt: 1, email: 'ada@example.com' }),
    ]);
    const { rows } = await db.query(`SELECT notified_at FROM contact_messages WHERE id = $1`, [id]);
    expect(rows[0].notified_at).toBeInstanceOf(Date);
    await stopWorker();
    expect(await broker.messageCount(workQueue())).toBe(0);
  });

  it('retries a transient failure with back-off and then succeeds', async () => {
    const { id, body } = await contactMessage();
    notifier.failTimes(id, 2);
    await publishContact(id, body);
    await eventually(
      () => processedCount(id),
      (count) => count === 1,
    );
    expect(notifier.callsFor(id).map((call) => call.attempt)).toEqual([1, 2, 3]);
    await stopWorker();
    expect(await broker.messageCount(workQueue())).toBe(0);
    expect(await broker.messageCount(deadLetterQueue())).toBe(0);
  });

  it('dead-letters a message whose notification fails every attempt, with the last error', async () => {
    const { id, body } = await contactMessage();
    notifier.failTimes(id, Infinity);
    await publishContact(id, body);
    const dead = await deadLettered((message) => message.properties.messageId === id);
    expect(dead.properties.headers).toMatchObject({
      'x-attempt': 3,
      'x-last-error': 'mail relay unavailable (attempt 3)',
    });
    expect(dead.content.toString()).toBe(body);
    expect(notifier.callsFor(id).map((call) => call.attempt)).toEqual([1, 2, 3]);
    expect(await processedCount(id)).toBe(0);
    await stopWorker();
    expect(await broker.messageCount(workQueue())).toBe(0);
  });

  it('processes a message delivered twice (same message id) only once', async () => {
    const { id, body } = await contactMessage();
    // Held, so the second copy arrives while the first is still being handled.
    const release = notifier.hold(id);
    await publishContact(id, body);
    await publishContact(id, body);
    await eventually(
      () => Promise.resolve(notifier.callsFor(id).length),
      (count) => count >= 1,
    );
    release();
    await eventually(
      () => processedCount(id),
      (count) => count === 1,
    );
    await eventually(
      () => Promise.resolve(worker!.get(ContactConsumer).activeMessages),
      (active) => active === 0,
    );
    expect(notifier.callsFor(id)).toHaveLength(1);
    await stopWorker();
    expect(await broker.messageCount(workQueue())).toBe(0);
    expect(await broker.messageCount(deadLetterQueue())).toBe(0);
    expect(notifier.callsFor(id)).toHaveLength(1);
  });

  it.each([
    [
      'a body that is not JSON',
      { messageId: randomUUID(), type: 'contact.received' },
      '{oops',
      /not JSON/,
    ],
    [
      'a body missing a field',
      { messageId: randomUUID(), type: 'contact.received' },
      JSON.stringify({
        id: randomUUID(),
        name: 'Ada',
        message: 'hi',
        receivedAt: new Date().toISOString(),
      }),
      /invalid fields: email/,
    ],
    ['a message without an id', { type: 'contact.received' }, '{}', /message id/],
    [
      'a message of another type',
      { messageId: randomUUID(), type: 'order.placed' },
      '{}',
      /order\.placed/,
    ],
  ])(
    'dead-letters %s at once, without calling the notifier',
    async (_, properties, body, reason) => {
      const marker = randomUUID();
      await broker.publish(workQueue(), body, { ...properties, correlationId: marker });
      const dead = await deadLettered((message) => message.properties.correlationId === marker);
      expect(dead.properties.headers?.['x-last-error']).toMatch(/^malformed: /);
      expect(dead.properties.headers?.['x-last-error']).toMatch(reason);
      expect(dead.content.toString()).toBe(body);
      expect(notifier.calls).toHaveLength(0);
    },
  );

  it('on shutdown stops consuming, finishes the message in hand and acknowledges it', async () => {
    const { id, body } = await contactMessage();
    const release = notifier.hold(id);
    await publishContact(id, body);
    await eventually(
      () => Promise.resolve(notifier.callsFor(id).length),
      (count) => count === 1,
    );

    let closed = false;
    const closing = worker!.close().then(() => {
      closed = true;
    });
    // The consumer is cancelled at once: a message published now waits for another worker.
    const later = await contactMessage();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await publishContact(later.id, later.body);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(closed).toBe(false);

    release();
    await closing;
    worker = undefined;
    expect(await processedCount(id)).toBe(1);
    expect(notifier.callsFor(id)).toHaveLength(1);
    expect(notifier.callsFor(later.id)).toHaveLength(0);
    const waiting = await broker.drain(workQueue());
    expect(waiting.map((message) => message.properties.messageId as string)).toEqual([later.id]);
  });

  it('consumes again, declaring the queue anew, after the queue is deleted under it', async () => {
    await broker.channel.deleteQueue(workQueue());
    expect(
      await eventually(
        () => broker.queueExists(workQueue()),
        (exists) => exists,
        {
          timeoutMs: 20_000,
        },
      ),
    ).toBe(true);
    const { id, body } = await contactMessage();
    await publishContact(id, body);
    await eventually(
      () => processedCount(id),
      (count) => count === 1,
    );
    expect(notifier.callsFor(id)).toHaveLength(1);
  });

  it('reconnects after losing the broker, declares its queues again and goes on consuming', async () => {
    await stopWorker();
    const proxy = await startTcpProxy(
      environment.config.rabbitmq.host,
      environment.config.rabbitmq.port,
    );
    try {
      const config = {
        ...environment.config,
        rabbitmq: { ...environment.config.rabbitmq, port: proxy.port },
      };
      worker = await startWorker(config, notifier);
      proxy.pause();
      // Gone while the worker is away: only a new declaration brings it back.
      await broker.channel.deleteQueue(workQueue());
      expect(await broker.queueExists(workQueue())).toBe(false);
      proxy.resume();
      expect(
        await eventually(
          () => broker.queueExists(workQueue()),
          (exists) => exists,
        ),
      ).toBe(true);
      const { id, body } = await contactMessage();
      await publishContact(id, body);
      await eventually(
        () => processedCount(id),
        (count) => count === 1,
      );
      expect(notifier.callsFor(id)).toHaveLength(1);
    } finally {
      await stopWorker();
      await proxy.close();
    }
  });
});
