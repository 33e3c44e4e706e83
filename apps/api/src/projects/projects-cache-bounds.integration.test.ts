import 'reflect-metadata';
import { createClient } from 'redis';
import { type Call, client, signUp } from '../testing/http-client';
import { startTestApp, TEST_OWNER_EMAIL, type TestApp } from '../testing/test-environment';
import { CACHED_PAGES } from './projects.service';

describe('what anonymous listing requests can make Redis hold', () => {
  let api: TestApp;
  let call: Call;
  const redis = createClient({
    socket: {
      host: process.env.REDIS_HOST ?? '127.0.0.1',
      port: Number(process.env.REDIS_PORT ?? 6379),
    },
  });

  /** The listing entries cached so far (keys of this test's prefix only). */
  async function cachedLists(): Promise<string[]> {
    const keys: string[] = [];
    const match = `${api.environment.config.redis.keyPrefix}projects:cache:*:list:*`;
    for await (const batch of redis.scanIterator({ MATCH: match, COUNT: 1000 })) {
      keys.push(...batch);
    }
    return keys.map((key) => key.replace(/^.*:list:/, '')).sort();
  }

  beforeAll(async () => {
    await redis.connect();
    api = await startTestApp();
    call = client(api.url);
    const owner = await signUp(api, TEST_OWNER_EMAIL);
    for (const slug of ['one', 'two', 'three']) {
      const created = await call('POST', '/projects', {
        token: owner,
        body: { slug, title: slug, publishedAt: new Date(Date.now() - 60_000).toISOString() },
      });
      expect(created.status).toBe(201);
    }
  });

  afterAll(async () => {
    await api?.close();
    redis.destroy();
  });

  it('caches pages that exist, and the first page even when empty', async () => {
    for (const path of ['/projects', '/projects?page=2&pageSize=2']) {
      await call('GET', path);
      const second = await call('GET', path);
      expect(second.status).toBe(200);
      expect(second.headers.get('x-cache')).toBe('hit');
    }
    expect(await cachedLists()).toEqual(['1:20', '2:2']);
  });

  it('leaves nothing in Redis for pages past the last one or past the cached range', async () => {
    const before = await cachedLists();
    const paths = [
      '/projects?page=2', // 3 projects, 20 a page: there is no page 2
      '/projects?page=3&pageSize=2',
      ...Array.from({ length: 50 }, (_, index) => `/projects?page=${CACHED_PAGES + 1 + index}`),
    ];
    for (const path of paths) {
      const response = await call<{ items: unknown[] }>('GET', path);
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([]);
      expect(response.headers.get('x-cache')).toBe('miss');
    }
    expect(await cachedLists()).toEqual(before);
  });
});
