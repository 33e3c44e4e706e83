import { ServiceUnavailableException } from '@nestjs/common';

/** Seconds a client is asked to wait after a 503 for an unavailable dependency. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

/** A 503 because a dependency is down; the exception filter adds Retry-After. */
export class DependencyUnavailableException extends ServiceUnavailableException {
  constructor(message = 'a service this request needs is unavailable, try again shortly') {
    super(message);
  }
}

/**
 * Whether an error means a dependency (PostgreSQL or Redis) cannot be reached or did not answer
 * in time, as opposed to a bug: the caller then gets 503 with Retry-After, never a 500.
 *
 * TypeORM wraps driver errors (`driverError`), pg and node-redis chain them (`cause`): the whole
 * chain is looked at.
 */
export function isDependencyUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current !== 'object') return false;
    if (isUnavailable(current)) return true;
    const { driverError, cause } = current as ErrorLike;
    current = driverError ?? cause;
  }
  return false;
}

interface ErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly driverError?: unknown;
  readonly cause?: unknown;
}

/** Socket-level failures, from pg, node-redis or Node itself. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * PostgreSQL SQLSTATEs of an unavailable server: class 08 (connection exception), 53300 (too many
 * connections), 57P01–57P03 (shutting down, crash recovery, cannot connect now).
 */
const POSTGRES_UNAVAILABLE = /^(08...|53300|57P0[123])$/;

/** node-redis's errors for a client that is not connected or got no answer in time. */
const REDIS_UNAVAILABLE = new Set([
  'ClientOfflineError',
  'ClientClosedError',
  'ConnectionTimeoutError',
  'SocketClosedUnexpectedlyError',
  'SocketTimeoutError',
  'TimeoutError',
  'TimeoutReadError',
  'ReconnectStrategyError',
]);

/** Error replies of a Redis that is there but cannot serve (loading, failing over, no auth). */
const REDIS_REPLIES = /^(LOADING|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|NOAUTH|WRONGPASS)\b/;

/** pg's and pg-pool's own messages for a connection that failed or was cut. */
const PG_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused)/;

function isUnavailable(error: ErrorLike): boolean {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const message = typeof error.message === 'string' ? error.message : '';
  const name = (error as object).constructor?.name;
  return (
    (code !== undefined && (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code))) ||
    (name !== undefined && REDIS_UNAVAILABLE.has(name)) ||
    REDIS_REPLIES.test(message) ||
    PG_MESSAGES.test(message)
  );
}
