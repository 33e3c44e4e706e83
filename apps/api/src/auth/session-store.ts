import { HttpException, Logger } from '@nestjs/common';
import { DependencyUnavailableException } from '../http/dependency-unavailable';

/**
 * Sign-in state (refresh tokens, throttles, revoked access tokens) lives in Redis only. When Redis
 * cannot be reached the caller gets a 503 that says so, instead of a 500 or a guess.
 */
export class SessionStoreUnavailableException extends DependencyUnavailableException {
  constructor() {
    super(
      'sign-in is temporarily unavailable: the session store cannot be reached, try again shortly',
    );
  }
}

const logger = new Logger('SessionStore');

/**
 * Runs Redis work for an auth endpoint. HTTP errors (a 429 from the rate limiter, a 401) pass
 * through; anything else is a Redis failure and becomes a 503.
 */
export async function withSessionStore<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof HttpException) throw error;
    logger.warn(
      `session store unavailable: ${error instanceof Error ? error.message : String(error)}`,
    );
    throw new SessionStoreUnavailableException();
  }
}
