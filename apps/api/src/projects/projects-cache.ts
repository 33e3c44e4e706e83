import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import type { RedisClient } from '../redis/redis-client';
import { REDIS } from '../redis/redis.module';
import { RedisScript } from '../redis/redis-script';

export type CacheOutcome = 'hit' | 'miss';

export interface CachedJson {
  /** The serialized JSON, exactly as stored. */
  readonly json: string;
  readonly cache: CacheOutcome;
}

/** How long a cached public read lives; a bounded staleness if an invalidation is ever lost. */
export const PROJECTS_CACHE_TTL_SECONDS = 60;

const VERSION_KEY = 'projects:cache:version';

const ENTRY_PREFIX = 'projects:cache:';

/** `projects:cache:<version>:<name>`, the key of one cached read. */
function entryKey(version: string, name: string): string {
  return `${ENTRY_PREFIX}${version}:${name}`;
}

// GET the version, then GET that version's entry (a missing one is `false`, a nil in the reply):
// ARGV[1] is ENTRY_PREFIX with the client's key prefix, ARGV[2] the entry's name. Called by SHA.
const LOOKUP = new RedisScript(`
local version = redis.call('GET', KEYS[1]) or '0'
return {version, redis.call('GET', ARGV[1] .. version .. ':' .. ARGV[2])}
`);

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

  /** ENTRY_PREFIX under the client's key prefix: the script builds entry keys itself. */
  private readonly entryPrefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.entryPrefix = `${config.redis.keyPrefix}${ENTRY_PREFIX}`;
  }

  /**
   * The entry `name` of the current version, or `load()`'s result, stored for the next reader
   * when `storable` (by default always) says the result is worth a key: anonymous callers choose
   * `name`, so what they can make the cache hold must stay bounded.
   */
  async read<T>(
    name: string,
    load: () => Promise<T>,
    storable: (value: T) => boolean = () => true,
  ): Promise<CachedJson> {
    if (this.invalidationPending) await this.invalidate();
    // Until that retry succeeds, entries may predate a write: bypass them.
    const found = this.invalidationPending ? undefined : await this.lookup(name);
    if (typeof found?.json === 'string') return { json: found.json, cache: 'hit' };
    const value = await load();
    const json = JSON.stringify(value);
    if (found !== undefined && storable(value)) {
      // A read that raced a write stores under the version it started with: never served again.
      await this.attempt('write', () =>
        this.redis.set(entryKey(found.version, name), json, {
          expiration: { type: 'EX', value: PROJECTS_CACHE_TTL_SECONDS },
        }),
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

  /**
   * The current version and its entry for `name`, in one round trip (this is every public read's
   * hot path); undefined when Redis failed.
   */
  private async lookup(
    name: string,
  ): Promise<{ version: string; json: string | null } | undefined> {
    const reply = await this.attempt('read', () =>
      LOOKUP.run(this.redis, [VERSION_KEY], [this.entryPrefix, name]),
    );
    if (reply === undefined) return undefined;
    const [version, json] = reply as [string, string | null];
    return { version: String(version), json };
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
