import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one-time proof needed to register the OWNER_EMAIL account. Without it, whoever learned the
 * owner's address could register it first on a fresh deployment and own the portfolio. It is an
 * HMAC of the address under AUTH_TOKEN_SECRET, so only someone who can read that secret (the
 * operator, in Secrets Manager) can compute it; docs/runbook.md shows the openssl command:
 *
 *   printf 'skyport-owner-setup:%s' "$OWNER_EMAIL" | openssl dgst -sha256 -hmac "$SECRET"
 */
export function ownerSetupCode(tokenSecret: string, ownerEmail: string): string {
  return createHmac('sha256', tokenSecret)
    .update(`skyport-owner-setup:${ownerEmail}`)
    .digest('hex');
}

export function isOwnerSetupCode(tokenSecret: string, ownerEmail: string, code: string): boolean {
  const expected = Buffer.from(ownerSetupCode(tokenSecret, ownerEmail));
  const given = Buffer.from(code);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
