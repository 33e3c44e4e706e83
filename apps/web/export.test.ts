import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// Checks what `next build` exported to out/, which is what the edge stack uploads to S3.
// turbo runs `build` before `test` in this workspace (apps/web/turbo.json).
const out = path.join(__dirname, 'out');
const read = (file: string) => readFileSync(path.join(out, file), 'utf8');

describe('the static export', () => {
  beforeAll(() => {
    if (!existsSync(path.join(out, 'index.html'))) {
      throw new Error(
        'apps/web/out/index.html is missing: run `npm run build -w apps/web` (or `make test`) first',
      );
    }
  });

  it('renders the home page to index.html with its title and heading', () => {
    const html = read('index.html');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>Skyport</title>');
    expect(html).toMatch(/<h1[^>]*>Skyport<\/h1>/);
  });

  it('exports a 404 page for CloudFront to serve on missing objects', () => {
    expect(read('404.html')).toMatch(/<h1[^>]*>Page not found<\/h1>/);
  });

  it('loads nothing from third-party hosts (no font or script CDNs)', () => {
    const pages = readdirSync(out).filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const page of pages) {
      const urls = [...read(page).matchAll(/(?:src|href)="(https?:)?\/\/([^/"]+)/g)].map(
        (m) => m[2],
      );
      expect({ page, urls }).toEqual({ page, urls: [] });
    }
  });

  it('ships no server: no API routes or server bundles in the export', () => {
    expect(existsSync(path.join(out, 'api'))).toBe(false);
    expect(existsSync(path.join(out, 'server'))).toBe(false);
  });
});
