import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { eventually, TestBroker } from '../messaging/testing/test-broker';
import { OutboxRelay } from '../messaging/outbox-relay';
import { createTestEnvironment, startTestApp, type TestApp } from '../testing/test-environment';

interface OutboxRow {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  published_at: Date | null;
  attempts: number;
}

let nextClient = 1;
/** A fresh client address per test (the API trusts one proxy hop), so throttles do not mix. */
function clientAddress(): string {
  nextClient += 1;
  return `198.51.100.${nextClient}`;
}

async function postContact(url: string, body: unknown, ip = clientAddress()): Promise<Response> {
  return fetch(`${url}/contact`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify(body),
  });
}

const VALID = { name: 'Ada Lovelace', email: 'ada@example.com', message: 'Shall we talk?' };

describe('POST /contact with the outbox relay, on real PostgreSQL, Redis and RabbitMQ', () => {
  let api: TestApp;
  let broker: TestBroker;
  let db: DataSource;

  const counts = async () => {
    const [row] = await db.query<Array<{ messages: number; outbox: number }>>(
      `SELECT (SELECT count(*)::int FROM contact_messages) AS messages,
              (SELECT count(*)::int FROM outbox_messages) AS outbox`,
    );
    return row!;
  };
  const outboxRow = async (id: string) =>
    (await db.query<OutboxRow[]>(`SELECT * FROM outbox_messages WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    const environment = await createTestEnvironment();
    broker = await TestBroker.connect(environment.config);
    environment.onCleanup(() => broker.deleteQueuesAndClose());
    api = await startTestApp({}, environment);
    db = api.app.get(DataSource);
  });

  afterAll(async () => {
    await api?.close();
    await api?.environment.cleanup();
  });

  it('stores the message and its outbox row with one id, answers 202, then publishes it', async () => {
    const response = await postContact(api.url, { ...VALID, message: '  Shall we talk?  ' });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { id: string; status: string };
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'accepted' });

    const [stored] = await db.query<Array<Record<string, unknown>>>(
      `SELECT * FROM contact_messages WHERE id = $1`,
      [body.id],
    );
    expect(stored).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(stored!.message).toBe('Shall we talk?');
    const outbox = await outboxRow(body.id);
    expect(outbox).toMatchObject({ topic: 'contact.received' });
    expect(outbox!.payload).toMatchObject({ id: body.id, email: 'ada@example.com' });

    const published = await eventually(
      () => outboxRow(body.id),
      (row) => row?.published_at !== null,
    );
    expect(published!.published_at).toBeInstanceOf(Date);
    expect(published!.attempts).toBe(1);

    const messages = await broker.drain(broker.topology.workQueue);
    const message = messages.find((candidate) => candidate.properties.messageId === body.id);
    expect(message).toBeDefined();
    expect(message!.properties).toMatchObject({
      deliveryMode: 2,
      contentType: 'application/json',
      type: 'contact.received',
    });
    expect(JSON.parse(message!.content.toString())).toMatchObject({
      id: body.id,
      name: 'Ada Lovelace',
      message: 'Shall we talk?',
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it.each([
    ['a missing name', { email: VALID.email, message: VALID.message }, /name/],
    ['a blank message', { ...VALID, message: '   ' }, /message/],
    ['a message over 5000 characters', { ...VALID, message: 'x'.repeat(5001) }, /message/],
    ['an invalid e-mail address', { ...VALID, email: 'not-an-address' }, /email/],
    ['an unknown field', { ...VALID, phone: '123' }, /phone/],
  ])('refuses %s with a 400 naming the field and stores nothing', async (_, body, field) => {
    const before = await counts();
    const response = await postContact(api.url, body);
    expect(response.status).toBe(400);
    const error = (await response.json()) as { message: unknown };
    expect(JSON.stringify(error.message)).toMatch(field);
    expect(await counts()).toEqual(before);
  });

  it('accepts a message that fills in the spam trap but neither stores nor sends it', async () => {
    const before = await counts();
    const response = await postContact(api.url, { ...VALID, website: 'http://spam.example' });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: 'accepted' });
    expect(await counts()).toEqual(before);
  });

  // Each table refuses every new row (unpublished, not yet notified), so that half of the one
  // statement fails for real.
  it.each([
    ['outbox', 'outbox_messages', 'published_at'],
    ['message', 'contact_messages', 'notified_at'],
  ])('stores neither row when the %s insert fails', async (_half, table, column) => {
    await db.query(
      `ALTER TABLE ${table} ADD CONSTRAINT ck_test_refuse_all CHECK (${column} IS NOT NULL) NOT VALID`,
    );
    try {
      const before = await counts();
      const response = await postContact(api.url, VALID);
      expect(response.status).toBe(500);
      expect(await counts()).toEqual(before);
    } finally {
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ck_test_refuse_all`);
    }
  });

  it('answers 202 only once both rows are committed, under 50 concurrent messages', async () => {
    const before = await counts();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => postContact(api.url, VALID)),
    );
    const ids = await Promise.all(
      responses.map(async (response) => {
        expect(response.status).toBe(202);
        return ((await response.json()) as { id: string }).id;
      }),
    );
    const [row] = await db.query<Array<{ messages: number; outbox: number }>>(
      `SELECT (SELECT count(*)::int FROM contact_messages WHERE id = ANY($1::uuid[])) AS messages,
              (SELECT count(*)::int FROM outbox_messages WHERE id = ANY($1::uuid[])) AS outbox`,
      [ids],
    );
    expect(row).toEqual({ messages: 50, outbox: 50 });
    expect((await counts()).messages).toBe(before.messages + 50);
  });

  it('fails only the message the database refuses when concurrent messages share a statement', async () => {
    await db.query(
      `ALTER TABLE contact_messages ADD CONSTRAINT ck_test_refuse_name CHECK (name <> 'Refused') NOT VALID`,
    );
    try {
      const before = await counts();
      const names = Array.from({ length: 40 }, (_, index) =>
        index % 10 === 3 ? 'Refused' : 'Ada',
      );
      const statuses = await Promise.all(
        names.map((name) => postContact(api.url, { ...VALID, name }).then((r) => r.status)),
      );
      expect(statuses).toEqual(names.map((name) => (name === 'Refused' ? 500 : 202)));
      expect(await counts()).toEqual({
        messages: before.messages + 36,
        outbox: before.outbox + 36,
      });
    } finally {
      await db.query(`ALTER TABLE contact_messages DROP CONSTRAINT ck_test_refuse_name`);
    }
  });

  it('throttles each client address to 5 messages per 10 minutes with Retry-After', async () => {
    const ip = clientAddress();
    for (let index = 0; index < 5; index += 1) {
      expect((await postContact(api.url, VALID, ip)).status).toBe(202);
    }
    const refused = await postContact(api.url, VALID, ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await postContact(api.url, VALID, clientAddress())).status).toBe(202);
  });

  it('reports RabbitMQ on /ready and the pending outbox on /metrics', async () => {
    const ready = await eventually(
      async () =>
        (await (await fetch(`${api.url}/ready`)).json()) as { checks: Record<string, string> },
      (body) => body.checks.rabbitmq === 'up',
    );
    expect(ready.checks.rabbitmq).toBe('up');
    const metrics = await (await fetch(`${api.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^outbox_pending_messages \d+$/m);
    expect(metrics).toMatch(/^outbox_oldest_pending_age_seconds [\d.e+-]+$/m);
  });

  it('documents the route in the OpenAPI document', async () => {
    const document = (await (await fetch(`${api.url}/docs`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const operation = document.paths['/contact']?.post;
    expect(Object.keys(operation?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '400', '429']),
    );
  });

  it('publishes each row once with two API replicas relaying the same outbox', async () => {
    const second = await startTestApp({}, api.environment);
    try {
      await broker.drain(broker.topology.workQueue);
      const ids: string[] = [];
      for (let index = 0; index < 20; index += 1) {
        const target = index % 2 === 0 ? api.url : second.url;
        const response = await postContact(target, VALID);
        ids.push(((await response.json()) as { id: string }).id);
      }
      await eventually(
        async () =>
          await db.query<unknown[]>(`SELECT id FROM outbox_messages WHERE published_at IS NULL`),
        (rows) => rows.length === 0,
      );
      const messages = await broker.drain(broker.topology.workQueue);
      const published = messages.map((message) => message.properties.messageId as string);
      expect(published.sort()).toEqual([...ids].sort());
    } finally {
      await second.close();
    }
  });

  it('deletes published rows past the retention period', async () => {
    const response = await postContact(api.url, VALID);
    const { id } = (await response.json()) as { id: string };
    await eventually(
      () => outboxRow(id),
      (row) => row?.published_at !== null,
    );
    await db.query(
      `UPDATE outbox_messages SET published_at = now() - interval '8 days' WHERE id = $1`,
      [id],
    );
    const relay = api.app.get(OutboxRelay, { strict: false });
    const deleted = await relay.purgePublished(new Date(Date.now() - 7 * 24 * 3600 * 1000));
    expect(deleted).toBe(1);
    expect(await outboxRow(id)).toBeUndefined();
    expect((await db.query(`SELECT 1 FROM contact_messages WHERE id = $1`, [id])).length).toBe(1);
  });
});
