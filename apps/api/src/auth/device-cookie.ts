import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A "known device" cookie, set at every successful sign-in: proof that this browser signed in to
 * this account before. It lets its holder past the per-account failure limit, so attackers who
 * spray wrong passwords at the owner's (public) address from many hosts cannot lock the owner
 * out (docs/decisions/0016-login-throttling.md). It grants nothing else: the password is still
 * needed, and the per-address limits still apply.
 *
 * Value: `<random>.<HMAC-SHA256(AUTH_TOKEN_SECRET, account digest, random)>`, so it is bound to
 * the account and cannot be forged without the secret. `HttpOnly`, `Secure`, `SameSite=Strict`,
 * and sent only to `/auth/login`.
 */
export const DEVICE_COOKIE = 'skyport_device';
const COOKIE_PATH = '/auth/login';
/** 180 days: a device that signs in at least twice a half-year stays known. */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 3600;
const VALUE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

function signature(secret: string, account: string, nonce: string): string {
  return createHmac('sha256', secret)
    .update(`skyport-device:${account}:${nonce}`)
    .digest('base64url');
}

/** A new cookie value for `account` (the account's digest, never the address itself). */
export function deviceCookieValue(secret: string, account: string): string {
  const nonce = randomBytes(16).toString('base64url');
  return `${nonce}.${signature(secret, account, nonce)}`;
}

/** Whether the request's `Cookie` header holds a device cookie issued for `account`. */
export function isKnownDevice(
  secret: string,
  account: string,
  header: string | undefined,
): boolean {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== DEVICE_COOKIE) continue;
    const match = VALUE.exec(rest.join('='));
    if (!match) return false;
    const expected = Buffer.from(signature(secret, account, match[1]!));
    const given = Buffer.from(match[2]!);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  return false;
}

export function deviceCookie(value: string): string {
  return `${DEVICE_COOKIE}=${value}; Path=${COOKIE_PATH}; Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}; HttpOnly; Secure; SameSite=Strict`;
}
