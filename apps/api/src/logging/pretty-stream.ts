import { Writable } from 'node:stream';

/** The fields every line has; the rest are printed as `key=value`. */
const FIXED_FIELDS = new Set([
  'level',
  'time',
  'service',
  'name',
  'msg',
  'context',
  'err',
  'pid',
  'hostname',
]);
const LEVEL_COLOURS: Record<string, string> = {
  trace: '90',
  debug: '36',
  info: '32',
  warn: '33',
  error: '31',
  fatal: '35',
};

/**
 * One JSON log line as a person reads it in a terminal:
 * `08:51:20 INFO  api     [OutboxRelay] outbox publish failed  failed=1 retryInMs=1000`,
 * then an error's stack, indented. A line that is not JSON passes through unchanged.
 */
export function formatLogLine(line: string, colour = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const paint = (code: string | undefined, text: string) =>
    colour && code ? `\u001b[${code}m${text}\u001b[0m` : text;
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const level = typeof entry.level === 'string' ? entry.level : 'info';
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const service = text(entry.service ?? entry.name ?? '').replace(/^skyport-/, '');
  const context = entry.context ? `[${text(entry.context)}] ` : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !FIXED_FIELDS.has(key))
    .map(([key, value]) => `${key}=${text(value)}`);
  const head = [
    paint('90', time),
    paint(LEVEL_COLOURS[level], level.toUpperCase().padEnd(5)),
    service.padEnd(7),
    `${context}${text(entry.msg ?? '')}`,
  ].join(' ');
  const err = entry.err as { type?: string; message?: string; stack?: string } | undefined;
  const stack = err?.stack ?? (err ? `${err.type ?? 'Error'}: ${err.message ?? ''}` : undefined);
  return [
    fields.length > 0 ? `${head}  ${paint('90', fields.join(' '))}` : head,
    ...(stack ? stack.split('\n').map((text) => `    ${text}`) : []),
  ].join('\n');
}

/** A pino destination that writes `formatLogLine` text to `out` (development only). */
export function prettyStream(out: NodeJS.WriteStream): Writable {
  const colour = out.isTTY === true || Boolean(process.env.FORCE_COLOR);
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.length > 0) out.write(`${formatLogLine(line, colour)}\n`);
      done();
    },
    final(done) {
      if (pending.length > 0) out.write(`${formatLogLine(pending, colour)}\n`);
      done();
    },
  });
}
