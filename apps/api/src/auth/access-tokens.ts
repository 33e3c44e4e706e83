import { randomUUID } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import { USER_ROLES, type UserRole } from './user.entity';

/** Issuer and audience of every access token: tokens for anything else are refused. */
export const TOKEN_ISSUER = 'skyport-api';
export const TOKEN_AUDIENCE = 'skyport-api';

/** What a verified access token says. */
export interface AccessClaims {
  readonly userId: string;
  readonly role: UserRole;
  /** The token's id: logging out puts it on the deny-list until `expiresAt`. */
  readonly tokenId: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
  /**
   * The sign-in (refresh-token family) the token was issued for: reuse of that family's refresh
   * token revokes it. Absent only from tokens issued before families existed.
   */
  readonly family?: string;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly expiresIn: number;
}

/**
 * Short-lived access tokens: JWT, HS256 with AUTH_TOKEN_SECRET, claims sub, role, jti, fam. Verifying
 * pins the algorithm (no `none`, no key confusion), the issuer, the audience and the expiry.
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async issue(userId: string, role: UserRole, family: string): Promise<IssuedAccessToken> {
    const expiresIn = this.config.auth.accessTokenTtlSeconds;
    const token = await this.jwt.signAsync(
      { role, fam: family },
      {
        secret: this.config.auth.tokenSecret,
        algorithm: 'HS256',
        subject: userId,
        jwtid: randomUUID(),
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        expiresIn,
      },
    );
    return { token, expiresIn };
  }

  /** The token's claims, or 401 saying whether it expired or is not valid at all. */
  async verify(token: string): Promise<AccessClaims> {
    let payload: Record<string, unknown>;
    try {
      payload = await this.jwt.verifyAsync<Record<string, unknown>>(token, {
        secret: this.config.auth.tokenSecret,
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
      });
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new UnauthorizedException(
        expired ? 'access token has expired' : 'access token is invalid',
      );
    }
    const { sub, role, jti, exp, fam } = payload;
    if (
      typeof sub !== 'string' ||
      typeof jti !== 'string' ||
      typeof exp !== 'number' ||
      (fam !== undefined && typeof fam !== 'string') ||
      !(USER_ROLES as readonly unknown[]).includes(role)
    ) {
      throw new UnauthorizedException('access token is invalid');
    }
    return {
      userId: sub,
      role: role as UserRole,
      tokenId: jti,
      expiresAt: exp,
      ...(typeof fam === 'string' ? { family: fam } : {}),
    };
  }
}
