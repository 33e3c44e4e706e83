import 'reflect-metadata';
import { connect } from 'node:net';
import { client, type Call, type ErrorBody, signUp } from '../testing/http-client';
import { startTestApp, TEST_OWNER_EMAIL, type TestApp } from '../testing/test-environment';

let nextClient = 1;
/** A fresh client address per request, so the contact form's throttle does not interfere. */
function clientAddress(): string {
  nextClient += 1;
  return `198.51.100.${nextClient}`;
}

const CONTACT = { name: 'Ada Lovelace', email: 'ada@example.com', message: 'Shall we talk?' };

/** Sends `body` as it is (no JSON.stringify), with the given content type. */
async function post(
  url: string,
  path: string,
  body: string,
  contentType: string,
): Promise<{ status: number; body: ErrorBody }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-forwarded-for': clientAddress() },
    body,
  });
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

describe('request bodies, query strings and slow clients, on real PostgreSQL and Redis', () => {
  let api: TestApp;
  let call: Call;
  let owner: string;

  beforeAll(async () => {
    api = await startTestApp();
    call = client(api.url);
    owner = await signUp(api, TEST_OWNER_EMAIL);
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('text the database cannot store', () => {
    // JSON.stringify keeps a lone surrogate as the escape `\ud800`, as a client would send it.
    it.each([
      ['name', 'a NUL byte', { ...CONTACT, name: 'Ada\u0000' }],
      ['message', 'a lone high surrogate', { ...CONTACT, message: 'Hello \ud800 there' }],
      ['message', 'a lone low surrogate', { ...CONTACT, message: '\udc00' }],
      ['email', 'a NUL byte', { ...CONTACT, email: 'ada\u0000@example.com' }],
    ])(
      'refuses %s with %s in a contact message with a 400 naming it',
      async (field, _what, body) => {
        const response = await post(api.url, '/contact', JSON.stringify(body), 'application/json');
        expect(response.status).toBe(400);
        expect(JSON.stringify(response.body.message)).toContain(field);
      },
    );

    it('still accepts a message with a correctly paired surrogate (an emoji)', async () => {
      const body = JSON.stringify({ ...CONTACT, message: 'Thanks \ud83d\ude80' });
      expect((await post(api.url, '/contact', body, 'application/json')).status).toBe(202);
    });

    it.each([
      ['title', { title: 'Sky\u0000port' }],
      ['summary', { summary: '\ud800' }],
      ['body', { body: 'text\u0000' }],
      ['tags', { tags: ['ok', 'bad\udfff'] }],
    ])('refuses a project whose %s holds one with a 400 naming it', async (field, extra) => {
      const response = await call('POST', '/projects', {
        token: owner,
        body: { slug: `nul-${field}`, title: 'Skyport', ...extra },
      });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toContain(field);
      const update = await call('PATCH', '/projects/nowhere', { token: owner, body: extra });
      expect(update.status).toBe(400);
    });
  });

  describe('paging', () => {
    it.each([
      'page=1000000000000000000',
      'page=0x10',
      'page=1e3',
      'page=+5',
      'page=%201',
      'page=0',
      'page=-1',
      'page=10001',
      'page=1&page=2',
      'pageSize=0x10',
      'pageSize=101',
      'pageSize=2.0',
    ])('answers ?%s with a 400 on the public list', async (query) => {
      const response = await call('GET', `/projects?${query}`);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toMatch(/page/);
    });

    it('answers ?page=1000000000000000000 with a 400 on the owner lists too', async () => {
      const drafts = await call('GET', '/projects?includeDrafts=true&page=1000000000000000000', {
        token: owner,
      });
      expect(drafts.status).toBe(400);
      const messages = await call('GET', '/contact/messages?page=1000000000000000000', {
        token: owner,
      });
      expect(messages.status).toBe(400);
    });

    it('accepts the largest documented page and page size', async () => {
      const response = await call<{ page: number; pageSize: number }>(
        'GET',
        '/projects?page=10000&pageSize=100',
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ page: 10000, pageSize: 100 });
    });
  });

  describe('deeply nested JSON', () => {
    const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

    it.each(['/contact', '/assistant/chat', '/auth/login'])(
      'refuses 10,000 levels of nesting on %s with a 400',
      async (path) => {
        const body = `{"name":${deep(10_000)},"messages":${deep(10_000)}}`;
        const response = await post(api.url, path, body, 'application/json');
        expect(response.status).toBe(400);
        expect(JSON.stringify(response.body.message)).toMatch(/nested more than 32 levels/);
      },
    );

    it('refuses nesting just past the limit, in objects too', async () => {
      const nested = `{"a":${'{"a":'.repeat(32)}1${'}'.repeat(32)}}`;
      const response = await post(api.url, '/contact', nested, 'application/json');
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toMatch(/nested more than 32 levels/);
    });
  });

  describe('content types', () => {
    it.each([
      ['/contact', 'application/x-www-form-urlencoded', 'name=Ada&email=ada%40example.com'],
      ['/contact', 'text/plain', JSON.stringify(CONTACT)],
      ['/auth/login', 'text/plain', JSON.stringify({ email: 'a@example.com', password: 'x' })],
      ['/auth/login', 'application/x-www-form-urlencoded', 'email=a%40example.com&password=x'],
      ['/auth/register', 'multipart/form-data; boundary=x', '--x--'],
    ])('answers %s sent as %s with a 415', async (path, contentType, body) => {
      const response = await post(api.url, path, body, contentType);
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ statusCode: 415 });
    });

    it('accepts application/json with a charset', async () => {
      const response = await post(
        api.url,
        '/contact',
        JSON.stringify(CONTACT),
        'application/json; charset=utf-8',
      );
      expect(response.status).toBe(202);
    });
  });

  describe('a body that never arrives', () => {
    it('is answered 408 and the connection closed well inside the load balancer idle timeout (60 s)', async () => {
      const { hostname, port } = new URL(api.url);
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => {
          socket.write(
            'POST /contact HTTP/1.1\r\n' +
              `Host: ${hostname}\r\n` +
              'Content-Type: application/json\r\n' +
              'Content-Length: 100\r\n\r\n{"name":',
          );
        });
        let received = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => {
          received += chunk;
        });
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
        socket.setTimeout(25_000, () => {
          socket.destroy();
          resolve(`${received}(still open after 25 s)`);
        });
      });
      const elapsed = Date.now() - started;
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toMatch(/\r\nconnection: close\r\n/i);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
        statusCode: 408,
        requestId: expect.any(String),
      });
      expect(elapsed).toBeLessThan(15_000);
    }, 30_000);
  });
});
