import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  LoginDto,
  LogoutDto,
  RefreshDto,
  RegisterDto,
  TokenPairDto,
  UserProfileDto,
} from './auth.dto';
import { Authenticated, CurrentUser } from './auth.guard';
import { AuthService } from './auth.service';
import type { AuthenticatedUser } from './authenticator';

const STORE_DOWN = 'The session store (Redis) is unreachable; try again shortly.';

@ApiTags('auth')
@ApiBadRequestResponse({ description: 'The body is malformed; the message names the field.' })
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** The account registered with OWNER_EMAIL becomes the owner; every other one a member. */
  @Post('register')
  @ApiCreatedResponse({ type: UserProfileDto })
  @ApiConflictResponse({ description: 'An account cannot be created with this e-mail address.' })
  @ApiForbiddenResponse({ description: 'The owner account needs its setupCode.' })
  @ApiTooManyRequestsResponse({
    description: 'Too many new accounts from this address (Retry-After).',
  })
  @ApiServiceUnavailableResponse({ description: STORE_DOWN })
  register(@Body() body: RegisterDto, @Req() request: FastifyRequest): Promise<UserProfileDto> {
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
    description: 'Too many attempts from this address or for this account (Retry-After).',
  })
  @ApiServiceUnavailableResponse({ description: STORE_DOWN })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.auth.login(body.email, body.password, request.ip);
  }

  /** Single use: the presented token stops working; presenting it again ends every session. */
  @Post('refresh')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'The refresh token is invalid, expired or revoked.' })
  @ApiServiceUnavailableResponse({ description: STORE_DOWN })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  /** The access token stops working at once; so does the refresh token, when given. */
  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'Signed out.' })
  @ApiServiceUnavailableResponse({ description: STORE_DOWN })
  async logout(@CurrentUser() caller: AuthenticatedUser, @Body() body: LogoutDto): Promise<void> {
    await this.auth.logout(caller, body.refreshToken);
  }

  @Get('me')
  @Header('cache-control', 'no-store')
  @Authenticated()
  @ApiOkResponse({ type: UserProfileDto })
  me(@CurrentUser() caller: AuthenticatedUser): Promise<UserProfileDto> {
    return this.auth.profile(caller);
  }
}
