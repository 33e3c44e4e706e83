import 'reflect-metadata';
import { type Call, client, signUp } from '../testing/http-client';
import { startTestApp, TEST_OWNER_EMAIL, type TestApp } from '../testing/test-environment';

interface MessagePage {
  items: Array<{
    id: string;
    name: string;
    email: string;
    message: string;
    receivedAt: string;
    notifiedAt: string | null;
  }>;
  page: number;
  pageSize: number;
  total: number;
}

describe('GET /contact/messages: the owner reads what the contact form received', () => {
  let api: TestApp;
  let call: Call;
  let owner: string;
  let member: string;

  beforeAll(async () => {
    api = await startTestApp();
    call = client(api.url);
    owner = await signUp(api, TEST_OWNER_EMAIL);
    member = await signUp(api, 'member@example.com');
    for (const name of ['First', 'Second', 'Third']) {
      const sent = await call('POST', '/contact', {
        body: { name, email: `${name.toLowerCase()}@example.com`, message: `Hello from ${name}` },
        from: `10.9.0.${name.length}`,
      });
      expect(sent.status).toBe(202);
    }
  });
  afterAll(() => api.close());

  it('lists the messages newest first, a page at a time, never cached', async () => {
    const first = await call<MessagePage>('GET', '/contact/messages?pageSize=2', { token: owner });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(first.body.items.map((item) => item.name)).toEqual(['Third', 'Second']);
    expect(first.body.items[0]).toMatchObject({
      email: 'third@example.com',
      message: 'Hello from Third',
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const second = await call<MessagePage>('GET', '/contact/messages?page=2&pageSize=2', {
      token: owner,
    });
    expect(second.body.items.map((item) => item.name)).toEqual(['First']);
  });

  it('refuses anyone but the owner', async () => {
    expect((await call('GET', '/contact/messages')).status).toBe(401);
    expect((await call('GET', '/contact/messages', { token: member })).status).toBe(403);
  });

  it('names a bad page size', async () => {
    const bad = await call('GET', '/contact/messages?pageSize=500', { token: owner });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual([
      'pageSize must be a whole number from 1 to 100, in decimal digits',
    ]);
  });
});
