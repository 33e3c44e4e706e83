import {
  applyDecorators,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticator, type AuthenticatedUser } from './authenticator';

/** Where the guard leaves the caller for the handler (`@CurrentUser()`). */
const CALLER = Symbol('skyport.caller');

type RequestWithCaller = FastifyRequest & { [CALLER]?: AuthenticatedUser };

/** 401 unless the request carries a valid, unexpired, unrevoked access token. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly authenticator: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithCaller>();
    request[CALLER] = await this.authenticator.authenticate(request);
    return true;
  }
}

/** 403 unless the caller (already authenticated by `AuthGuard`) is the owner. */
@Injectable()
export class OwnerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const caller = context.switchToHttp().getRequest<RequestWithCaller>()[CALLER];
    if (caller?.role !== 'owner') throw new ForbiddenException('only the owner may do this');
    return true;
  }
}

/** The route needs a signed-in caller. */
export function Authenticated(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(AuthGuard),
    ApiBearerAuth('access-token'),
    ApiUnauthorizedResponse({
      description: 'No access token, or an invalid, expired or revoked one.',
    }),
  );
}

/** The route is for the owner only: 401 when not signed in, 403 for any other account. */
export function OwnerOnly(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(AuthGuard, OwnerGuard),
    ApiBearerAuth('access-token'),
    ApiUnauthorizedResponse({
      description: 'No access token, or an invalid, expired or revoked one.',
    }),
    ApiForbiddenResponse({ description: 'Signed in, but not as the owner.' }),
  );
}

/**
 * The route answers anyone; an owner's access token unlocks more (the handler checks it). The
 * document says the token is optional: `security: [{}, {access-token: []}]`.
 */
export function OptionalOwnerToken(): MethodDecorator {
  return applyDecorators(ApiSecurity({}), ApiBearerAuth('access-token'));
}

/** The authenticated caller, on routes behind `@Authenticated()` or `@OwnerOnly()`. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => {
    const caller = context.switchToHttp().getRequest<RequestWithCaller>()[CALLER];
    if (caller === undefined) throw new Error('@CurrentUser() used on a route without AuthGuard');
    return caller;
  },
);
