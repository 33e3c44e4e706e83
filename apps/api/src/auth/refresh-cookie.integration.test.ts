import 'reflect-metadata';
import { type Call, client, signUp, TEST_PASSWORD } from '../testing/http-client';
import { startTestApp, TEST_OWNER_EMAIL, type TestApp } from '../testing/test-environment';
import { REFRESH_COOKIE } from './refresh-cookie';

interface Tokens {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

/** The refresh cookie a response sets, as `name=value` for the next request's Cookie header. */
function cookieFrom(headers: Headers): { pair: string; attributes: string } {
  // A login also sets the device cookie (decision 0016): pick the refresh cookie.
  const header =
    headers.getSetCookie().find((cookie) => cookie.startsWith('skyport_refresh=')) ?? '';
  const [pair = '', ...attributes] = header.split('; ');
  return { pair, attributes: attributes.join('; ') };
}

describe('the refresh token as a cookie (for the site)', () => {
  let api: TestApp;
  let call: Call;
  const SITE = 'http://localhost:3001';

  beforeAll(async () => {
    api = await startTestApp();
    call = client(api.url);
    await signUp(api, TEST_OWNER_EMAIL);
  });
  afterAll(() => api.close());

  async function cookieLogin() {
    return call<Tokens>('POST', '/auth/login', {
      body: { email: TEST_OWNER_EMAIL, password: TEST_PASSWORD, refreshTokenDelivery: 'cookie' },
      from: `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    });
  }

  it('answers a cookie login with the access token only, the refresh token in an HttpOnly, Secure, SameSite=Strict cookie scoped to /auth', async () => {
    const login = await cookieLogin();
    expect(login.status).toBe(200);
    expect(login.body.accessToken).toEqual(expect.any(String));
    expect(login.body).not.toHaveProperty('refreshToken');
    const { pair, attributes } = cookieFrom(login.headers);
    expect(pair).toMatch(new RegExp(`^${REFRESH_COOKIE}=[A-Za-z0-9_-]{43}$`));
    expect(attributes).toBe('Path=/auth; Max-Age=2592000; HttpOnly; Secure; SameSite=Strict');
  });

  it('refreshes from the cookie, rotates it, and refuses and clears the old one', async () => {
    const first = cookieFrom((await cookieLogin()).headers).pair;
    const refreshed = await call<Tokens>('POST', '/auth/refresh', {
      body: {},
      headers: { cookie: first },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.accessToken).toEqual(expect.any(String));
    expect(refreshed.body).not.toHaveProperty('refreshToken');
    const second = cookieFrom(refreshed.headers).pair;
    expect(second).not.toBe(first);
    expect(second.startsWith(`${REFRESH_COOKIE}=`)).toBe(true);

    const replay = await call('POST', '/auth/refresh', { body: {}, headers: { cookie: first } });
    expect(replay.status).toBe(401);
    expect(cookieFrom(replay.headers)).toEqual({
      pair: `${REFRESH_COOKIE}=`,
      attributes: 'Path=/auth; Max-Age=0; HttpOnly; Secure; SameSite=Strict',
    });
  });

  it('says what is missing when there is neither a token nor a cookie', async () => {
    const none = await call('POST', '/auth/refresh', { body: {} });
    expect(none.status).toBe(401);
    expect(none.body.message).toBe('no refresh token: send refreshToken or the refresh cookie');
  });

  it('ends the cookie’s session at logout and clears the cookie', async () => {
    const login = await cookieLogin();
    const cookie = cookieFrom(login.headers).pair;
    const logout = await call('POST', '/auth/logout', {
      body: {},
      token: login.body.accessToken,
      headers: { cookie },
    });
    expect(logout.status).toBe(204);
    expect(cookieFrom(logout.headers).attributes).toMatch(/^Path=\/auth; Max-Age=0;/);
    expect((await call('POST', '/auth/refresh', { body: {}, headers: { cookie } })).status).toBe(
      401,
    );
  });

  it('lets only the site’s origin send credentials', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/auth/refresh`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const site = await preflight(SITE);
    expect(site.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(site.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
