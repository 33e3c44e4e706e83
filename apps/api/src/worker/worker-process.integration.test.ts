import 'reflect-metadata';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { eventually, TestBroker } from '../messaging/testing/test-broker';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';

const API_DIR = join(__dirname, '../..');

/**
 * `node dist/worker.js` as ECS runs it: compiled with the build's tsconfig into a throwaway
 * folder inside the app (so node_modules resolve), started as a child process, stopped by SIGTERM.
 */
describe('the compiled worker process', () => {
  let outDir: string;
  let environment: TestEnvironment;
  let broker: TestBroker;
  let db: Client;
  let child: ChildProcess | undefined;
  const output: string[] = [];

  const lines = () => output.join('').split('\n').filter(Boolean);

  beforeAll(async () => {
    outDir = mkdtempSync(join(API_DIR, 'test-results', 'worker-build-'));
    const tsc = require.resolve('typescript/bin/tsc');
    // Type errors elsewhere in the tree must not hide this test's result: tsc emits regardless.
    await promisify(execFile)(
      process.execPath,
      [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir],
      {
        cwd: API_DIR,
      },
    ).catch(() => undefined);
    if (!existsSync(join(outDir, 'worker.js'))) throw new Error('the build produced no worker.js');

    environment = await createTestEnvironment();
    broker = await TestBroker.connect(environment.config);
    environment.onCleanup(() => broker.deleteQueuesAndClose());
    const { host, port, user, password, name } = environment.config.database;
    db = new Client({ host, port, user, password, database: name });
    await db.connect();
    environment.onCleanup(() => db.end());
  }, 120_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await environment?.cleanup();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('consumes, logs without the message body, reports queue depth and exits 0 on SIGTERM', async () => {
    child = spawn(process.execPath, [join(outDir, 'worker.js')], {
      cwd: API_DIR,
      env: {
        ...environment.env,
        PATH: process.env.PATH,
        LOG_LEVEL: 'info',
        METRICS_ENVIRONMENT: 'ci',
        QUEUE_METRICS_INTERVAL_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));

    await eventually(
      () => Promise.resolve(lines().some((line) => line.includes('"consuming"'))),
      (found) => found,
    );
    const id = randomUUID();
    const body = {
      id,
      name: 'Grace Hopper',
      email: 'grace@example.com',
      message: 'A very private message',
      receivedAt: new Date().toISOString(),
    };
    await broker.publish(broker.topology.workQueue, JSON.stringify(body), {
      messageId: id,
      type: 'contact.received',
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
    const everything = output.join('');
    expect(everything).not.toContain('Grace Hopper');
    expect(everything).not.toContain('grace@example.com');
    expect(everything).not.toContain('A very private message');

    const metric = await eventually(
      () => Promise.resolve(lines().find((line) => line.startsWith('{"_aws"'))),
      (line) => line !== undefined,
    );
    expect(JSON.parse(metric!)).toMatchObject({ Environment: 'ci', QueueDepth: 0 });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines().some((line) => line.includes('"stopped"'))).toBe(true);
    child = undefined;
  });
});
