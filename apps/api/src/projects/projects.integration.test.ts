import 'reflect-metadata';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import {
  createTestEnvironment,
  startTestApp,
  TEST_OWNER_EMAIL,
  type TestApp,
} from '../testing/test-environment';
import { type Call, client, type Reply, signUp } from '../testing/http-client';
import { ProjectsService } from './projects.service';

interface Project {
  id: string;
  slug: string;
  title: string;
  summary: string;
  body?: string;
  tags: string[];
  url: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface Page {
  items: Project[];
  page: number;
  pageSize: number;
  total: number;
}

interface OpenApiPath {
  get?: { responses?: Record<string, { headers?: Record<string, unknown> }> };
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe('projects on real PostgreSQL and Redis', () => {
  let api: TestApp;
  let call: Call;
  let owner: string;
  let member: string;

  /** Creates a project as the owner; published `daysAgo` days ago, or a draft when null. */
  async function create(
    slug: string,
    published: number | null,
    extra: Record<string, unknown> = {},
  ) {
    const response = await call<Project>('POST', '/projects', {
      token: owner,
      body: {
        slug,
        title: `Project ${slug}`,
        summary: `About ${slug}`,
        publishedAt: published === null ? null : daysAgo(published),
        ...extra,
      },
    });
    expect(response.status).toBe(201);
    return response.body;
  }

  beforeAll(async () => {
    api = await startTestApp();
    call = client(api.url);
    owner = await signUp(api, TEST_OWNER_EMAIL);
    member = await signUp(api, 'member@example.com');
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('writes', () => {
    it('lets the owner create a project with every field', async () => {
      const response = await call<Project>('POST', '/projects', {
        token: owner,
        body: {
          slug: 'skyport',
          title: '  Skyport  ',
          summary: 'AWS, readable.',
          body: '# Skyport\n\nA monorepo.',
          tags: ['aws', 'typescript'],
          url: 'https://github.com/example/skyport',
          publishedAt: daysAgo(1),
        },
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        slug: 'skyport',
        title: 'Skyport',
        summary: 'AWS, readable.',
        body: '# Skyport\n\nA monorepo.',
        tags: ['aws', 'typescript'],
        url: 'https://github.com/example/skyport',
        publishedAt: expect.any(String),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const read = await call<Project>('GET', '/projects/skyport');
      expect(read.status).toBe(200);
      expect(read.body.body).toBe('# Skyport\n\nA monorepo.');
    });

    it('refuses anonymous writes with 401 and member writes with 403', async () => {
      await create('guarded', 1);
      const attempts = [
        ['POST', '/projects', { slug: 'intruder', title: 'Intruder' }],
        ['PATCH', '/projects/guarded', { title: 'Taken over' }],
        ['DELETE', '/projects/guarded', undefined],
      ] as const;
      for (const [method, path, body] of attempts) {
        expect((await call(method, path, { body })).status).toBe(401);
        const forbidden = await call(method, path, { body, token: member });
        expect(forbidden.status).toBe(403);
        expect(forbidden.body.message).toBe('only the owner may do this');
      }
      expect((await call<Project>('GET', '/projects/guarded')).body.title).toBe('Project guarded');
      expect((await call('GET', '/projects/intruder')).status).toBe(404);
    });

    it('answers 409 for a slug that is taken, on create and on rename', async () => {
      await create('first', 1);
      await create('second', 1);
      const duplicate = await call('POST', '/projects', {
        token: owner,
        body: { slug: 'first', title: 'Again' },
      });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.message).toBe('a project with this slug already exists');
      const rename = await call('PATCH', '/projects/second', {
        token: owner,
        body: { slug: 'first' },
      });
      expect(rename.status).toBe(409);
    });

    it('changes only the fields given, including the slug', async () => {
      const before = await create('renamable', 3, { tags: ['a'], url: 'https://example.com' });
      const response = await call<Project>('PATCH', '/projects/renamable', {
        token: owner,
        body: { slug: 'renamed', title: 'Renamed', body: 'New body', url: null },
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: before.id,
        slug: 'renamed',
        title: 'Renamed',
        summary: before.summary,
        body: 'New body',
        tags: ['a'],
        url: null,
        publishedAt: before.publishedAt,
      });
      expect(Date.parse(response.body.updatedAt)).toBeGreaterThanOrEqual(
        Date.parse(before.updatedAt),
      );
      expect((await call('GET', '/projects/renamable')).status).toBe(404);
      expect((await call('GET', '/projects/renamed')).status).toBe(200);
    });

    it('answers a PATCH without a body (documented as optional) with the project unchanged', async () => {
      const before = await create('untouched', 4);
      const response = await call<Project>('PATCH', '/projects/untouched', { token: owner });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: before.id,
        slug: 'untouched',
        title: before.title,
      });
    });

    it('unpublishes with publishedAt null and deletes', async () => {
      await create('short-lived', 2);
      const unpublished = await call<Project>('PATCH', '/projects/short-lived', {
        token: owner,
        body: { publishedAt: null },
      });
      expect(unpublished.body.publishedAt).toBeNull();
      expect((await call('GET', '/projects/short-lived')).status).toBe(404);

      const removed = await call('DELETE', '/projects/short-lived', { token: owner });
      expect(removed.status).toBe(204);
      expect(
        (await call('GET', '/projects/short-lived?includeDrafts=true', { token: owner })).status,
      ).toBe(404);
    });

    it('answers 404 for an unknown slug on every route', async () => {
      expect((await call('GET', '/projects/no-such-project')).status).toBe(404);
      const patch = await call('PATCH', '/projects/no-such-project', {
        token: owner,
        body: { title: 'x' },
      });
      expect(patch.status).toBe(404);
      expect(patch.body.message).toBe('no project has this slug');
      expect((await call('DELETE', '/projects/no-such-project', { token: owner })).status).toBe(
        404,
      );
    });

    it.each([
      ['a slug with capitals', { slug: 'Bad Slug', title: 'x' }, /^slug must be lower-case/],
      ['a slug with a double hyphen', { slug: 'a--b', title: 'x' }, /^slug must be lower-case/],
      ['no title', { slug: 'no-title' }, /^title must be/],
      ['an empty title', { slug: 'empty-title', title: '' }, /^title must be longer/],
      ['a blank title', { slug: 'blank-title', title: ' \t\u3000 ' }, /^title must not be blank/],
      [
        'a null summary',
        { slug: 'null-summary', title: 'x', summary: null },
        /^summary must be a string/,
      ],
      [
        'an ftp url',
        { slug: 'ftp', title: 'x', url: 'ftp://example.com' },
        /^url must be an http\(s\) URL/,
      ],
      [
        'a bad date',
        { slug: 'bad-date', title: 'x', publishedAt: 'yesterday' },
        /^publishedAt must be/,
      ],
      [
        'too many tags',
        { slug: 'tags', title: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
        /^tags must contain no more than 20/,
      ],
      [
        'an unknown field',
        { slug: 'unknown', title: 'x', featured: true },
        /^property featured should not exist/,
      ],
    ])('refuses %s with a 400 naming the field', async (_case, body, message) => {
      const response = await call('POST', '/projects', { token: owner, body });
      expect(response.status).toBe(400);
      expect(response.body.message).toEqual(
        expect.arrayContaining([expect.stringMatching(message)]),
      );
    });

    it('refuses null for a field that cannot be empty on PATCH', async () => {
      await create('patchable', 1);
      const response = await call('PATCH', '/projects/patchable', {
        token: owner,
        body: { title: null },
      });
      expect(response.status).toBe(400);
      expect(response.body.message).toEqual(
        expect.arrayContaining([expect.stringMatching(/^title must be/)]),
      );
    });
  });

  describe('drafts', () => {
    beforeAll(async () => {
      await create('draft-only', null);
      await create('scheduled', -2);
    });

    it('keeps drafts and scheduled projects out of public reads', async () => {
      const page = await call<Page>('GET', '/projects?pageSize=100');
      const slugs = page.body.items.map((item) => item.slug);
      expect(slugs).not.toContain('draft-only');
      expect(slugs).not.toContain('scheduled');
      expect((await call('GET', '/projects/draft-only')).status).toBe(404);
      expect((await call('GET', '/projects/scheduled')).status).toBe(404);
    });

    it('shows them to the owner with includeDrafts=true, drafts first', async () => {
      const page = await call<Page>('GET', '/projects?includeDrafts=true&pageSize=100', {
        token: owner,
      });
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-cache')).toBeNull();
      const slugs = page.body.items.map((item) => item.slug);
      expect(slugs[0]).toBe('draft-only');
      expect(slugs).toContain('scheduled');
      const draft = await call<Project>('GET', '/projects/draft-only?includeDrafts=true', {
        token: owner,
      });
      expect(draft.status).toBe(200);
      expect(draft.body.publishedAt).toBeNull();
    });

    it('refuses includeDrafts=true to anonymous callers (401) and members (403)', async () => {
      expect((await call('GET', '/projects?includeDrafts=true')).status).toBe(401);
      expect((await call('GET', '/projects?includeDrafts=true', { token: member })).status).toBe(
        403,
      );
      expect((await call('GET', '/projects/draft-only?includeDrafts=true')).status).toBe(401);
      expect(
        (await call('GET', '/projects/draft-only?includeDrafts=true', { token: member })).status,
      ).toBe(403);
    });

    it('leaves drafts out of what the assistant is told', async () => {
      const projects = await api.app.get(ProjectsService).publishedForAssistant();
      const slugs = projects.map((project) => project.slug);
      expect(slugs).toContain('skyport');
      expect(slugs).not.toContain('draft-only');
      expect(slugs).not.toContain('scheduled');
      expect(projects.find((project) => project.slug === 'skyport')).toEqual({
        slug: 'skyport',
        title: 'Skyport',
        summary: 'AWS, readable.',
      });
    });
  });

  describe('pagination', () => {
    let published: string[];

    beforeAll(async () => {
      // Same day for two of them: the slug breaks the tie.
      const sameMoment = daysAgo(50);
      await create('page-c', 40);
      await create('page-b', null, { publishedAt: sameMoment });
      await create('page-a', null, { publishedAt: sameMoment });
      const all = await call<Page>('GET', '/projects?pageSize=100');
      published = all.body.items.map((item) => item.slug);
    });

    it('orders by publication date, newest first, then by slug', () => {
      const tail = published.slice(-3);
      expect(tail).toEqual(['page-c', 'page-a', 'page-b']);
    });

    it('pages through the published projects with a total', async () => {
      const first = await call<Page>('GET', '/projects?page=1&pageSize=2');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: published.length });
      expect(first.body.items.map((item) => item.slug)).toEqual(published.slice(0, 2));
      expect(first.body.items[0]).not.toHaveProperty('body');
      const second = await call<Page>('GET', '/projects?page=2&pageSize=2');
      expect(second.body.items.map((item) => item.slug)).toEqual(published.slice(2, 4));
      const beyond = await call<Page>('GET', '/projects?page=999&pageSize=2');
      expect(beyond.body).toMatchObject({ items: [], page: 999, total: published.length });
    });

    it('defaults to page 1 of 20', async () => {
      const response = await call<Page>('GET', '/projects');
      expect(response.body).toMatchObject({ page: 1, pageSize: 20 });
    });

    it.each([
      ['page=0', /^page must be a whole number from 1 to 10000/],
      ['pageSize=0', /^pageSize must be a whole number from 1 to 100,/],
      ['pageSize=1000', /^pageSize must be a whole number from 1 to 100,/],
      ['pageSize=ten', /^pageSize must be a whole number from 1 to 100,/],
      ['page=1.5', /^page must be a whole number from 1 to 10000/],
      ['includeDrafts=yes', /^includeDrafts must be a boolean/],
      ['sort=title', /^property sort should not exist/],
    ])('refuses %s with a 400 naming the parameter', async (query, message) => {
      const response = await call('GET', `/projects?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.message).toEqual(
        expect.arrayContaining([expect.stringMatching(message)]),
      );
    });

    it('refuses a malformed slug in the path with a 400 naming it', async () => {
      const response = await call('GET', '/projects/Not_A_Slug');
      expect(response.status).toBe(400);
      expect(response.body.message).toEqual([expect.stringMatching(/^slug must be lower-case/)]);
    });

    it('refuses a 101-character slug with the documented 400, not 414', async () => {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const response = await call(method, `/projects/${'a'.repeat(101)}`, {
          token: owner,
          body: method === 'PATCH' ? {} : undefined,
        });
        expect(response.status).toBe(400);
        expect(response.body.message).toEqual([
          'slug must be shorter than or equal to 100 characters',
        ]);
      }
      expect((await call('GET', `/projects/${'a'.repeat(100)}`)).status).toBe(404);
    });
  });

  describe('the Redis cache of public reads', () => {
    async function cacheOf(path: string): Promise<string | null> {
      const response = await fetch(`${api.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      await response.json();
      return response.headers.get('x-cache');
    }

    async function expectMissThenHit(path: string) {
      expect(await cacheOf(path)).toBe('miss');
      expect(await cacheOf(path)).toBe('hit');
    }

    beforeAll(async () => {
      await create('cached', 5);
    });

    it('serves the second read of a page and of a project from Redis', async () => {
      await expectMissThenHit('/projects?page=1&pageSize=7');
      await expectMissThenHit('/projects/cached');
      // Another page size is another entry.
      await expectMissThenHit('/projects?page=1&pageSize=8');
    });

    it('serves the same JSON from the cache as from PostgreSQL', async () => {
      const miss = await call<Page>('GET', '/projects?page=1&pageSize=9');
      const hit = await call<Page>('GET', '/projects?page=1&pageSize=9');
      expect([miss.headers.get('x-cache'), hit.headers.get('x-cache')]).toEqual(['miss', 'hit']);
      expect(hit.body).toEqual(miss.body);
    });

    it.each([
      ['create', () => create('fresh', 0.5)],
      [
        'update',
        () => call('PATCH', '/projects/cached', { token: owner, body: { title: 'Recached' } }),
      ],
      ['delete', () => call('DELETE', '/projects/fresh', { token: owner })],
    ])('drops every cached entry on %s', async (_kind, write) => {
      for (const path of ['/projects?page=1&pageSize=5', '/projects/cached']) {
        await cacheOf(path);
        expect(await cacheOf(path)).toBe('hit');
      }
      await write();
      await expectMissThenHit('/projects?page=1&pageSize=5');
      await expectMissThenHit('/projects/cached');
    });

    it('shows each write in the next public read', async () => {
      const slugsOf = async () =>
        (await call<Page>('GET', '/projects?pageSize=100')).body.items.map((item) => item.slug);
      await slugsOf();
      await create('visible', 0.1);
      expect(await slugsOf()).toContain('visible');
      await call('PATCH', '/projects/visible', { token: owner, body: { title: 'Visible now' } });
      expect((await call<Project>('GET', '/projects/visible')).body.title).toBe('Visible now');
      await call('DELETE', '/projects/visible', { token: owner });
      expect(await slugsOf()).not.toContain('visible');
      expect((await call('GET', '/projects/visible')).status).toBe(404);
    });
  });

  it('documents the project routes with the x-cache header', async () => {
    const document = await call<{ paths: Record<string, OpenApiPath> }>('GET', '/docs');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/projects', '/projects/{slug}']),
    );
    expect(document.body.paths['/projects']?.get?.responses?.['200']?.headers).toHaveProperty(
      'x-cache',
    );
  });
});

describe('projects while Redis is unreachable', () => {
  let redis: TcpProxy;
  let api: TestApp;
  let call: Call;
  let owner: string;

  beforeAll(async () => {
    redis = await startTcpProxy('127.0.0.1', Number(process.env.REDIS_PORT ?? 6379));
    api = await startTestApp({}, await createTestEnvironment({ REDIS_PORT: String(redis.port) }));
    call = client(api.url);
    owner = await signUp(api, TEST_OWNER_EMAIL);
    const created = await call('POST', '/projects', {
      token: owner,
      body: { slug: 'before', title: 'Before the outage', publishedAt: daysAgo(1) },
    });
    expect(created.status).toBe(201);
    // Cached while Redis is up: must not hide the writes made during the outage afterwards.
    await call('GET', '/projects');
    expect((await call('GET', '/projects')).headers.get('x-cache')).toBe('hit');
    redis.pause();
  });

  afterAll(async () => {
    redis?.resume();
    await api?.close();
    // The environment's clean-up deletes the test's keys through the proxy: close it last.
    await api?.environment.cleanup();
    await redis?.close();
  });

  it('reads from PostgreSQL', async () => {
    const list = await call<Page>('GET', '/projects');
    expect(list.status).toBe(200);
    expect(list.headers.get('x-cache')).toBe('miss');
    expect(list.body.items.map((item) => item.slug)).toEqual(['before']);
    const project = await call<Project>('GET', '/projects/before');
    expect(project.status).toBe(200);
    expect(project.body.title).toBe('Before the outage');
  });

  it('still accepts the owner’s writes', async () => {
    const created = await call('POST', '/projects', {
      token: owner,
      body: { slug: 'during', title: 'During the outage', publishedAt: daysAgo(0.5) },
    });
    expect(created.status).toBe(201);
    const updated = await call('PATCH', '/projects/before', {
      token: owner,
      body: { title: 'Edited' },
    });
    expect(updated.status).toBe(200);
    const list = await call<Page>('GET', '/projects');
    expect(list.body.items.map((item) => item.slug)).toEqual(['during', 'before']);
  });

  it('does not serve entries cached before the outage once Redis is back', async () => {
    redis.resume();
    let cache: string | null = 'miss';
    let list: Reply<Page> | undefined;
    // Back when the cache answers again (a hit), and that answer must include the writes.
    for (let attempt = 0; attempt < 40 && cache !== 'hit'; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      list = await call<Page>('GET', '/projects');
      cache = list.headers.get('x-cache');
    }
    expect(cache).toBe('hit');
    expect(list?.body.items.map((item) => [item.slug, item.title])).toEqual([
      ['during', 'During the outage'],
      ['before', 'Edited'],
    ]);
  });
});
