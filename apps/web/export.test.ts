import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { viewerRequestSource } from '@skyport/modules/static-site';
import { CSP_META_MARKER, inlineScriptHashes } from './lib/csp';
import { STATIC_PAGES } from './lib/static-pages';

// Checks what `next build` exported to out/, which is what the edge stack uploads to S3.
// turbo runs `build` before `test` in this workspace (apps/web/turbo.json).
const out = path.join(__dirname, 'out');
const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
const files = () =>
  readdirSync(out, { recursive: true, encoding: 'utf8' }).map((file) =>
    file.split(path.sep).join('/'),
  );
const pages = () => files().filter((file) => file.endsWith('.html'));

describe('the static export', () => {
  beforeAll(() => {
    if (!existsSync(path.join(out, 'index.html'))) {
      throw new Error(
        'apps/web/out/index.html is missing: run `npm run build -w apps/web` (or `make test`) first',
      );
    }
  });

  it.each([
    ['index.html', /<h1[^>]*>Skyport<\/h1>/, 'Skyport'],
    ['projects.html', /<h1>Projects<\/h1>/, 'Projects · Skyport'],
    ['contact.html', /<h1>Contact<\/h1>/, 'Contact · Skyport'],
    ['api-reference.html', /<h1>API reference<\/h1>/, 'API reference · Skyport'],
    ['404.html', /<h1>Page not found<\/h1>/, 'Page not found · Skyport'],
  ])('renders %s with its heading and title', (file, heading, title) => {
    const html = read(file);
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(heading);
    expect(html).toContain(`<title>${title}</title>`);
  });

  it('exports one project page that every /projects/<slug> is served from', () => {
    expect(existsSync(path.join(out, 'projects', 'view.html'))).toBe(true);
  });

  it('renders the API reference from the API’s OpenAPI document at build time', () => {
    const html = read('api-reference.html');
    for (const route of ['/projects/{slug}', '/contact', '/auth/login', '/assistant/chat']) {
      expect(html).toContain(`<code>${route}</code>`);
    }
    expect(html).toContain('id="schema-CreateContactMessageDto"');
  });

  it('loads nothing from third-party hosts (no font or script CDNs)', () => {
    expect(pages().length).toBeGreaterThanOrEqual(6);
    for (const page of pages()) {
      const urls = [...read(page).matchAll(/(?:src|href)="(https?:)?\/\/([^/"]+)/g)].map(
        (m) => m[2],
      );
      // The API reference links to the API's own /docs; nothing else leaves the site.
      expect({
        page,
        urls: urls.filter((host) => host !== 'localhost:3000' && !host?.startsWith('api.')),
      }).toEqual({
        page,
        urls: [],
      });
    }
  });

  it.each(STATIC_PAGES)('ships %s without any script: it needs none', (page) => {
    const html = read(page);
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/as="script"|modulepreload/);
    expect(html).toContain('<link rel="stylesheet"');
  });

  it('ships no server: no API routes or server bundles in the export', () => {
    expect(existsSync(path.join(out, 'api'))).toBe(false);
    expect(existsSync(path.join(out, 'server'))).toBe(false);
  });
});

describe('the per-page Content-Security-Policy', () => {
  it.each(pages())(
    '%s allows exactly its own inline scripts, by hash, before any script runs',
    (page) => {
      const html = read(page);
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"\/>/.exec(html);
      expect(meta).not.toBeNull();
      const policy = meta?.[1] ?? '';
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).toMatch(/^script-src 'self'/);
      for (const hash of inlineScriptHashes(html)) expect(policy).toContain(hash);
      const firstScript = html.search(/<script\b/);
      if (firstScript >= 0) expect(html.indexOf(CSP_META_MARKER)).toBeLessThan(firstScript);
      // The charset declaration stays in the first 1024 bytes, as HTML requires.
      expect(html.indexOf('<meta charSet="utf-8"/>')).toBeLessThan(1024);
    },
  );
});

describe('the export behind the edge stack’s CloudFront function', () => {
  type Request = {
    uri: string;
    headers: Record<string, { value: string }>;
    querystring: Record<string, unknown>;
  };
  // The function the edge stack uploads, run in a bare context as CloudFront runs it. (Only the
  // site's tests use the edge's code; the site itself ships none of it.)
  const source = viewerRequestSource();
  const handler = new vm.Script(`${source}\n;handler`).runInContext(
    vm.createContext({}),
  ) as (event: { request: Request }) => Request & { statusCode?: number };
  const resolve = (uri: string) =>
    handler({ request: { uri, headers: { host: { value: 'example.com' } }, querystring: {} } });

  it('serves every exported page at its extension-less address', () => {
    const routes = pages().map((page) =>
      page === 'index.html' ? '/' : `/${page.replace(/\.html$/, '')}`,
    );
    expect(routes).toEqual(
      expect.arrayContaining(['/', '/projects', '/contact', '/api-reference']),
    );
    for (const route of routes) {
      const { uri, statusCode } = resolve(route);
      expect({ route, statusCode, exists: existsSync(path.join(out, uri)) }).toEqual({
        route,
        statusCode: undefined,
        exists: true,
      });
    }
  });

  it('serves any project slug from the one exported project page', () => {
    for (const slug of ['skyport', 'a-b-2', 'published-after-the-build']) {
      expect(resolve(`/projects/${slug}`).uri).toBe('/projects/view.html');
    }
  });

  it('serves every asset (scripts, styles, RSC payloads) from its own path', () => {
    const assets = files().filter((file) => /\.(js|css|txt|ico|svg|png|woff2)$/.test(file));
    expect(assets.length).toBeGreaterThan(5);
    for (const asset of assets) expect(resolve(`/${asset}`).uri).toBe(`/${asset}`);
  });
});
