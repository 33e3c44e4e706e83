import { Redis } from 'ioredis';
import type { RedisConfig } from '../config/config';

/**
 * One client per process. Commands issued while Redis is unreachable fail fast (no offline queue,
 * one retry) so a request never hangs on the cache; the client keeps reconnecting in the
 * background with a capped back-off.
 */
export function createRedisClient(config: RedisConfig): Redis {
  return new Redis({
    host: config.host,
    port: config.port,
    password: config.password,
    tls: config.tls ? { servername: config.host } : undefined,
    keyPrefix: config.keyPrefix,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
  });
}

/**
 * A client that has had up to `waitMs` to connect. Start-up does not fail when Redis is down:
 * `/ready` reports it and the client keeps trying.
 */
export async function connectRedis(config: RedisConfig, waitMs = 5_000): Promise<Redis> {
  const client = createRedisClient(config);
  // Without a listener, a connection error would be an unhandled 'error' event.
  client.on('error', () => undefined);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return client;
}
