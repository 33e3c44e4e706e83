import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { API_DIR, compiledEntry } from '../testing/compiled-process';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';
import { TestBroker } from './testing/test-broker';
import { declareTopology } from './topology';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node dist/redrive.js` as the one-off ECS task runs it, as a child process. */
describe('the compiled redrive command', () => {
  let environment: TestEnvironment;
  let broker: TestBroker;

  async function run(args: string[], env: NodeJS.ProcessEnv = environment.env): Promise<Run> {
    return promisify(execFile)(process.execPath, [compiledEntry('redrive.js'), ...args], {
      cwd: API_DIR,
      env: { ...env, PATH: process.env.PATH, LOG_LEVEL: 'info' },
      timeout: 60_000,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: unknown; stdout?: string; stderr?: string }) => ({
        code: typeof error.code === 'number' ? error.code : -1,
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }),
    );
  }

  const lines = (text: string) => text.split('\n').filter(Boolean);

  beforeAll(async () => {
    environment = await createTestEnvironment();
    broker = await TestBroker.connect(environment.config);
    environment.onCleanup(() => broker.deleteQueuesAndClose());
    await declareTopology(broker.channel, broker.topology);
  });

  afterAll(async () => {
    await environment?.cleanup();
  });

  it('--dry-run prints one JSON line per message and a summary on stdout, and moves nothing', async () => {
    const { deadLetterQueue, workQueue } = broker.topology;
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) {
      await broker.publish(deadLetterQueue, JSON.stringify({ id }), {
        messageId: id,
        type: 'contact.received',
        headers: { 'x-attempt': 4, 'x-last-error': 'mail relay unavailable' },
      });
    }

    const dryRun = await run(['--dry-run']);

    expect(dryRun.code).toBe(0);
    const output = lines(dryRun.stdout);
    expect(output.slice(0, -1).map((line) => JSON.parse(line) as unknown)).toEqual(
      ids.map((messageId) => ({
        action: 'would-move',
        messageId,
        type: 'contact.received',
        attempts: 4,
        lastError: 'mail relay unavailable',
        deadLetteredAt: null,
      })),
    );
    expect(output.at(-1)).toBe(
      `redrive: moved 0, left 2 in ${deadLetterQueue} (dry run: 2 would move)`,
    );
    // The logs (JSON, on stderr) say it connected; stdout is only the report.
    expect(dryRun.stderr).toContain('"skyport-redrive"');
    expect(await broker.messageCount(workQueue)).toBe(0);

    const oneMoved = await run(['--limit', '1']);

    expect(oneMoved.code).toBe(0);
    expect(lines(oneMoved.stdout).at(-1)).toBe(`redrive: moved 1, left 1 in ${deadLetterQueue}`);
    const [moved] = await broker.drain(workQueue);
    expect(moved?.properties.messageId).toBe(ids[0]);
    expect(
      (await broker.drain(deadLetterQueue)).map((m) => m.properties.messageId as string),
    ).toEqual([ids[1]]);
  });

  it('exits 2 with the usage on a bad argument, before reading any configuration', async () => {
    const result = await run(['--limit', 'lots'], {});
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('redrive: --limit must be a whole number');
    expect(result.stderr).toContain('usage: node dist/redrive.js [--limit N] [--dry-run]');
  });

  it('exits 1 naming the variable when the configuration is incomplete', async () => {
    const withoutDatabaseHost = { ...environment.env };
    delete withoutDatabaseHost.DATABASE_HOST;
    const result = await run(['--dry-run'], withoutDatabaseHost);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('DATABASE_HOST');
  });
});
