import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-client';
import { REDIS } from '../redis/redis.module';

const revokedKey = (tokenId: string) => `auth:revoked-access:${tokenId}`;

/**
 * The deny-list of access tokens whose session was ended before they expired. An entry lives
 * exactly as long as the token would have: after that the expiry refuses the token anyway.
 */
@Injectable()
export class RevokedAccessTokens {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  /** `expiresAt`: the token's `exp`, seconds since the epoch. */
  async revoke(tokenId: string, expiresAt: number): Promise<void> {
    const seconds = expiresAt - Math.floor(Date.now() / 1000);
    if (seconds <= 0) return;
    await this.redis.set(revokedKey(tokenId), '1', { expiration: { type: 'EX', value: seconds } });
  }

  async isRevoked(tokenId: string): Promise<boolean> {
    return (await this.redis.exists(revokedKey(tokenId))) === 1;
  }
}
