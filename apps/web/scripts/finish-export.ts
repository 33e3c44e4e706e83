// After `next build`: strips the runtime from pages that need no JavaScript (lib/static-pages.ts),
// then gives every exported page its own script policy (lib/csp.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inlineScriptHashes, withCspMeta } from '../lib/csp';
import { STATIC_PAGES, withoutScripts } from '../lib/static-pages';

const out = path.join(__dirname, '..', 'out');
const pages = readdirSync(out, { recursive: true, encoding: 'utf8' })
  .map((file) => file.split(path.sep).join('/'))
  .filter((file) => file.endsWith('.html'));
let scripts = 0;
let static_ = 0;
for (const page of pages) {
  const file = path.join(out, page);
  let html = readFileSync(file, 'utf8');
  if (STATIC_PAGES.includes(page)) {
    html = withoutScripts(html);
    static_ += 1;
  }
  scripts += inlineScriptHashes(html).length;
  writeFileSync(file, withCspMeta(html));
}
console.log(
  `export: ${pages.length} pages (${static_} without JavaScript), ${scripts} inline scripts allowed by hash, none by 'unsafe-inline'`,
);
