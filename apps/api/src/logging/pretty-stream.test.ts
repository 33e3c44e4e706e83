import { PassThrough } from 'node:stream';
import { formatLogLine, prettyStream } from './pretty-stream';
import { createLogger } from './logger';

describe('formatLogLine', () => {
  it('writes time, level, service, context and message, then the other fields as key=value', () => {
    const line = JSON.stringify({
      level: 'warn',
      time: '2026-12-03T08:51:59.447Z',
      service: 'skyport-worker',
      name: 'skyport-worker',
      context: 'OutboxRelay',
      msg: 'outbox publish failed; rows stay pending',
      failed: 1,
      retryInMs: 1000,
      reason: 'no queue',
    });
    expect(formatLogLine(line)).toBe(
      '08:51:59 WARN  worker  [OutboxRelay] outbox publish failed; rows stay pending  failed=1 retryInMs=1000 reason=no queue',
    );
  });

  it('prints an error’s stack indented under the line', () => {
    const line = JSON.stringify({
      level: 'error',
      time: '2026-12-03T08:51:28.304Z',
      service: 'skyport-api',
      msg: 'unhandled error',
      err: {
        type: 'QueryFailedError',
        message: 'boom',
        stack: 'QueryFailedError: boom\n    at x (y.ts:1:1)',
      },
    });
    expect(formatLogLine(line).split('\n')).toEqual([
      '08:51:28 ERROR api     unhandled error',
      '    QueryFailedError: boom',
      '        at x (y.ts:1:1)',
    ]);
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(formatLogLine('plain text')).toBe('plain text');
  });

  it('colours the level only when asked', () => {
    const line = JSON.stringify({ level: 'info', time: '2026-12-03T00:00:00.000Z', msg: 'x' });
    expect(formatLogLine(line, true)).toContain('\u001b[32mINFO ');
    expect(formatLogLine(line)).not.toContain('\u001b[');
  });
});

describe('prettyStream behind pino', () => {
  it('turns the logger’s JSON lines into readable ones, secrets still redacted', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logger = createLogger(
      'info',
      'skyport-api',
      prettyStream(out as unknown as NodeJS.WriteStream),
    );
    logger.info({ port: 3000, password: 'hunter2' }, 'API listening');
    await new Promise((done) => setImmediate(done));
    expect(text).toMatch(
      /^\d\d:\d\d:\d\d INFO {2}api {5}API listening {2}port=3000 password=\[redacted\]\n$/,
    );
  });
});
