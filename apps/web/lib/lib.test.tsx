import { renderToStaticMarkup } from 'react-dom/server';
import { messagesByField, statusSentence } from './api-error';
import { inlineScriptHashes, pagePolicy, withCspMeta } from './csp';
import { isSafeHref, Markdown } from './markdown';
import { operationsByTag, typeName } from './openapi';
import { formatDate, pageCount, pageFromQuery, slugFromPath } from './projects';
import { parseBlock, readServerSentEvents } from './server-sent-events';
import { withoutScripts } from './static-pages';

describe('messagesByField', () => {
  it('puts each API message next to the field it names, the rest in general', () => {
    expect(
      messagesByField(
        [
          'email must be an e-mail address',
          'name must be longer than or equal to 1 characters',
          'slow down',
        ],
        ['name', 'email', 'message'] as const,
      ),
    ).toEqual({
      fields: {
        email: 'Email must be an e-mail address',
        name: 'Name must be longer than or equal to 1 characters',
      },
      general: ['slow down'],
    });
  });

  it('does not take a field whose name merely starts another word', () => {
    expect(messagesByField(['messages must be an array'], ['message'] as const).general).toEqual([
      'messages must be an array',
    ]);
  });
});

describe('statusSentence', () => {
  it('tells a person what an unavailable service means', () => {
    expect(statusSentence(503)).toMatch(/unavailable/);
    expect(statusSentence(429)).toMatch(/Too many requests/);
  });
});

describe('project helpers', () => {
  it('reads the slug of /projects/<slug> only', () => {
    expect(slugFromPath('/projects/skyport')).toBe('skyport');
    expect(slugFromPath('/projects/skyport/')).toBe('skyport');
    expect(slugFromPath('/projects/Bad_Slug')).toBeUndefined();
    expect(slugFromPath('/contact')).toBeUndefined();
  });

  it('reads a page number from the query, 1 when absent or invalid', () => {
    expect(pageFromQuery('?page=3')).toBe(3);
    expect(pageFromQuery('')).toBe(1);
    expect(pageFromQuery('?page=0')).toBe(1);
    expect(pageFromQuery('?page=-2')).toBe(1);
    expect(pageFromQuery('?page=abc')).toBe(1);
  });

  it('counts at least one page', () => {
    expect(pageCount(0, 10)).toBe(1);
    expect(pageCount(21, 10)).toBe(3);
  });

  it('writes dates for people, and drafts as drafts', () => {
    expect(formatDate('2026-11-05T10:00:00.000Z')).toBe('5 November 2026');
    expect(formatDate(null)).toBe('draft');
  });
});

describe('Markdown', () => {
  const html = (source: string) => renderToStaticMarkup(<Markdown source={source} />);

  it('renders headings below the page title, lists, code, bold and links', () => {
    expect(html('# Why\n\n- one\n- `two`\n\nSee **this** [site](https://example.com).')).toBe(
      '<h2>Why</h2><ul><li>one</li><li><code>two</code></li></ul><p>See <strong>this</strong> <a href="https://example.com">site</a>.</p>',
    );
  });

  it('never renders markup from the body, and drops unsafe links to their text', () => {
    expect(html('<img src=x onerror=alert(1)> [x](javascript:void)')).toBe(
      '<p>&lt;img src=x onerror=alert(1)&gt; x</p>',
    );
    expect(isSafeHref('//evil.example')).toBe(false);
    expect(isSafeHref('data:text/html,x')).toBe(false);
    expect(isSafeHref('/projects/a')).toBe(true);
  });
});

