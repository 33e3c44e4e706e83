import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { serverConnection } from '../testing/throwaway-database';
import { ownerSetupCode } from './owner-setup-code';
import { type Call, client, type ErrorBody, TEST_PASSWORD } from '../testing/http-client';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import {
  createTestEnvironment,
  startTestApp,
  TEST_OWNER_EMAIL,
  type TestApp,
} from '../testing/test-environment';

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
}

interface Profile {
  id: string;
  email: string;
  role: string;
  createdAt: string;
}

const PASSWORD = TEST_PASSWORD;

/** Each test signs in from its own address, so the per-address login throttle is per test. */
let nextAddress = 1;
function freshAddress(): string {
  nextAddress += 1;
  return `198.51.100.${nextAddress}`;
}

function withoutRequestId({ requestId: _requestId, ...rest }: ErrorBody) {
  return rest;
}

describe('auth on real PostgreSQL and Redis', () => {
  let api: TestApp;
  let call: Call;

  async function register(email: string, password = PASSWORD) {
    const { tokenSecret } = api.environment.config.auth;
    const setupCode = email === TEST_OWNER_EMAIL ? ownerSetupCode(tokenSecret, email) : undefined;
    return call<Profile & ErrorBody>('POST', '/auth/register', {
      body: { email, password, setupCode },
      from: freshAddress(),
    });
  }

  async function login(email: string, password = PASSWORD, from = freshAddress()) {
    return call<TokenPair & ErrorBody>('POST', '/auth/login', { body: { email, password }, from });
  }

  async function signedIn(email: string): Promise<TokenPair> {
    const response = await login(email);
    expect(response.status).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    api = await startTestApp();
    call = client(api.url);
    // Without its setup code nobody can take the owner address, not even first.
    for (const setupCode of [undefined, 'f'.repeat(64)]) {
      const early = await call<ErrorBody>('POST', '/auth/register', {
        body: { email: TEST_OWNER_EMAIL, password: PASSWORD, setupCode },
        from: freshAddress(),
      });
      expect(early.status).toBe(403);
      expect(early.body.message).toMatch(/setupCode/);
    }
    expect((await register(TEST_OWNER_EMAIL)).status).toBe(202);
    expect((await register('member@example.com')).status).toBe(202);
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('register', () => {
    it('makes the OWNER_EMAIL account the owner and stores addresses lower-case', async () => {
      const owner = await login(TEST_OWNER_EMAIL);
      const me = await call<Profile>('GET', '/auth/me', { token: owner.body.accessToken });
      expect(me.body).toMatchObject({ email: TEST_OWNER_EMAIL, role: 'owner' });

      const created = await register('Grace.Hopper@Example.COM');
      expect(created.status).toBe(202);
      const grace = await login('grace.hopper@example.com');
      const profile = await call<Profile>('GET', '/auth/me', { token: grace.body.accessToken });
      expect(profile.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: 'grace.hopper@example.com',
        role: 'member',
        createdAt: expect.any(String),
      });
    });

    it('stores only an argon2id hash with the OWASP parameters', async () => {
      const database = new Client({
        ...serverConnection(),
        database: api.environment.database.name,
      });
      await database.connect();
      try {
        const { rows } = await database.query<{ password_hash: string }>(
          `SELECT password_hash FROM users WHERE email = 'member@example.com'`,
        );
        expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        expect(rows[0]?.password_hash).not.toContain(PASSWORD);
      } finally {
        await database.end();
      }
    });

    it("answers a taken address exactly as a free one, and keeps the holder's password", async () => {
      const answer = async (email: string) => {
        const response = await register(email, 'another long password');
        return {
          status: response.status,
          body: response.body,
          headers: [...response.headers]
            .filter(([name]) => !['date', 'x-request-id', 'content-length'].includes(name))
            .sort(),
        };
      };
      const fresh = await answer('fresh-address@example.com');
      const taken = await answer('MEMBER@example.com');
      expect(taken).toEqual(fresh);
      expect(fresh.status).toBe(202);
      expect(fresh.body).toEqual({
        status: 'accepted',
        message: 'If this address was free, its account now exists: sign in with it.',
      });
      // The holder's account is untouched: the old password still works, the new one does not.
      expect((await login('member@example.com')).status).toBe(200);
      expect((await login('member@example.com', 'another long password')).status).toBe(401);
    });

    it('spends as long on a taken address as on a free one (the password is hashed either way)', async () => {
      const timed = async (email: string) => {
        const started = process.hrtime.bigint();
        expect((await register(email)).status).toBe(202);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const free: number[] = [];
      const taken: number[] = [];
      for (let round = 0; round < 3; round += 1) {
        free.push(await timed(`timing-${round}@example.com`));
        taken.push(await timed('member@example.com'));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[1] ?? 0;
      // argon2id (tens of milliseconds) dominates both: a taken address that skipped the hash
      // would answer in a fraction of the time.
      expect(median(taken)).toBeGreaterThan(median(free) * 0.5);
    });

    it.each([
      ['too short', 'x'.repeat(11)],
      ['too long', 'x'.repeat(129)],
    ])('refuses a password that is %s, naming the field', async (_case, password) => {
      const email = `weak-${password.length}@example.com`;
      const response = await register(email, password);
      expect(response.status).toBe(400);
      expect(String(response.body.message)).toMatch(/password must be (longer|shorter)/);
      // Nothing was created: the address is still free.
      expect((await register(email)).status).toBe(202);
      expect((await login(email)).status).toBe(200);
    });

    it('accepts a password of exactly 12 and of exactly 128 characters', async () => {
      expect((await register('twelve@example.com', 'x'.repeat(12))).status).toBe(202);
      expect((await register('long@example.com', 'y'.repeat(128))).status).toBe(202);
      expect((await login('twelve@example.com', 'x'.repeat(12))).status).toBe(200);
      expect((await login('long@example.com', 'y'.repeat(128))).status).toBe(200);
    });

    it('names an unknown field and a malformed address', async () => {
      const unknown = await call('POST', '/auth/register', {
        body: { email: 'eve@example.com', password: PASSWORD, role: 'owner' },
        from: freshAddress(),
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toEqual(['property role should not exist']);

      const malformed = await call('POST', '/auth/register', {
        body: { email: 'not-an-address', password: PASSWORD },
        from: freshAddress(),
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.message).toEqual(['email must be an e-mail address']);
    });

    it('throttles registrations per client address', async () => {
      const from = freshAddress();
      const statuses: number[] = [];
      for (let index = 0; index < 11; index += 1) {
        const response = await call('POST', '/auth/register', {
          body: { email: `bulk${index}@example.com`, password: PASSWORD },
          from,
        });
        statuses.push(response.status);
        if (response.status === 429)
          expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([...Array<number>(10).fill(202), 429]);
    });
  });

  describe('login', () => {
    it('answers a token pair that opens /auth/me', async () => {
      const response = await login('member@example.com');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        refreshToken: expect.stringMatching(/^[\w-]{43}$/),
        tokenType: 'Bearer',
        expiresIn: 900,
      });
      const me = await call<Profile>('GET', '/auth/me', { token: response.body.accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        id: expect.any(String),
        email: 'member@example.com',
        role: 'member',
        createdAt: expect.any(String),
      });
    });

    it('signs in whatever the case of the address', async () => {
      expect((await login('Member@Example.com')).status).toBe(200);
    });

    it('gives the same 401 body for an unknown address and a wrong password', async () => {
      const unknown = await login('nobody@example.com');
      const wrong = await login('member@example.com', 'not the password at all');
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(withoutRequestId(unknown.body)).toEqual(withoutRequestId(wrong.body));
      expect(unknown.body.message).toBe('e-mail address or password is incorrect');
    });

    it('holds back one address after 5 failures for an account, and nobody else', async () => {
      expect((await register('target@example.com')).status).toBe(202);
      const attacker = freshAddress();
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const failed = await login('target@example.com', 'wrong password here', attacker);
        expect(failed.status).toBe(401);
      }
      const held = await login('target@example.com', PASSWORD, attacker);
      expect(held.status).toBe(429);
      expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(held.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
      expect(held.body.message).toMatch(/this account from this address/);
      // The owner of the account, elsewhere, is not locked out by someone else's guesses.
      expect((await login('target@example.com', PASSWORD)).status).toBe(200);
    });

    it('holds back an unknown address the same way, so the limit reveals nothing', async () => {
      const from = freshAddress();
      for (let attempt = 0; attempt < 5; attempt += 1) {
        expect((await login('ghost@example.com', 'wrong password here', from)).status).toBe(401);
      }
      expect((await login('ghost@example.com', 'wrong password here', from)).status).toBe(429);
    });

    it('forgets the failures of an address after its successful login', async () => {
      expect((await register('forgetful@example.com')).status).toBe(202);
      const from = freshAddress();
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const failed = await login('forgetful@example.com', 'wrong password here', from);
        expect(failed.status).toBe(401);
      }
      expect((await login('forgetful@example.com', PASSWORD, from)).status).toBe(200);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const failed = await login('forgetful@example.com', 'wrong password here', from);
        expect(failed.status).toBe(401);
      }
      expect((await login('forgetful@example.com', PASSWORD, from)).status).toBe(429);
    });

    it('limits a guess from many addresses at one account, but lets a known device in', async () => {
      expect((await register('popular@example.com')).status).toBe(202);
      // The owner signed in once before, from a browser that kept the device cookie.
      const earlier = await login('popular@example.com', PASSWORD);
      expect(earlier.status).toBe(200);
      const setCookies = earlier.headers.getSetCookie();
      const device = setCookies.find((cookie) => cookie.startsWith('skyport_device='));
      expect(device).toMatch(/; Path=\/auth\/login; .*HttpOnly; Secure; SameSite=Strict/);
      const deviceCookie = device!.split(';')[0]!;

      // 50 attempts from 50 addresses (a botnet spraying the public address): then it stops.
      for (let attempt = 0; attempt < 49; attempt += 1) {
        expect((await login('popular@example.com', 'a guessed password')).status).toBe(401);
      }
      const stopped = await login('popular@example.com', 'a guessed password');
      expect(stopped.status).toBe(429);
      expect(stopped.body.message).toMatch(/from a device that signed in before/);
      expect((await login('popular@example.com', PASSWORD)).status).toBe(429);

      // The owner's browser still signs in, and a forged or another account's cookie does not.
      const owner = await call<TokenPair>('POST', '/auth/login', {
        body: { email: 'popular@example.com', password: PASSWORD },
        from: freshAddress(),
        headers: { cookie: deviceCookie },
      });
      expect(owner.status).toBe(200);
      const memberDevice = (await login('member@example.com')).headers
        .getSetCookie()
        .find((cookie) => cookie.startsWith('skyport_device='))!
        .split(';')[0]!;
      for (const cookie of [memberDevice, `${deviceCookie.slice(0, -4)}AAAA`]) {
        const refused = await call('POST', '/auth/login', {
          body: { email: 'popular@example.com', password: PASSWORD },
          from: freshAddress(),
          headers: { cookie },
        });
        expect(refused.status).toBe(429);
      }
    });

    it('throttles a client address after 20 attempts across accounts', async () => {
      const from = freshAddress();
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const response = await login(`spray${attempt}@example.com`, 'a guessed password', from);
        expect(response.status).toBe(401);
      }
      const throttled = await login('member@example.com', PASSWORD, from);
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(throttled.body.message).toMatch(/this address/);
      // Another address is not affected.
      expect((await login('member@example.com')).status).toBe(200);
    });
  });

  describe('access tokens', () => {
    let memberId: string;
    const secret = () => api.environment.config.auth.tokenSecret;

    beforeAll(async () => {
      const tokens = await signedIn('member@example.com');
      memberId = (await call<Profile>('GET', '/auth/me', { token: tokens.accessToken })).body.id;
    });

    function sign(claims: Record<string, unknown>, options: Record<string, unknown> = {}) {
      return new JwtService().sign(claims, {
        secret: secret(),
        algorithm: 'HS256',
        issuer: 'skyport-api',
        audience: 'skyport-api',
        jwtid: 'test-token',
        ...options,
      });
    }

    it('accepts a token signed with the secret (the test signer is sound)', async () => {
      const token = sign({ sub: memberId, role: 'member' }, { expiresIn: 60 });
      expect((await call('GET', '/auth/me', { token })).status).toBe(200);
    });

    it('refuses an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = sign({ sub: memberId, role: 'member', iat: now - 120, exp: now - 60 });
      const response = await call('GET', '/auth/me', { token });
      expect(response.status).toBe(401);
      expect(response.body.message).toBe('access token has expired');
    });

    it.each([
      [
        'another secret',
        () => sign({ sub: 'x', role: 'member' }, { secret: 'z'.repeat(64), expiresIn: 60 }),
      ],
      [
        'another audience',
        () => sign({ sub: 'x', role: 'member' }, { audience: 'other', expiresIn: 60 }),
      ],
      [
        'another issuer',
        () => sign({ sub: 'x', role: 'member' }, { issuer: 'other', expiresIn: 60 }),
      ],
      ['HS512', () => sign({ sub: 'x', role: 'member' }, { algorithm: 'HS512', expiresIn: 60 })],
      [
        'alg none',
        () => unsigned({ sub: 'x', role: 'owner', iss: 'skyport-api', aud: 'skyport-api' }),
      ],
      ['an unknown role', () => sign({ sub: 'x', role: 'admin' }, { expiresIn: 60 })],
    ])('refuses a token with %s', async (_case, token) => {
      const response = await call('GET', '/auth/me', { token: token() });
      expect(response.status).toBe(401);
      expect(response.body.message).toBe('access token is invalid');
    });

    it('refuses a request without a token or with a malformed header', async () => {
      const missing = await call('GET', '/auth/me');
      expect(missing.status).toBe(401);
      const basic = await fetch(`${api.url}/auth/me`, { headers: { authorization: 'Basic abc' } });
      expect(basic.status).toBe(401);
    });
  });

  describe('refresh', () => {
    it('rotates the refresh token: the new pair works, the old token does not', async () => {
      const first = await signedIn('member@example.com');
      const second = await call<TokenPair>('POST', '/auth/refresh', {
        body: { refreshToken: first.refreshToken },
      });
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect(second.body.accessToken).not.toBe(first.accessToken);
      expect((await call('GET', '/auth/me', { token: second.body.accessToken })).status).toBe(200);

      const third = await call<TokenPair>('POST', '/auth/refresh', {
        body: { refreshToken: second.body.refreshToken },
      });
      expect(third.status).toBe(200);
    });

    it('ends every session of the user when a rotated token is presented again', async () => {
      expect((await register('reuse@example.com')).status).toBe(202);
      const stolen = await signedIn('reuse@example.com');
      const otherDevice = await signedIn('reuse@example.com');
      const rotated = await call<TokenPair>('POST', '/auth/refresh', {
        body: { refreshToken: stolen.refreshToken },
      });
      expect(rotated.status).toBe(200);

      const replay = await call('POST', '/auth/refresh', {
        body: { refreshToken: stolen.refreshToken },
      });
      expect(replay.status).toBe(401);
      expect(replay.body.message).toBe('refresh token is invalid, expired or revoked');
      for (const refreshToken of [rotated.body.refreshToken, otherDevice.refreshToken]) {
        expect((await call('POST', '/auth/refresh', { body: { refreshToken } })).status).toBe(401);
      }
      // Other users keep their sessions.
      const member = await signedIn('member@example.com');
      const refreshed = await call('POST', '/auth/refresh', {
        body: { refreshToken: member.refreshToken },
      });
      expect(refreshed.status).toBe(200);
    });

    it('stops the access tokens of every session at once when reuse is detected', async () => {
      expect((await register('reuse-access@example.com')).status).toBe(202);
      const stolen = await signedIn('reuse-access@example.com');
      const otherDevice = await signedIn('reuse-access@example.com');
      const rotated = await call<TokenPair>('POST', '/auth/refresh', {
        body: { refreshToken: stolen.refreshToken },
      });
      expect(rotated.status).toBe(200);
      const accessTokens = [stolen.accessToken, rotated.body.accessToken, otherDevice.accessToken];
      for (const token of accessTokens) {
        expect((await call('GET', '/auth/me', { token })).status).toBe(200);
      }

      const replay = await call('POST', '/auth/refresh', {
        body: { refreshToken: stolen.refreshToken },
      });
      expect(replay.status).toBe(401);
      for (const token of accessTokens) {
        const me = await call('GET', '/auth/me', { token });
        expect(me.status).toBe(401);
        expect(me.body.message).toBe('access token has been revoked');
      }
      // A new sign-in starts a family of its own and works.
      const again = await signedIn('reuse-access@example.com');
      expect((await call('GET', '/auth/me', { token: again.accessToken })).status).toBe(200);
      // Other users' access tokens are untouched.
      const member = await signedIn('member@example.com');
      expect((await call('GET', '/auth/me', { token: member.accessToken })).status).toBe(200);
    });

    it('lets only one of two concurrent uses of a token win', async () => {
      const tokens = await signedIn('member@example.com');
      const results = await Promise.all(
        [1, 2].map(() =>
          call<TokenPair>('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } }),
        ),
      );
      expect(results.map((result) => result.status).sort()).toEqual([200, 401]);
    });

    it('refuses an unknown token and names a malformed one', async () => {
      const unknown = await call('POST', '/auth/refresh', {
        body: { refreshToken: 'A'.repeat(43) },
      });
      expect(unknown.status).toBe(401);
      const malformed = await call('POST', '/auth/refresh', { body: { refreshToken: 'short' } });
      expect(malformed.status).toBe(400);
      expect(malformed.body.message).toEqual(['refreshToken must be a refresh token']);
    });
  });

  describe('logout', () => {
    it('stops the access token at once and revokes the refresh token', async () => {
      const session = await signedIn('member@example.com');
      const otherSession = await signedIn('member@example.com');
      const logout = await call('POST', '/auth/logout', {
        token: session.accessToken,
        body: { refreshToken: session.refreshToken },
      });
      expect(logout.status).toBe(204);

      const me = await call('GET', '/auth/me', { token: session.accessToken });
      expect(me.status).toBe(401);
      expect(me.body.message).toBe('access token has been revoked');
      const refresh = await call('POST', '/auth/refresh', {
        body: { refreshToken: session.refreshToken },
      });
      expect(refresh.status).toBe(401);
      // The other session is untouched.
      expect((await call('GET', '/auth/me', { token: otherSession.accessToken })).status).toBe(200);
      const refreshed = await call('POST', '/auth/refresh', {
        body: { refreshToken: otherSession.refreshToken },
      });
      expect(refreshed.status).toBe(200);
    });

    it("does not revoke another user's refresh token", async () => {
      const member = await signedIn('member@example.com');
      const owner = await signedIn(TEST_OWNER_EMAIL);
      const logout = await call('POST', '/auth/logout', {
        token: member.accessToken,
        body: { refreshToken: owner.refreshToken },
      });
      expect(logout.status).toBe(204);
      const refreshed = await call('POST', '/auth/refresh', {
        body: { refreshToken: owner.refreshToken },
      });
      expect(refreshed.status).toBe(200);
    });

    it('needs an access token', async () => {
      expect((await call('POST', '/auth/logout', { body: {} })).status).toBe(401);
    });
  });

  it('documents the auth routes in the OpenAPI document', async () => {
    const document = await call<{ paths: Record<string, unknown> }>('GET', '/docs');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/auth/register',
        '/auth/login',
        '/auth/refresh',
        '/auth/logout',
        '/auth/me',
      ]),
    );
  });
});

