import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import { AccessTokens } from './access-tokens';
import {
  REGISTRATION_ACCEPTED,
  type RegistrationAcceptedDto,
  type TokenPairDto,
  type UserProfileDto,
} from './auth.dto';
import type { AuthenticatedUser } from './authenticator';
import { deviceCookieValue, isKnownDevice } from './device-cookie';
import { accountKey, LoginThrottle } from './login-throttle';
import { isOwnerSetupCode } from './owner-setup-code';
import { Passwords } from './passwords';
import { type IssuedRefreshToken, RefreshTokens } from './refresh-tokens';
import { RevokedAccessTokens } from './revoked-access-tokens';
import { withSessionStore } from './session-store';
import { User } from './user.entity';

/** The same answer for an unknown address and a wrong password. */
const BAD_CREDENTIALS = 'e-mail address or password is incorrect';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly passwords: Passwords,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokens,
    private readonly revokedAccessTokens: RevokedAccessTokens,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * `email` is already lower-case (the DTO normalizes it). A taken address gets the same answer,
   * after the same work (the password hashed, one INSERT that does nothing on conflict), as a free
   * one, so registration does not tell who has an account (decision 0018). The owner's setup-code
   * check comes first and depends only on the address, never on whether it is taken.
   */
  async register(
    email: string,
    password: string,
    clientIp: string,
    setupCode?: string,
  ): Promise<RegistrationAcceptedDto> {
    await withSessionStore(() => this.throttle.beforeRegister(clientIp));
    const owner = email === this.config.auth.ownerEmail;
    const { tokenSecret } = this.config.auth;
    if (owner && (setupCode === undefined || !isOwnerSetupCode(tokenSecret, email, setupCode))) {
      throw new ForbiddenException(
        'registering the owner account needs its setupCode (docs/runbook.md, "Creating the owner account")',
      );
    }
    const passwordHash = await this.passwords.hash(password);
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ email, passwordHash, role: owner ? 'owner' : 'member' })
      .orIgnore()
      .execute();
    return { ...REGISTRATION_ACCEPTED };
  }

  /**
   * `cookies`: the request's Cookie header, where a device cookie from an earlier sign-in to this
   * account lets the client past the per-account limit. The answer carries a fresh one.
   */
  async login(
    email: string,
    password: string,
    clientIp: string,
    cookies?: string,
  ): Promise<TokenPairDto & { deviceCookie: string }> {
    const { tokenSecret } = this.config.auth;
    const account = accountKey(email);
    const knownDevice = isKnownDevice(tokenSecret, account, cookies);
    await withSessionStore(() => this.throttle.beforeLogin(clientIp, email, knownDevice));
    const user = await this.users.findOneBy({ email });
    const valid = user
      ? await this.passwords.verify(user.passwordHash, password)
      : await this.passwords.verifyAgainstNothing(password);
    if (!user || !valid) throw new UnauthorizedException(BAD_CREDENTIALS);
    if (this.passwords.needsRehash(user.passwordHash)) {
      await this.users.update(
        { id: user.id },
        { passwordHash: await this.passwords.hash(password) },
      );
    }
    return withSessionStore(async () => {
      await this.throttle.afterSuccessfulLogin(clientIp, email);
      const pair = await this.tokenPair(user, await this.refreshTokens.issue(user.id));
      return { ...pair, deviceCookie: deviceCookieValue(tokenSecret, account) };
    });
  }

  /** Trades a refresh token for a new pair; the old one stops working. */
  async refresh(refreshToken: string): Promise<TokenPairDto> {
    return withSessionStore(async () => {
      const rotated = await this.refreshTokens.rotate(refreshToken);
      const user = await this.users.findOneBy({ id: rotated.userId });
      if (!user) {
        await this.refreshTokens.revokeAll(rotated.userId);
        throw new UnauthorizedException('refresh token is invalid, expired or revoked');
      }
      return this.tokenPair(user, rotated);
    });
  }

  /** Ends the session: the access token at once, and the refresh token when one is given. */
  async logout(caller: AuthenticatedUser, refreshToken: string | undefined): Promise<void> {
    await withSessionStore(async () => {
      await this.revokedAccessTokens.revoke(caller.tokenId, caller.expiresAt);
      if (refreshToken !== undefined) await this.refreshTokens.revoke(refreshToken, caller.userId);
    });
  }

  async profile(caller: AuthenticatedUser): Promise<UserProfileDto> {
    const user = await this.users.findOneBy({ id: caller.userId });
    if (!user) throw new UnauthorizedException('the account of this access token no longer exists');
    return profile(user);
  }

  private async tokenPair(user: User, refresh: IssuedRefreshToken): Promise<TokenPairDto> {
    const access = await this.accessTokens.issue(user.id, user.role, refresh.family);
    return {
      accessToken: access.token,
      refreshToken: refresh.refreshToken,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
    };
  }
}

function profile(user: User): UserProfileDto {
  return { id: user.id, email: user.email, role: user.role, createdAt: user.createdAt };
}