describe('the per-page script policy', () => {
  const page =
    '<!DOCTYPE html><html><head><meta charSet="utf-8"/><script src="/a.js"></script><script>one()</script></head><body><script>two()</script><script>one()</script></body></html>';

  it('hashes each distinct inline script and none with a src', () => {
    expect(inlineScriptHashes(page)).toHaveLength(2);
    expect(inlineScriptHashes(page)[0]).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
  });

  it('writes the policy after the charset, before every script, once', () => {
    const written = withCspMeta(page);
    expect(written.indexOf('Content-Security-Policy')).toBeGreaterThan(written.indexOf('charSet'));
    expect(written.indexOf('Content-Security-Policy')).toBeLessThan(written.indexOf('<script'));
    expect(withCspMeta(written)).toBe(written);
    expect(written).toContain(pagePolicy(inlineScriptHashes(page)));
  });

  it('refuses a page without a head', () => {
    expect(() => withCspMeta('<html><body></body></html>')).toThrow(/no <head>/);
  });
});

describe('the OpenAPI reading', () => {
  it('groups operations by tag with their parameters, bodies and responses', () => {
    const groups = operationsByTag({
      info: { title: 't', version: '1' },
      paths: {
        '/projects/{slug}': {
          get: {
            tags: ['projects'],
            parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': { schema: { $ref: '#/components/schemas/ProjectDto' } },
                },
              },
            },
          },
          patch: {
            tags: ['projects'],
            security: [{ 'access-token': [] }],
            requestBody: {
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/UpdateProjectDto' } },
              },
            },
          },
        },
      },
    });
    const [get, patch] = groups.get('projects') ?? [];
    expect(get).toMatchObject({
      method: 'GET',
      authenticated: false,
      parameters: [{ name: 'slug', required: true }],
    });
    expect(get?.responses).toEqual([{ status: '200', description: 'ok', schema: 'ProjectDto' }]);
    expect(patch).toMatchObject({
      method: 'PATCH',
      authenticated: true,
      requestSchema: 'UpdateProjectDto',
    });
  });

  it('names types as a reader expects', () => {
    expect(typeName({ type: 'array', items: { type: 'string' } })).toBe('string[]');
    expect(typeName({ type: 'string', format: 'uuid' })).toBe('string (uuid)');
    expect(typeName({ enum: ['user', 'assistant'] })).toBe('"user" | "assistant"');
  });
});

describe('readServerSentEvents', () => {
  it('yields each event as its bytes arrive, across chunk boundaries and split characters', async () => {
    const encoded = new TextEncoder().encode(
      'event: delta\ndata: {"text":"Hé"}\n\n: keep-alive\n\nevent: delta\ndata: {"text":"llo"}\n\nevent: done\ndata: {"stopReason":"end_turn"}\n\n',
    );
    // Cut inside the two-byte "é" and inside an event.
    const cuts = [0, 27, 31, 60, encoded.length];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 1; i < cuts.length; i += 1)
          controller.enqueue(encoded.slice(cuts[i - 1], cuts[i]));
        controller.close();
      },
    });
    const events = [];
    for await (const event of readServerSentEvents(body)) events.push(event);
    expect(events).toEqual([
      { event: 'delta', data: { text: 'Hé' } },
      { event: 'delta', data: { text: 'llo' } },
      { event: 'done', data: { stopReason: 'end_turn' } },
    ]);
  });

  it('joins several data lines and keeps non-JSON data as text', () => {
    expect(parseBlock('data: a\ndata: b')).toEqual({ event: 'message', data: 'a\nb' });
    expect(parseBlock(': only a comment')).toBeUndefined();
  });
});

describe('withoutScripts', () => {
  it('removes every script and script preload, and keeps styles, icons and content', () => {
    const page =
      '<head><link rel="stylesheet" href="/a.css"/><link rel="preload" as="script" href="/b.js"/><link rel="modulepreload" href="/c.js"/><link rel="preload" as="font" href="/f.woff2"/><script src="/d.js" async=""></script></head><body><h1>Hi</h1><script>self.x=1</script></body>';
    expect(withoutScripts(page)).toBe(
      '<head><link rel="stylesheet" href="/a.css"/><link rel="preload" as="font" href="/f.woff2"/></head><body><h1>Hi</h1></body>',
    );
  });
});
