import 'reflect-metadata';
import { startTestApp, type TestApp } from '../testing/test-environment';

const CONTACT = { name: 'Ada Lovelace', email: 'ada@example.com', message: 'Shall we talk?' };

/** POST /contact with the given proxy headers; its per-address throttle shows what request.ip is. */
async function postContact(url: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${url}/contact`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(CONTACT),
  });
  return response.status;
}

/** The statuses of five posts from one address followed by a sixth: the throttle allows five. */
async function sixPosts(url: string, headersOf: (index: number) => Record<string, string>) {
  const statuses: number[] = [];
  for (let index = 0; index < 6; index += 1)
    statuses.push(await postContact(url, headersOf(index)));
  return statuses;
}

describe('CLIENT_ADDRESS_HEADER: the client address behind an API Gateway HTTP API', () => {
  let api: TestApp;

  beforeAll(async () => {
    // Upper case on purpose: header names are case-insensitive, the setting too.
    api = await startTestApp({ CLIENT_ADDRESS_HEADER: 'X-Client-IP' });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('counts requests by the header, whatever X-Forwarded-For a client puts in', async () => {
    const statuses = await sixPosts(api.url, (index) => ({
      'x-client-ip': '203.0.113.10',
      'x-forwarded-for': `198.51.100.${index + 1}`,
    }));
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    // Another address in the header is another client, with the same X-Forwarded-For.
    expect(
      await postContact(api.url, {
        'x-client-ip': '203.0.113.11',
        'x-forwarded-for': '198.51.100.1',
      }),
    ).toBe(202);
  });

  it('uses the connection’s address, not X-Forwarded-For, when the header is missing', async () => {
    const statuses = await sixPosts(api.url, (index) => ({
      'x-forwarded-for': `192.0.2.${index + 1}`,
    }));
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });
});
