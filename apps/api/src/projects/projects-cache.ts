import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../redis/redis.module';

export type CacheOutcome = 'hit' | 'miss';

export interface CachedJson {
  /** The serialized JSON, exactly as stored. */
  readonly json: string;
  readonly cache: CacheOutcome;
}

/** How long a cached public read lives; a bounded staleness if an invalidation is ever lost. */
export const PROJECTS_CACHE_TTL_SECONDS = 60;

const VERSION_KEY = 'projects:cache:version';

/**
 * The public project reads, serialized, in Redis. Every entry's key carries the current version;
 * a write bumps the version, so every cached page and project is out of use at once, without
 * KEYS or SCAN (old entries simply expire).
 *
 * Redis is an optimization here, never a dependency: when it fails, reads go to PostgreSQL and
 * writes still succeed (their invalidation is then lost, and entries expire within the TTL).
 */
@Injectable()
export class ProjectsCache {
  private readonly logger = new Logger(ProjectsCache.name);
  private lastWarningAt = 0;
  private invalidationPending = false;

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** The entry `name` of the current version, or `load()`'s result, stored for the next reader. */
  async read(name: string, load: () => Promise<unknown>): Promise<CachedJson> {
    if (this.invalidationPending) await this.invalidate();
    // Until that retry succeeds, entries may predate a write: bypass them.
    const key = this.invalidationPending ? undefined : await this.currentKey(name);
    if (key !== undefined) {
      const cached = await this.attempt('read', () => this.redis.get(key));
      if (typeof cached === 'string') return { json: cached, cache: 'hit' };
    }
    const json = JSON.stringify(await load());
    if (key !== undefined) {
      // A read that raced a write stores under the version it started with: never served again.
      await this.attempt('write', () =>
        this.redis.set(key, json, 'EX', PROJECTS_CACHE_TTL_SECONDS),
      );
    }
    return { json, cache: 'miss' };
  }

  /**
   * After every write: makes every cached entry unreachable. If Redis is down, the next read in
   * this process retries first, so a write during an outage is not hidden by entries cached
   * before it once Redis is back.
   */
  async invalidate(): Promise<void> {
    const version = await this.attempt('invalidate', () => this.redis.incr(VERSION_KEY));
    this.invalidationPending = version === undefined;
  }

  private async currentKey(name: string): Promise<string | undefined> {
    const version = await this.attempt('read', () => this.redis.get(VERSION_KEY));
    if (version === undefined) return undefined;
    return `projects:cache:${version ?? '0'}:${name}`;
  }

  /** The operation's result, or undefined when Redis failed (logged). */
  private async attempt<T>(action: string, operation: () => Promise<T>): Promise<T | undefined> {
    try {
      return await operation();
    } catch (error) {
      // One line per 10 s is enough to see an outage; one per request would flood the logs.
      if (Date.now() - this.lastWarningAt > 10_000) {
        this.lastWarningAt = Date.now();
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`projects cache ${action} skipped, Redis unavailable: ${reason}`);
      }
      return undefined;
    }
  }
}
