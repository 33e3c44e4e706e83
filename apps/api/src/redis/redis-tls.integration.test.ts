import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { type CompiledProcess, freePort, startCompiled } from '../testing/compiled-process';
import { eventually } from '../testing/eventually';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';

/**
 * Redis as ElastiCache runs it with in-transit encryption and an auth token: a TLS-only port
 * whose certificate names the host, and a password. The production build (`node dist/main.js`)
 * must serve from it, and tell an operator which variable is wrong when it cannot.
 */

const AUTH_TOKEN = 'elasticache-auth-token-for-the-tls-test';

interface Certificates {
  readonly dir: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** A private CA and a server certificate for `localhost` only (no IP address in it). */
function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'skyport-redis-tls-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=Skyport test CA',
    '-keyout',
    path('ca.key'),
    '-out',
    path('ca.pem'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    path('server.key'),
    '-out',
    path('server.csr'),
  );
  writeFileSync(path('san.ext'), 'subjectAltName=DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    path('server.csr'),
    '-CA',
    path('ca.pem'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    path('san.ext'),
    '-out',
    path('server.pem'),
  );
  return { dir, ca: path('ca.pem'), cert: path('server.pem'), key: path('server.key') };
}

async function readyChecks(url: string): Promise<Record<string, string> | undefined> {
  try {
    const body = (await (await fetch(`${url}/ready`)).json()) as {
      checks?: Record<string, string>;
    };
    return body.checks;
  } catch {
    return undefined; // not listening yet
  }
}

describe('Redis over TLS with an auth token, as ElastiCache serves it (production build)', () => {
  let certificates: Certificates;
  let environment: TestEnvironment;
  let redis: ChildProcess;
  let tlsPort: number;
  const apis: CompiledProcess[] = [];

  beforeAll(async () => {
    certificates = makeCertificates();
    environment = await createTestEnvironment();
    tlsPort = await freePort();
    // TLS only (`--port 0`), like a cluster with in-transit encryption required.
    redis = spawn(
      'redis-server',
      [
        '--port',
        '0',
        '--tls-port',
        String(tlsPort),
        '--bind',
        '127.0.0.1',
        '--tls-cert-file',
        certificates.cert,
        '--tls-key-file',
        certificates.key,
        '--tls-ca-cert-file',
        certificates.ca,
        '--tls-auth-clients',
        'no',
        '--requirepass',
        AUTH_TOKEN,
        '--save',
        '',
        '--dir',
        certificates.dir,
      ],
      { stdio: 'ignore' },
    );
    const client = trustedClient();
    await eventually(
      () =>
        client.connect().then(
          () => true,
          () => false,
        ),
      (up) => up,
      { timeoutMs: 10_000 },
    );
    await client.close();
  });

  afterEach(() => {
    for (const api of apis.splice(0)) api.child.kill('SIGKILL');
  });

  afterAll(async () => {
    redis?.kill();
    await environment?.cleanup();
    rmSync(certificates.dir, { recursive: true, force: true });
  });

  /** A client of the test's own that trusts the private CA: to look at what the API wrote. */
  function trustedClient() {
    return createClient({
      socket: {
        host: 'localhost',
        port: tlsPort,
        tls: true,
        ca: readFileSync(certificates.ca),
        reconnectStrategy: false,
      },
      password: AUTH_TOKEN,
    });
  }

  /** `node dist/main.js` on Redis at `redis`, the private CA trusted as a public one would be. */
  async function startApi(redis: NodeJS.ProcessEnv, trustCa = true) {
    const port = await freePort();
    const api = startCompiled('main.js', {
      ...environment.env,
      PORT: String(port),
      LOG_LEVEL: 'info',
      REDIS_HOST: 'localhost',
      REDIS_PORT: String(tlsPort),
      REDIS_TLS: 'true',
      REDIS_PASSWORD: AUTH_TOKEN,
      ...(trustCa ? { NODE_EXTRA_CA_CERTS: certificates.ca } : {}),
      ...redis,
    });
    apis.push(api);
    return { api, url: `http://127.0.0.1:${port}` };
  }

  function redisLines(api: CompiledProcess): string[] {
    return api
      .output()
      .split('\n')
      .filter((line) => line.includes('"context":"Redis"'));
  }

  it('connects with TLS and the token, and caches through it', async () => {
    const { url } = await startApi({});
    const checks = await eventually(
      () => readyChecks(url),
      (value) => value?.redis === 'up',
      { timeoutMs: 60_000 },
    );
    expect(checks?.redis).toBe('up');

    expect((await fetch(`${url}/projects`)).status).toBe(200);
    const client = trustedClient();
    await client.connect();
    try {
      const keys = await client.keys(`${environment.config.redis.keyPrefix}*`);
      // The listing was cached in the TLS server, under the app's prefix.
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it.each([
    ['a wrong auth token', { REDIS_PASSWORD: 'not-the-token' }, true, /refused REDIS_PASSWORD/],
    ['no auth token', { REDIS_PASSWORD: undefined }, true, /set REDIS_PASSWORD/],
    [
      'a certificate from an unknown authority',
      {},
      false,
      /TLS to Redis at localhost:\d+ failed \(\w+\): check REDIS_TLS and REDIS_HOST/,
    ],
    [
      'a host name the certificate does not name',
      { REDIS_HOST: '127.0.0.1' },
      true,
      /TLS to Redis at 127\.0\.0\.1:\d+ failed \(ERR_TLS_CERT_ALTNAME_INVALID\)/,
    ],
    [
      'plain text to the TLS port',
      { REDIS_TLS: 'false' },
      true,
      /closed the connection before answering \(ECONNRESET\): if it requires TLS .* set REDIS_TLS=true/,
    ],
  ])(
    'with %s: serves, /ready names redis, one line names what to fix',
    async (_case, env, trust, line) => {
      const { api, url } = await startApi(env, trust);
      const checks = await eventually(
        () => readyChecks(url),
        (value) => value !== undefined && redisLines(api).length > 0,
        { timeoutMs: 60_000 },
      );
      expect(checks?.redis).not.toBe('up');
      expect((await fetch(`${url}/health`)).status).toBe(200);
      // The first failed attempt is the one line; the retries that follow repeat nothing.
      await new Promise((done) => setTimeout(done, 1_500));
      const lines = redisLines(api);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(line);
    },
  );
});
