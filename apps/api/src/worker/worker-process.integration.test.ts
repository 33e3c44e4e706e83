import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventually, TestBroker } from '../messaging/testing/test-broker';
import { type CompiledProcess, startCompiled } from '../testing/compiled-process';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';

/** `node dist/worker.js` as ECS runs it, started as a child process, stopped by SIGTERM. */
describe('the compiled worker process', () => {
  let environment: TestEnvironment;
  let broker: TestBroker;
  let db: Client;
  let worker: CompiledProcess | undefined;

  const lines = () => (worker?.output() ?? '').split('\n').filter(Boolean);

  beforeAll(async () => {
    environment = await createTestEnvironment();
    broker = await TestBroker.connect(environment.config);
    environment.onCleanup(() => broker.deleteQueuesAndClose());
    const { host, port, user, password, name } = environment.config.database;
    db = new Client({ host, port, user, password, database: name });
    await db.connect();
    environment.onCleanup(() => db.end());
  });

  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await environment?.cleanup();
  });

  it('consumes, logs without the message body, reports queue depth and exits 0 on SIGTERM', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'skyport-worker-'));
    environment.onCleanup(() => rmSync(folder, { recursive: true, force: true }));
    const heartbeat = {
      WORKER_HEARTBEAT_FILE: join(folder, 'heartbeat.json'),
      WORKER_HEARTBEAT_INTERVAL_MS: '200',
      WORKER_HEARTBEAT_MAX_AGE_MS: '1000',
    };
    worker = startCompiled('worker.js', {
      ...environment.env,
      ...heartbeat,
      LOG_LEVEL: 'info',
      METRICS_ENVIRONMENT: 'ci',
      QUEUE_METRICS_INTERVAL_MS: '1000',
    });

    await eventually(
      () => Promise.resolve(lines().some((line) => line.includes('"consuming"'))),
      (found) => found,
    );
    // The container health check, as ECS runs it beside the consuming worker.
    const check = await eventually(
      async () => {
        const script = startCompiled('worker-health.js', heartbeat);
        return { code: await script.exited, line: script.output() };
      },
      (result) => result.code === 0,
    );
    expect(check.line).toMatch(/^healthy: heartbeat \d+ s old\n$/);
    const id = await broker.publishContact({
      name: 'Grace Hopper',
      email: 'grace@example.com',
      message: 'A very private message',
    });
    const processed = await eventually(
      async () =>
        (await db.query(`SELECT 1 FROM processed_messages WHERE message_id = $1`, [id])).rowCount,
      (count) => count === 1,
    );
    expect(processed).toBe(1);

    const notification = await eventually(
      () => Promise.resolve(lines().find((line) => line.includes('"contact message received"'))),
      (line) => line !== undefined,
    );
    expect(JSON.parse(notification!)).toMatchObject({ messageId: id, event: 'contact.received' });
    const everything = worker.output();
    expect(everything).not.toContain('Grace Hopper');
    expect(everything).not.toContain('grace@example.com');
    expect(everything).not.toContain('A very private message');

    const metric = await eventually(
      () => Promise.resolve(lines().find((line) => line.startsWith('{"_aws"'))),
      (line) => line !== undefined,
    );
    expect(JSON.parse(metric!)).toMatchObject({ Environment: 'ci', QueueDepth: 0 });

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(lines().some((line) => line.includes('"stopped"'))).toBe(true);
    worker = undefined;
  });

  it('fails its health check once its event loop stops running', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'skyport-worker-'));
    environment.onCleanup(() => rmSync(folder, { recursive: true, force: true }));
    const heartbeat = {
      WORKER_HEARTBEAT_FILE: join(folder, 'heartbeat.json'),
      WORKER_HEARTBEAT_INTERVAL_MS: '200',
      WORKER_HEARTBEAT_MAX_AGE_MS: '1000',
    };
    const check = async () => {
      const script = startCompiled('worker-health.js', heartbeat);
      return { code: await script.exited, line: script.output() };
    };
    worker = startCompiled('worker.js', { ...environment.env, ...heartbeat });
    await eventually(check, (result) => result.code === 0);
    // Frozen like a loop stuck in synchronous code: no timer of the worker's runs any more.
    worker.child.kill('SIGSTOP');
    const stale = await eventually(check, (result) => result.code === 1);
    expect(stale.line).toMatch(
      /^unhealthy: the heartbeat stopped \(event loop blocked, or the process is not running\); last healthy \d+ s ago \(limit 1 s\)\n$/,
    );
    worker.child.kill('SIGKILL');
    await worker.exited;
    worker = undefined;
  });
});
