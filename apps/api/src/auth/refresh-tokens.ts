import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-client';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import { REDIS } from '../redis/redis.module';
import { RedisScript } from '../redis/redis-script';
import { RevokedAccessTokens } from './revoked-access-tokens';

/**
 * Redis layout (under the app's key prefix):
 * - `auth:refresh:<sha256>`: hash `{ userId, status, family }`, status `active` or `rotated`,
 *   expiring with the token. Only the SHA-256 of a token is stored: a copy of Redis signs nobody
 *   in. `family` names the sign-in the token descends from (kept by every rotation); the access
 *   tokens issued with it carry it too, so a detected reuse revokes them as well.
 * - `auth:refresh-by-user:<userId>`: sorted set of the user's active token hashes, scored by
 *   expiry (ms), so every session of a user can be revoked at once.
 */
const tokenKey = (tokenHash: string) => `auth:refresh:${tokenHash}`;
const userKey = (userId: string) => `auth:refresh-by-user:${userId}`;

// Checks and rotates in one step, so two requests presenting the same token cannot both win.
// KEYS: old token, new token, user set. ARGV: userId, ttl ms, now ms, new hash, expiry ms, old hash.
// The new token keeps the old one's family (a token from before families began its own).
const ROTATE = new RedisScript(`
local userId = redis.call('HGET', KEYS[1], 'userId')
if not userId or userId ~= ARGV[1] then return 'missing' end
if redis.call('HGET', KEYS[1], 'status') ~= 'active' then return 'reused' end
local family = redis.call('HGET', KEYS[1], 'family') or ARGV[6]
redis.call('HSET', KEYS[1], 'status', 'rotated')
redis.call('HSET', KEYS[2], 'userId', ARGV[1], 'status', 'active', 'family', family)
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[6])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[3])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return 'rotated'
`);

// Deletes the user's active tokens, provided the set still holds exactly the members the caller
// read (KEYS[2..] are their token keys, ARGV the members): a rotation in between means retry.
const REVOKE_ALL = new RedisScript(`
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
if #members ~= #ARGV then return 0 end
for i = 1, #members do
  if members[i] ~= ARGV[i] then return 0 end
end
for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
redis.call('DEL', KEYS[1])
return 1
`);

/** A refresh token and the sign-in (family) it belongs to. */
export interface IssuedRefreshToken {
  readonly refreshToken: string;
  readonly family: string;
}

/** One message for every refused refresh token, so a caller learns nothing from the difference. */
const REFUSED = 'refresh token is invalid, expired or revoked';

/**
 * Opaque refresh tokens (32 random bytes, base64url). Each use rotates the token; presenting a
 * token that was already rotated means two parties hold it, so every session of that user ends,
 * access tokens included (their families go on the deny-list). Redis errors propagate: callers
 * wrap them with `withSessionStore` (503).
 */
@Injectable()
export class RefreshTokens {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly revokedAccessTokens: RevokedAccessTokens,
  ) {}

  /** A new sign-in: a token that starts a family of its own. */
  async issue(userId: string): Promise<IssuedRefreshToken> {
    const token = newToken();
    const tokenHash = hashToken(token);
    const family = randomBytes(16).toString('base64url');
    const ttlMs = this.ttlMs();
    const now = Date.now();
    // MULTI/EXEC rejects (MultiErrorReply) when a command in it failed.
    await this.redis
      .multi()
      .hSet(tokenKey(tokenHash), { userId, status: 'active', family })
      .pExpire(tokenKey(tokenHash), ttlMs)
      .zAdd(userKey(userId), { score: now + ttlMs, value: tokenHash })
      .zRemRangeByScore(userKey(userId), '-inf', now)
      .pExpire(userKey(userId), ttlMs)
      .exec();
    return { refreshToken: token, family };
  }

  /** A new token for the presented one, which stops working; 401 when it is not active. */
  async rotate(presented: string): Promise<IssuedRefreshToken & { userId: string }> {
    const oldHash = hashToken(presented);
    const record = (await this.redis.hGetAll(tokenKey(oldHash))) as Record<string, string>;
    const userId = record.userId;
    if (userId === undefined) throw new UnauthorizedException(REFUSED);
    const family = record.family ?? oldHash;
    if (record.status !== 'active') {
      await this.revokeAll(userId, [family]);
      throw new UnauthorizedException(REFUSED);
    }
    const refreshToken = newToken();
    const newHash = hashToken(refreshToken);
    const ttlMs = this.ttlMs();
    const now = Date.now();
    const outcome = await ROTATE.run(
      this.redis,
      [tokenKey(oldHash), tokenKey(newHash), userKey(userId)],
      [userId, String(ttlMs), String(now), newHash, String(now + ttlMs), oldHash],
    );
    if (outcome === 'reused') await this.revokeAll(userId, [family]);
    if (outcome !== 'rotated') throw new UnauthorizedException(REFUSED);
    return { userId, refreshToken, family };
  }

  /** Ends one session: the token stops working if it belongs to `userId`; otherwise nothing. */
  async revoke(presented: string, userId: string): Promise<void> {
    const tokenHash = hashToken(presented);
    const owner = await this.redis.hGet(tokenKey(tokenHash), 'userId');
    if (owner !== userId) return;
    await this.redis.multi().del(tokenKey(tokenHash)).zRem(userKey(userId), tokenHash).exec();
  }

  /**
   * Ends every session of a user: the refresh tokens, and the access tokens of their families
   * (and of `families`) through the deny-list, first, so no access token outlives its session.
   */
  async revokeAll(userId: string, families: string[] = []): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const members = await this.redis.zRange(userKey(userId), 0, -1);
      const ofMembers = await Promise.all(
        members.map((member) => this.redis.hGet(tokenKey(member), 'family')),
      );
      await this.revokedAccessTokens.revokeFamilies([
        ...families,
        ...ofMembers.filter((family): family is string => typeof family === 'string'),
      ]);
      const done = await REVOKE_ALL.run(
        this.redis,
        [userKey(userId), ...members.map(tokenKey)],
        members,
      );
      if (done === 1) return;
    }
    throw new Error(`could not revoke the refresh tokens of user ${userId}: the set kept changing`);
  }

  private ttlMs(): number {
    return this.config.auth.refreshTokenTtlSeconds * 1000;
  }
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
