import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessTokens } from './access-tokens';
import { AuthController } from './auth.controller';
import { AuthGuard, OwnerGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { Authenticator } from './authenticator';
import { LoginThrottle } from './login-throttle';
import { Passwords } from './passwords';
import { RefreshTokens } from './refresh-tokens';
import { RevokedAccessTokens } from './revoked-access-tokens';
import { User } from './user.entity';

/**
 * Accounts and sessions: register, login, refresh, logout, me. Other feature modules import it
 * for `@Authenticated()`, `@OwnerOnly()` and `@CurrentUser()` (auth.guard.ts).
 */
@Module({
  // The secret is passed on each call (AccessTokens), from the validated configuration.
  imports: [TypeOrmModule.forFeature([User]), JwtModule.register({})],
  controllers: [AuthController],
  providers: [
    AccessTokens,
    AuthGuard,
    AuthService,
    Authenticator,
    LoginThrottle,
    OwnerGuard,
    Passwords,
    RefreshTokens,
    RevokedAccessTokens,
  ],
  exports: [Authenticator, AuthGuard, OwnerGuard],
})
export class AuthModule {}
