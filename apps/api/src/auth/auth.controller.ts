import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import {
  LoginDto,
  LogoutDto,
  RefreshDto,
  RegisterDto,
  RegistrationAcceptedDto,
  TokenPairDto,
  UserProfileDto,
} from './auth.dto';
import { Authenticated, CurrentUser } from './auth.guard';
import { AuthService } from './auth.service';
import { clearedRefreshCookie, readRefreshCookie, refreshCookie } from './refresh-cookie';
import { deviceCookie } from './device-cookie';
import type { AuthenticatedUser } from './authenticator';

const STORE_DOWN = 'The session store (Redis) is unreachable; try again shortly.';

@ApiTags('auth')
@ApiBadRequestResponse({ description: 'The body is malformed; the message names the field.' })
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * The account registered with OWNER_EMAIL becomes the owner; every other one a member. A taken
   * address gets the same 202 and body as a free one (decision 0018).
   */
  @Post('register')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: RegistrationAcceptedDto,
    description:
      'The same answer whether or not the address already had an account (which keeps its ' +
      'password): sign in to find out.',
  })
  @ApiForbiddenResponse({ description: 'The owner account needs its setupCode.' })
  @ApiTooManyRequestsResponse({
    description: 'Too many new accounts from this address (Retry-After).',
  })
  @ApiServiceUnavailableResponse({ description: STORE_DOWN })
  register(
    @Body() body: RegisterDto,
    @Req() request: FastifyRequest,
  ): Promise<RegistrationAcceptedDto> {
    return this.auth.register(body.email, body.password, request.ip, body.setupCode);
  }

  @Post('login')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({
    description: 'E-mail address or password is incorrect (one answer for both).',
  })
  @ApiTooManyRequestsResponse({
    description:
      'Too many attempts from this address, for this account from this address, or for this ' +
      'account from devices that never signed in to it (Retry-After).',
  })
  @ApiServiceUnavailableResponse({ description: STORE_DOWN })
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairDto> {
    const { deviceCookie: device, ...pair } = await this.auth.login(
      body.email,
      body.password,
      request.ip,
      request.headers.cookie,
    );
    void reply.header('set-cookie', deviceCookie(device));
    return body.refreshTokenDelivery === 'cookie' ? this.inCookie(pair, reply) : pair;
  }

  /** Single use: the presented token stops working; presenting it again ends every session. */
  @Post('refresh')
  @HttpCode(200)
  @ApiBody({ type: RefreshDto, required: false })
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'The refresh token is invalid, expired or revoked.' })
  @ApiServiceUnavailableResponse({ description: STORE_DOWN })
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairDto> {
    if (body.refreshToken !== undefined) return this.auth.refresh(body.refreshToken);
    const fromCookie = readRefreshCookie(request.headers.cookie);
    if (fromCookie === undefined) {
      throw new UnauthorizedException('no refresh token: send refreshToken or the refresh cookie');
    }
    try {
      return this.inCookie(await this.auth.refresh(fromCookie), reply);
    } catch (error) {
      // A cookie that no longer works is of no use to the browser: drop it.
      if (error instanceof UnauthorizedException)
        void reply.header('set-cookie', clearedRefreshCookie());
      throw error;
    }
  }

  /** The access token stops working at once; so does the refresh token, when given. */
  @Post('logout')
  @HttpCode(204)
  @ApiBody({ type: LogoutDto, required: false })
  @Authenticated()
  @ApiNoContentResponse({ description: 'Signed out.' })
  @ApiServiceUnavailableResponse({ description: STORE_DOWN })
  async logout(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: LogoutDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const fromCookie = readRefreshCookie(request.headers.cookie);
    await this.auth.logout(caller, body.refreshToken ?? fromCookie);
    if (fromCookie !== undefined) void reply.header('set-cookie', clearedRefreshCookie());
  }

  /** The refresh token moves from the body to the cookie; the body keeps the access token. */
  private inCookie(pair: TokenPairDto, reply: FastifyReply): TokenPairDto {
    const { refreshToken, ...rest } = pair;
    if (refreshToken !== undefined) {
      void reply.header(
        'set-cookie',
        refreshCookie(refreshToken, this.config.auth.refreshTokenTtlSeconds),
      );
    }
    return rest;
  }

  @Get('me')
  @Header('cache-control', 'no-store')
  @Authenticated()
  @ApiOkResponse({ type: UserProfileDto })
  me(@CurrentUser() caller: AuthenticatedUser): Promise<UserProfileDto> {
    return this.auth.profile(caller);
  }
}