describe('auth while Redis is unreachable', () => {
  let redis: TcpProxy;
  let api: TestApp;
  let call: Call;
  let tokens: TokenPair;

  beforeAll(async () => {
    redis = await startTcpProxy('127.0.0.1', Number(process.env.REDIS_PORT ?? 6379));
    api = await startTestApp({}, await createTestEnvironment({ REDIS_PORT: String(redis.port) }));
    call = client(api.url);
    expect(
      (
        await call('POST', '/auth/register', {
          body: { email: 'ada@example.com', password: PASSWORD },
        })
      ).status,
    ).toBe(202);
    const login = await call<TokenPair>('POST', '/auth/login', {
      body: { email: 'ada@example.com', password: PASSWORD },
    });
    expect(login.status).toBe(200);
    tokens = login.body;
    redis.pause();
  });

  afterAll(async () => {
    redis?.resume();
    await api?.close();
    // The environment's clean-up deletes the test's keys through the proxy: close it last.
    await api?.environment.cleanup();
    await redis?.close();
  });

  it.each([
    [
      'login',
      () => call('POST', '/auth/login', { body: { email: 'ada@example.com', password: PASSWORD } }),
    ],
    [
      'register',
      () =>
        call('POST', '/auth/register', { body: { email: 'bob@example.com', password: PASSWORD } }),
    ],
    [
      'refresh',
      () => call('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } }),
    ],
    ['logout', () => call('POST', '/auth/logout', { token: tokens.accessToken, body: {} })],
  ])('answers %s with a 503 that says why', async (_route, request) => {
    const response = await request();
    expect(response.status).toBe(503);
    expect(response.body.message).toMatch(/session store cannot be reached/);
  });

  it('still accepts a valid access token (the revocation check is skipped)', async () => {
    const me = await call<Profile>('GET', '/auth/me', { token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('ada@example.com');
  });

  it('signs in again once Redis is back', async () => {
    redis.resume();
    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 200; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      status = (
        await call('POST', '/auth/login', {
          body: { email: 'ada@example.com', password: PASSWORD },
        })
      ).status;
    }
    expect(status).toBe(200);
  });
});

/** A token with `alg: none` and no signature: must never be accepted. */
function unsigned(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, jti: 'x', exp: now + 60 })}.`;
}
