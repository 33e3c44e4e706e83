import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RateLimiter, type RateLimit } from '../rate-limit/rate-limiter';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/** Sign-in attempts per client address: slows password spraying and argon2 CPU exhaustion. */
export const LOGIN_PER_IP: RateLimit = { bucket: 'login-ip', limit: 20, windowMs: FIFTEEN_MINUTES };
/**
 * Failed sign-ins per (account, client address) pair, counted for unknown addresses too (the
 * answer must not say which exist): guessing from one host stops after 5, and locks out nobody
 * else. Every attempt counts and a success resets the counter, so the count is the failures.
 */
export const LOGIN_FAILURES_PER_CLIENT: RateLimit = {
  bucket: 'login-account-ip',
  limit: 5,
  windowMs: FIFTEEN_MINUTES,
};
/**
 * Sign-in attempts per account from every address together: bounds a distributed guess at one
 * account to 50 per 15 minutes. A known device (a device cookie from an earlier sign-in to this
 * account) is neither counted nor held back by it, so the attackers cannot lock the owner out.
 * Not reset by a success: it is the attackers' budget, not the owner's.
 */
export const LOGIN_ATTEMPTS_PER_ACCOUNT: RateLimit = {
  bucket: 'login-account',
  limit: 50,
  windowMs: FIFTEEN_MINUTES,
};
/** New accounts per client address: each costs an argon2 hash and a row. */
export const REGISTER_PER_IP: RateLimit = {
  bucket: 'register-ip',
  limit: 10,
  windowMs: 60 * 60 * 1000,
};

/** The throttles in front of login and register. Redis errors propagate (the caller answers 503). */
@Injectable()
export class LoginThrottle {
  constructor(private readonly limiter: RateLimiter) {}

  /** `knownDevice`: the client showed a device cookie issued for this account. */
  async beforeLogin(clientIp: string, email: string, knownDevice: boolean): Promise<void> {
    await this.limiter.enforce(
      LOGIN_PER_IP,
      clientIp,
      'too many sign-in attempts from this address, try again later',
    );
    await this.limiter.enforce(
      LOGIN_FAILURES_PER_CLIENT,
      `${accountKey(email)}:${clientIp}`,
      'too many failed sign-in attempts for this account from this address, try again later',
    );
    if (!knownDevice) {
      await this.limiter.enforce(
        LOGIN_ATTEMPTS_PER_ACCOUNT,
        accountKey(email),
        'too many sign-in attempts for this account, try again later or from a device that ' +
          'signed in before',
      );
    }
  }

  async afterSuccessfulLogin(clientIp: string, email: string): Promise<void> {
    await this.limiter.reset(LOGIN_FAILURES_PER_CLIENT, `${accountKey(email)}:${clientIp}`);
  }

  async beforeRegister(clientIp: string): Promise<void> {
    await this.limiter.enforce(
      REGISTER_PER_IP,
      clientIp,
      'too many new accounts from this address, try again later',
    );
  }
}

/** Keyed by a digest: Redis holds no e-mail addresses. */
export function accountKey(email: string): string {
  return createHash('sha256').update(email).digest('hex');
}
