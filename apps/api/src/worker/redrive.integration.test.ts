import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import { Client } from 'pg';
import { runRedrive, type RedriveLine } from '../messaging/redrive';
import { eventually, TestBroker } from '../messaging/testing/test-broker';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';
import { ContactConsumer } from './contact-consumer';
import type { ContactNotification, Notifier } from './notifier';
import { startWorker } from './testing/start-worker';

/** A mail relay that is down until someone fixes it. */
class RelayDownNotifier implements Notifier {
  down = true;
  readonly calls: Array<ContactNotification & { readonly succeeded: boolean }> = [];

  notify(notification: ContactNotification): Promise<void> {
    this.calls.push({ ...notification, succeeded: !this.down });
    return this.down
      ? Promise.reject(new Error('mail relay unavailable'))
      : Promise.resolve(undefined);
  }
}

describe('redriving a message the worker dead-lettered, once the cause is fixed', () => {
  let environment: TestEnvironment;
  let broker: TestBroker;
  let db: Client;
  let worker: INestMicroservice | undefined;

  beforeAll(async () => {
    environment = await createTestEnvironment({ CONTACT_RETRY_DELAYS_MS: '100,200' });
    broker = await TestBroker.connect(environment.config);
    environment.onCleanup(() => broker.deleteQueuesAndClose());
    const { host, port, user, password, name } = environment.config.database;
    db = new Client({ host, port, user, password, database: name });
    await db.connect();
    environment.onCleanup(() => db.end());
  });

  afterAll(async () => {
    await worker?.close();
    await environment?.cleanup();
  });

  it('dead-letters while the relay is down; after redrive the worker delivers it exactly once', async () => {
    const notifier = new RelayDownNotifier();
    worker = await startWorker(environment.config, notifier);
    const id = randomUUID();
    const receivedAt = new Date().toISOString();
    await db.query(
      `INSERT INTO contact_messages (id, name, email, message, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [id, 'Ada Lovelace', 'ada@example.com', 'Shall we talk?', receivedAt],
    );
    await broker.publishContact({ id, receivedAt });

    await eventually(
      () => broker.messageCount(broker.topology.deadLetterQueue),
      (count) => count === 1,
    );
    expect(notifier.calls.map((call) => call.attempt)).toEqual([1, 2, 3]);

    notifier.down = false;
    const lines: RedriveLine[] = [];
    const result = await runRedrive(environment.config, { dryRun: false }, (line) => {
      lines.push(line);
    });
    expect(result).toMatchObject({ moved: 1, left: 0 });
    expect(lines).toEqual([
      expect.objectContaining({
        action: 'moved',
        messageId: id,
        attempts: 3,
        lastError: 'mail relay unavailable',
      }),
    ]);

    const { rows } = await eventually(
      () =>
        db.query<{ notified_at: Date | null }>(
          `SELECT c.notified_at FROM contact_messages c
           JOIN processed_messages p ON p.message_id = c.id WHERE c.id = $1`,
          [id],
        ),
      (result) => result.rows.length === 1,
    );
    expect(rows[0]?.notified_at).toBeInstanceOf(Date);
    await eventually(
      () => Promise.resolve(worker!.get(ContactConsumer).activeMessages),
      (active) => active === 0,
    );
    await worker.close();
    worker = undefined;

    // A full set of attempts again: the redriven copy is attempt 1, and it succeeded at once.
    expect(notifier.calls.filter((call) => call.succeeded)).toEqual([
      expect.objectContaining({ messageId: id, attempt: 1 }),
    ]);
    expect(notifier.calls).toHaveLength(4);
    expect(await broker.messageCount(broker.topology.workQueue)).toBe(0);
    expect(await broker.messageCount(broker.topology.deadLetterQueue)).toBe(0);

    // Nothing left to move: a second run is a no-op.
    const again = await runRedrive(environment.config, { dryRun: false }, () => undefined);
    expect(again).toMatchObject({ moved: 0, left: 0 });
  });
});
