import { randomUUID } from 'node:crypto';
import type { GetMessage } from 'amqplib';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';
import { RabbitMqConnection } from './rabbitmq-connection';
import {
  RedriveError,
  redriveDeadLetters,
  type RedriveLine,
  type RedriveResult,
  runRedrive,
} from './redrive';
import type { RedriveOptions } from './redrive-arguments';
import { eventually, TestBroker } from './testing/test-broker';
import { declareTopology } from './topology';

describe('redriving dead letters on the real broker', () => {
  let environment: TestEnvironment;
  let broker: TestBroker;

  const workQueue = () => broker.topology.workQueue;
  const deadLetterQueue = () => broker.topology.deadLetterQueue;

  /** Puts a message straight into the dead-letter queue, as the worker leaves one there. */
  async function deadLetter(index: number): Promise<string> {
    const id = randomUUID();
    await broker.publish(deadLetterQueue(), JSON.stringify({ id, index }), {
      messageId: id,
      type: 'contact.received',
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      correlationId: `correlation-${index}`,
      appId: 'skyport-api',
      timestamp: 1_900_000_000 + index,
      headers: {
        'x-attempt': 3,
        'x-last-error': `mail relay unavailable (${index})`,
        'x-dead-lettered-at': `2030-01-0${index}T00:00:00.000Z`,
        'x-trace': `trace-${index}`,
      },
    });
    return id;
  }

  async function deadLetters(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 1; index <= count; index += 1) ids.push(await deadLetter(index));
    return ids;
  }

  async function redrive(
    options: RedriveOptions,
  ): Promise<{ result: RedriveResult; lines: RedriveLine[] }> {
    const lines: RedriveLine[] = [];
    const result = await runRedrive(environment.config, options, (line) => {
      lines.push(line);
    });
    return { result, lines };
  }

  const ids = (messages: GetMessage[]) => messages.map((m) => m.properties.messageId as string);

  beforeAll(async () => {
    environment = await createTestEnvironment();
    broker = await TestBroker.connect(environment.config);
    environment.onCleanup(() => broker.deleteQueuesAndClose());
  });

  beforeEach(async () => {
    await declareTopology(broker.channel, broker.topology);
    await broker.channel.purgeQueue(workQueue());
    await broker.channel.purgeQueue(deadLetterQueue());
  });

  afterAll(async () => {
    await environment?.cleanup();
  });

  it('moves every message to the work queue with its properties, for a full set of attempts', async () => {
    const sent = await deadLetters(3);
    const before = Date.now();

    const { result, lines } = await redrive({ dryRun: false });

    expect(result).toMatchObject({ moved: 3, left: 0, dryRun: false });
    expect(await broker.messageCount(deadLetterQueue())).toBe(0);
    const moved = await broker.drain(workQueue());
    expect(ids(moved)).toEqual(sent);
    moved.forEach((message, position) => {
      const index = position + 1;
      expect(JSON.parse(message.content.toString())).toEqual({ id: sent[position], index });
      expect(message.properties).toMatchObject({
        messageId: sent[position],
        type: 'contact.received',
        contentType: 'application/json',
        contentEncoding: 'utf-8',
        correlationId: `correlation-${index}`,
        appId: 'skyport-api',
        timestamp: 1_900_000_000 + index,
        deliveryMode: 2,
      });
      // x-delivery-count is the quorum queue's note on this delivery, not part of the message.
      const headers = { ...message.properties.headers };
      delete headers['x-delivery-count'];
      expect(headers).toEqual({
        'x-trace': `trace-${index}`,
        'x-redriven-last-error': `mail relay unavailable (${index})`,
        'x-redriven-at': expect.any(String),
      });
      expect(Date.parse(headers['x-redriven-at'] as string)).toBeGreaterThanOrEqual(before - 1000);
    });
    expect(lines).toEqual(
      sent.map((messageId, position) => ({
        action: 'moved',
        messageId,
        type: 'contact.received',
        attempts: 3,
        lastError: `mail relay unavailable (${position + 1})`,
        deadLetteredAt: `2030-01-0${position + 1}T00:00:00.000Z`,
      })),
    );
  });

  it('stops after --limit messages, taking them from the head of the queue', async () => {
    const sent = await deadLetters(3);

    const { result, lines } = await redrive({ dryRun: false, limit: 2 });

    expect(result).toMatchObject({ moved: 2, left: 1 });
    expect(lines.map((line) => line.messageId)).toEqual(sent.slice(0, 2));
    expect(ids(await broker.drain(workQueue()))).toEqual(sent.slice(0, 2));
    expect(ids(await broker.drain(deadLetterQueue()))).toEqual(sent.slice(2));
  });

  it('stops when the queue is empty before the limit', async () => {
    const sent = await deadLetters(2);
    const { result } = await redrive({ dryRun: false, limit: 10 });
    expect(result).toMatchObject({ moved: 2, left: 0 });
    expect(ids(await broker.drain(workQueue()))).toEqual(sent);
  });

  it('by default moves only as many as the queue held at the start', async () => {
    const sent = await deadLetters(2);
    const lines: RedriveLine[] = [];
    const newcomers: string[] = [];
    // A message that fails again during the run comes back to the dead-letter queue.
    const result = await runRedrive(environment.config, { dryRun: false }, async (line) => {
      lines.push(line);
      newcomers.push(await deadLetter(lines.length + 4));
    });
    expect(result).toMatchObject({ moved: 2, left: 2 });
    expect(ids(await broker.drain(workQueue()))).toEqual(sent);
    expect(ids(await broker.drain(deadLetterQueue()))).toEqual(newcomers);
  });

  it('--dry-run lists every message and moves none, leaving the order as it was', async () => {
    const sent = await deadLetters(3);

    const { result, lines } = await redrive({ dryRun: true });

    expect(result).toMatchObject({ moved: 0, listed: 3, left: 3, dryRun: true });
    expect(lines).toEqual(
      sent.map((messageId, position) => ({
        action: 'would-move',
        messageId,
        type: 'contact.received',
        attempts: 3,
        lastError: `mail relay unavailable (${position + 1})`,
        deadLetteredAt: `2030-01-0${position + 1}T00:00:00.000Z`,
      })),
    );
    expect(await broker.messageCount(workQueue())).toBe(0);
    const kept = await eventually(
      () => broker.messageCount(deadLetterQueue()),
      (count) => count === 3,
    );
    expect(kept).toBe(3);
    const after = await broker.drain(deadLetterQueue());
    expect(ids(after)).toEqual(sent);
    expect(after[0]?.properties.headers).toMatchObject({
      'x-attempt': 3,
      'x-last-error': 'mail relay unavailable (1)',
    });
  });

  it('--dry-run with --limit lists the first messages and still keeps the order', async () => {
    const sent = await deadLetters(3);

    const { result, lines } = await redrive({ dryRun: true, limit: 2 });

    expect(result).toMatchObject({ moved: 0, listed: 2, left: 3 });
    expect(lines.map((line) => line.messageId)).toEqual(sent.slice(0, 2));
    await eventually(
      () => broker.messageCount(deadLetterQueue()),
      (count) => count === 3,
    );
    expect(ids(await broker.drain(deadLetterQueue()))).toEqual(sent);
    expect(await broker.messageCount(workQueue())).toBe(0);
  });

  it('describes a message the broker dead-lettered itself from x-death, and moves it', async () => {
    const id = randomUUID();
    await broker.publish(workQueue(), '{}', { messageId: id, type: 'contact.received' });
    // A worker crashing on it every time: handed back until the work queue's delivery limit.
    const reader = broker.channel;
    for (
      let round = 0;
      round <= 25 && (await broker.messageCount(deadLetterQueue())) === 0;
      round++
    ) {
      const message = await reader.get(workQueue(), { noAck: false });
      if (message) reader.nack(message, false, true);
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const { lines } = await redrive({ dryRun: false });

    expect(lines).toEqual([
      {
        action: 'moved',
        messageId: id,
        type: 'contact.received',
        attempts: null,
        lastError: `dead-lettered by the broker from ${workQueue()}: delivery_limit`,
        deadLetteredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    const [moved] = await broker.drain(workQueue());
    expect(moved?.properties.messageId).toBe(id);
    expect(moved?.properties.headers).not.toHaveProperty('x-death');
    expect(moved?.properties.headers).toMatchObject({
      'x-redriven-last-error': `dead-lettered by the broker from ${workQueue()}: delivery_limit`,
    });
  });

  it('keeps a message whose copy the broker did not confirm, and stops', async () => {
    const [id] = await deadLetters(1);
    const topology = broker.topology;
    const connection = new RabbitMqConnection(environment.config.rabbitmq, {
      name: 'redrive-test',
      setup: (channel) => declareTopology(channel, topology),
    });
    connection.start();
    try {
      await connection.waitUntilConnected();
      // No work queue: the mandatory copy comes back unroutable instead of being confirmed.
      await broker.channel.deleteQueue(workQueue());

      const failure = await redriveDeadLetters(connection, topology, { dryRun: false }, () => {
        throw new Error('nothing should have moved');
      }).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(RedriveError);
      expect((failure as RedriveError).moved).toBe(0);
      expect((failure as RedriveError).message).toContain(`message ${id} was not moved`);
      await eventually(
        () => broker.messageCount(deadLetterQueue()),
        (count) => count === 1,
      );
      const [kept] = await broker.drain(deadLetterQueue());
      expect(kept?.properties.messageId).toBe(id);
      expect(kept?.properties.headers).toMatchObject({
        'x-attempt': 3,
        'x-last-error': 'mail relay unavailable (1)',
      });
    } finally {
      await connection.close();
    }
  });
});
