/**
 * The refresh token as a cookie, for browsers (the site): `HttpOnly` (no script can read it),
 * `Secure`, `SameSite=Strict` (never sent on a request another site starts), and `Path=/auth` so it
 * goes only to the auth endpoints, never with a project, contact or assistant call. The access token
 * stays in the page's memory (docs/decisions/0013-site-sessions.md).
 */
export const REFRESH_COOKIE = 'skyport_refresh';
const COOKIE_PATH = '/auth';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The refresh token from a `Cookie` header, when it holds a well-formed one. */
export function readRefreshCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === REFRESH_COOKIE) {
      const token = value.join('=');
      return TOKEN.test(token) ? token : undefined;
    }
  }
  return undefined;
}

export function refreshCookie(token: string, maxAgeSeconds: number): string {
  return `${REFRESH_COOKIE}=${token}; Path=${COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`;
}

export function clearedRefreshCookie(): string {
  return `${REFRESH_COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; Secure; SameSite=Strict`;
}
