import { ForbiddenException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccessTokens, type AccessClaims } from './access-tokens';
import { RevokedAccessTokens } from './revoked-access-tokens';

/** The caller behind a verified, unrevoked access token. */
export type AuthenticatedUser = AccessClaims;

const BEARER = /^Bearer +(\S+)$/i;

/**
 * Turns `Authorization: Bearer <jwt>` into the caller, or a 401. Used by `AuthGuard`, and directly
 * by routes where signing in is optional (the owner's draft view of the projects).
 */
@Injectable()
export class Authenticator {
  private readonly logger = new Logger(Authenticator.name);
  private lastWarningAt = 0;

  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly revoked: RevokedAccessTokens,
  ) {}

  async authenticate(request: FastifyRequest): Promise<AuthenticatedUser> {
    const header = request.headers.authorization;
    if (header === undefined) throw new UnauthorizedException('sign in first: no access token');
    const token = BEARER.exec(header.trim())?.[1];
    if (token === undefined) {
      throw new UnauthorizedException('the authorization header must be "Bearer <access token>"');
    }
    const claims = await this.accessTokens.verify(token);
    if (await this.isRevoked(claims))
      throw new UnauthorizedException('access token has been revoked');
    return claims;
  }

  /** As `authenticate`, and 403 unless the caller is the owner. */
  async authenticateOwner(request: FastifyRequest): Promise<AuthenticatedUser> {
    const caller = await this.authenticate(request);
    if (caller.role !== 'owner') throw new ForbiddenException('only the owner may do this');
    return caller;
  }

  /**
   * While Redis is unreachable the deny-list cannot be read, and the token (signature and expiry
   * checked) is accepted: the site and the owner's edits keep working through a cache outage, at
   * the price that a token logged out earlier works until it expires (minutes, at most the
   * access-token TTL). Logging out itself answers 503 meanwhile.
   */
  private async isRevoked(claims: AccessClaims): Promise<boolean> {
    try {
      return await this.revoked.isRevoked(claims.tokenId, claims.family);
    } catch (error) {
      // One line per 10 s is enough to see an outage; one per request would flood the logs.
      if (Date.now() - this.lastWarningAt > 10_000) {
        this.lastWarningAt = Date.now();
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`revocation check skipped, session store unavailable: ${reason}`);
      }
      return false;
    }
  }
}
