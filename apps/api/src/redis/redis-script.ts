import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-client';

/**
 * A Lua script called by its SHA-1 (`EVALSHA`): the script's text crosses the network only when
 * the server does not have it yet (first use, or after a restart or failover, which answer
 * `NOSCRIPT`), and then as `EVAL`, which also loads it for the next calls. Keys go through the
 * client, so they get the configured key prefix like every other command.
 */
export class RedisScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisClient, keys: string[], args: string[]): Promise<unknown> {
    const options = { keys, arguments: args };
    try {
      return await redis.evalSha(this.sha, options);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, options);
    }
  }
}
