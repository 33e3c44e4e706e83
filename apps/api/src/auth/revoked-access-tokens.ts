import { Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import type { RedisClient } from '../redis/redis-client';
import { REDIS } from '../redis/redis.module';

const revokedKey = (tokenId: string) => `auth:revoked-access:${tokenId}`;
const revokedFamilyKey = (family: string) => `auth:revoked-family:${family}`;

/**
 * The deny-list of access tokens whose session was ended before they expired: one token (logout,
 * by its `jti`) or every token of a sign-in (refresh-token reuse, by its family). An entry lives
 * as long as a token could: after that the expiry refuses the token anyway.
 */
@Injectable()
export class RevokedAccessTokens {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** `expiresAt`: the token's `exp`, seconds since the epoch. */
  async revoke(tokenId: string, expiresAt: number): Promise<void> {
    const seconds = expiresAt - Math.floor(Date.now() / 1000);
    if (seconds <= 0) return;
    await this.redis.set(revokedKey(tokenId), '1', { expiration: { type: 'EX', value: seconds } });
  }

  /** Every access token issued with one of these refresh-token families stops working. */
  async revokeFamilies(families: string[]): Promise<void> {
    const unique = [...new Set(families)];
    if (unique.length === 0) return;
    const seconds = this.config.auth.accessTokenTtlSeconds;
    const transaction = this.redis.multi();
    for (const family of unique) {
      transaction.set(revokedFamilyKey(family), '1', {
        expiration: { type: 'EX', value: seconds },
      });
    }
    await transaction.exec();
  }

  /** One round trip for the token and its family. */
  async isRevoked(tokenId: string, family?: string): Promise<boolean> {
    const keys = [revokedKey(tokenId)];
    if (family !== undefined) keys.push(revokedFamilyKey(family));
    return (await this.redis.exists(keys)) > 0;
  }
}
