// After `next build`: gives every exported page its own script policy (lib/csp.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inlineScriptHashes, withCspMeta } from '../lib/csp';

const out = path.join(__dirname, '..', 'out');
const pages = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((file) =>
  file.endsWith('.html'),
);
let scripts = 0;
for (const page of pages) {
  const file = path.join(out, page);
  const html = readFileSync(file, 'utf8');
  scripts += inlineScriptHashes(html).length;
  writeFileSync(file, withCspMeta(html));
}
console.log(
  `csp: ${pages.length} pages, ${scripts} inline scripts allowed by hash, none by 'unsafe-inline'`,
);
