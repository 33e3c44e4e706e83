import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-client';
import { REDIS } from '../redis/redis.module';
import { RedisScript } from '../redis/redis-script';

export interface RateLimit {
  /** Names the counter family, e.g. `login-ip`; part of the Redis key. */
  readonly bucket: string;
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimitResult {
  readonly allowed: boolean;
  readonly remaining: number;
  /** Until the window resets; what Retry-After says. */
  readonly retryAfterMs: number;
}

/** 429 with the seconds to wait; the exception filter turns it into a Retry-After header. */
export class TooManyRequestsException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'too many requests, try again later',
  ) {
    super({ statusCode: 429, error: 'Too Many Requests', message }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

// INCR and PEXPIRE in one step: a crash between them would leave a counter that never expires.
// Called by SHA: the text is sent only when the server does not have it yet.
const CONSUME = new RedisScript(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`);

/**
 * Fixed-window counters in Redis, shared by every replica. When Redis is unreachable the call
 * throws (the caller answers 503): failing open would lift the login throttle exactly when the
 * cache is down.
 */
@Injectable()
export class RateLimiter {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  async consume(rule: RateLimit, key: string): Promise<RateLimitResult> {
    const [count, ttl] = (await CONSUME.run(
      this.redis,
      [this.key(rule, key)],
      [String(rule.windowMs)],
    )) as [number, number];
    return {
      allowed: count <= rule.limit,
      remaining: Math.max(0, rule.limit - count),
      retryAfterMs: ttl,
    };
  }

  /** Consumes one request or throws 429 with Retry-After. */
  async enforce(rule: RateLimit, key: string, message?: string): Promise<RateLimitResult> {
    const result = await this.consume(rule, key);
    if (!result.allowed) {
      throw new TooManyRequestsException(
        Math.max(1, Math.ceil(result.retryAfterMs / 1000)),
        message,
      );
    }
    return result;
  }

  /** Forgets a key's counter, e.g. an account's failed logins after a successful one. */
  async reset(rule: RateLimit, key: string): Promise<void> {
    await this.redis.del(this.key(rule, key));
  }

  private key(rule: RateLimit, key: string): string {
    return `rate:${rule.bucket}:${key}`;
  }
}
