import { createClient, type RedisClientType } from 'redis';
import type { RedisConfig } from '../config/config';

/** The shared node-redis client (RESP3, default modules); `@Inject(REDIS)` in a provider. */
export type RedisClient = RedisClientType;

/** How long one command may wait, sent or not, before it fails (the request then degrades). */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;
/** TCP (and TLS) connect timeout of one attempt. */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000;
/**
 * A connection that has read and written nothing for this long is dropped and reconnected: this is
 * what ends an attempt whose server accepted the TCP connection and never answered the handshake.
 * The PING below keeps a healthy idle connection well inside it.
 */
export const REDIS_SOCKET_TIMEOUT_MS = 10_000;
const PING_INTERVAL_MS = 4_000;
/** Reconnection back-off: 100 ms doubling to this ceiling, with jitter; never gives up. */
export const REDIS_MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * One client per process, not connected yet (`connectInBackground` starts it). Commands issued
 * while Redis is unreachable fail at once (no offline queue) so a request never waits for the
 * cache; a command sent to a server that stops answering fails after 2 s.
 *
 * In AWS (ElastiCache with in-transit encryption and an auth token) REDIS_TLS=true connects with
 * TLS and checks the certificate against REDIS_HOST, and REDIS_PASSWORD is sent in the handshake
 * (`HELLO 3 AUTH default <token>`).
 */
export function createRedisClient(config: RedisConfig): RedisClient {
  const socket = {
    host: config.host,
    port: config.port,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    socketTimeout: REDIS_SOCKET_TIMEOUT_MS,
    reconnectStrategy: reconnectDelay,
  };
  return createClient({
    socket: config.tls ? { ...socket, tls: true as const, servername: config.host } : socket,
    password: config.password,
    keyPrefix: config.keyPrefix,
    disableOfflineQueue: true,
    pingInterval: PING_INTERVAL_MS,
    // ElastiCache sends no maintenance notifications; asking for them costs a round trip.
    maintNotifications: 'disabled',
    commandOptions: { timeout: REDIS_COMMAND_TIMEOUT_MS, rejectInFlight: true },
  });
}

/** Milliseconds before reconnection attempt `retries` (0, 1, …): bounded, with jitter, forever. */
export function reconnectDelay(retries: number): number {
  const base = Math.min(100 * 2 ** Math.min(retries, 10), REDIS_MAX_RECONNECT_DELAY_MS);
  return Math.round(base * (0.8 + Math.random() * 0.2));
}

/** The error replies that mean REDIS_PASSWORD is wrong or missing. */
const AUTH_ERRORS = /^(WRONGPASS|NOAUTH|ERR AUTH|ERR invalid password|ERR Client sent AUTH)/i;

/**
 * What an operator should fix when a connection attempt fails: one sentence naming the variable.
 * Undefined for an error that says nothing about the configuration (a dropped connection).
 */
export function connectionProblem(error: unknown, config: RedisConfig): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  const where = `${config.host}:${config.port}`;
  if (AUTH_ERRORS.test(message)) {
    return config.password === undefined
      ? `Redis at ${where} asks for a password: set REDIS_PASSWORD (the ElastiCache auth token)`
      : `Redis at ${where} refused REDIS_PASSWORD (${message.split(' ')[0]}): check the auth token`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `Redis host ${config.host} does not resolve (${code}): check REDIS_HOST`;
  }
  if (code === 'ECONNREFUSED') {
    return `Redis at ${where} refuses connections: check REDIS_HOST and REDIS_PORT, or start Redis`;
  }
  if (
    typeof code === 'string' &&
    /^(ERR_TLS|ERR_SSL|EPROTO|CERT_|DEPTH_ZERO|SELF_SIGNED)/.test(code)
  ) {
    return `TLS to Redis at ${where} failed (${code}): check REDIS_TLS and REDIS_HOST (the certificate's name)`;
  }
  if (code === 'ECONNRESET' && !config.tls) {
    // What a TLS-only server (ElastiCache with in-transit encryption) does to a plain-text hello.
    return (
      `Redis at ${where} closed the connection before answering (ECONNRESET): if it requires ` +
      `TLS (ElastiCache in-transit encryption), set REDIS_TLS=true`
    );
  }
  if (/timeout/i.test(message)) {
    return (
      `Redis at ${where} does not answer (${message}): check REDIS_HOST, REDIS_PORT, the ` +
      `security group, and REDIS_TLS=${String(config.tls)} (${config.tls ? 'off' : 'on'} at the server?)`
    );
  }
  return `Redis at ${where} is unreachable (${typeof code === 'string' ? code : message})`;
}
