/**
 * `make bench-web`: Lighthouse 12 (mobile profile, its default) in Debian's Chromium on the home
 * page, the projects list and a project page, served as CloudFront serves them with the real API
 * behind (the browser tests' local stack), then the first-load JavaScript of each page (gzip bytes
 * of the scripts its HTML loads). Prints figures; the targets (100 accessibility, best practices
 * and SEO, 95+ performance) are read from them, not asserted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM } from './browser';
import { startLocalStack } from './local-stack';

const OUT = path.join(__dirname, '..', 'out');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/**
 * gzip bytes of every script the exported page loads before any interaction; `noModule`
 * polyfills are left out, since browsers that run modules never fetch them.
 */
export function firstLoadJsGzipBytes(htmlFile: string): number {
  const html = readFileSync(htmlFile, 'utf8');
  const sources = new Set(
    [...html.matchAll(/<script([^>]*)\bsrc="(\/_next\/[^"]+)"([^>]*)>/g)]
      .filter((m) => !/noModule/i.test(`${m[1] ?? ''}${m[3] ?? ''}`))
      .map((m) => m[2] ?? ''),
  );
  let total = 0;
  for (const source of sources)
    total += gzipSync(readFileSync(path.join(OUT, source)), { level: 9 }).length;
  for (const inline of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    total += gzipSync(Buffer.from(inline[1] ?? ''), { level: 9 }).length;
  }
  return total;
}

async function main(): Promise<void> {
  console.log('bench-web: starting the local stack (site, API, worker, stand-in model) ...');
  const stack = await startLocalStack();
  const chromeLauncher = await import('chrome-launcher');
  const { default: lighthouse } = await import('lighthouse');
  let chrome: Awaited<ReturnType<typeof chromeLauncher.launch>> | undefined;
  try {
    const token = await stack.ownerToken();
    const seeded = await fetch(`${stack.apiUrl}/projects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        slug: 'skyport',
        title: 'Skyport',
        summary: 'A web product and its AWS infrastructure in one repository.',
        body: '# Why\n\nEvery line of infrastructure explained and checked.',
        tags: ['aws', 'nestjs', 'nextjs'],
        publishedAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    });
    if (seeded.status !== 201) throw new Error(`seeding a project: ${seeded.status}`);
    chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    const pages = [
      { name: 'home', url: `${stack.siteUrl}/`, file: 'index.html' },
      { name: 'projects', url: `${stack.siteUrl}/projects`, file: 'projects.html' },
      { name: 'project', url: `${stack.siteUrl}/projects/skyport`, file: 'projects/view.html' },
    ];
    console.log(
      'bench-web: Lighthouse 12, mobile profile (simulated throttling), one run per page',
    );
    console.log(
      `  ${'page'.padEnd(10)}${CATEGORIES.map((c) => c.padStart(16)).join('')}${'first-load JS (gzip)'.padStart(24)}`,
    );
    for (const page of pages) {
      const result = await lighthouse(page.url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
      });
      const categories = result?.lhr.categories ?? {};
      const scores = CATEGORIES.map((category) =>
        String(Math.round((categories[category]?.score ?? 0) * 100)).padStart(16),
      );
      const js =
        `${(firstLoadJsGzipBytes(path.join(OUT, page.file)) / 1024).toFixed(1)} KiB`.padStart(24);
      console.log(`  ${page.name.padEnd(10)}${scores.join('')}${js}`);
      const failing = Object.values(result?.lhr.audits ?? {}).filter(
        (audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary',
      );
      for (const audit of failing) console.log(`      not passed: ${audit.id} (${audit.title})`);
    }
    console.log('bench-web: done');
  } finally {
    chrome?.kill();
    await stack.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`bench-web: failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
