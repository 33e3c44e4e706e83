import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { LogFormat, LogLevelName } from '../config/config';
import { loggableError } from './loggable-error';
import { prettyStream } from './pretty-stream';
import { currentTraceFields } from './trace-fields';

/**
 * One JSON line per event on stdout (CloudWatch Logs in AWS). Fields that could carry a secret are
 * redacted wherever they appear. No per-request line: requests are counted in /metrics; only
 * failures are logged, with the request id.
 */
export function createLogger(
  level: LogLevelName,
  name = 'skyport-api',
  destination: pino.DestinationStream = pino.destination(1),
): Logger {
  return pino(
    {
      name,
      level,
      base: { service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Never pino's standard error serializer: it copies every enumerable field, and a TypeORM
      // QueryFailedError carries the query's parameters (a contact message, a password hash).
      serializers: { err: loggableError },
      // Inside a trace, every line carries its X-Ray trace id (nothing when tracing is off).
      mixin: currentTraceFields,
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'refreshToken',
          '*.refreshToken',
          'authorization',
          '*.authorization',
          'req.headers.authorization',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** Where an entry point's log lines go: JSON to the file descriptor, or readable text in development. */
export function logDestination(format: LogFormat, fd: 1 | 2 = 1): pino.DestinationStream {
  if (format === 'json') return pino.destination(fd);
  return prettyStream(fd === 1 ? process.stdout : process.stderr);
}

/** Nest's logger interface over pino, so framework messages come out as the same JSON lines. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    // Nest passes the context (class name) last, and for errors the stack before it.
    const context = typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    const stack = typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) {
      this.logger[level]({ context, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...message });
    } else {
      this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}
