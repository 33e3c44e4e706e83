import { clearedRefreshCookie, readRefreshCookie, refreshCookie } from './refresh-cookie';

const TOKEN = 'a'.repeat(43);

describe('the refresh cookie', () => {
  it('is read from among other cookies, and only when well formed', () => {
    expect(readRefreshCookie(`theme=dark; skyport_refresh=${TOKEN}; x=1`)).toBe(TOKEN);
    expect(readRefreshCookie('skyport_refresh=short')).toBeUndefined();
    expect(readRefreshCookie(`other_skyport_refresh=${TOKEN}`)).toBeUndefined();
    expect(readRefreshCookie(undefined)).toBeUndefined();
  });

  it('is written HttpOnly, Secure, SameSite=Strict, for /auth only, and cleared the same way', () => {
    expect(refreshCookie(TOKEN, 60)).toBe(
      `skyport_refresh=${TOKEN}; Path=/auth; Max-Age=60; HttpOnly; Secure; SameSite=Strict`,
    );
    expect(clearedRefreshCookie()).toBe(
      'skyport_refresh=; Path=/auth; Max-Age=0; HttpOnly; Secure; SameSite=Strict',
    );
  });
});
