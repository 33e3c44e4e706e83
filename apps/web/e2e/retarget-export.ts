import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CSP_META_MARKER, withCspMeta } from '../lib/csp';

/**
 * A copy of the export that calls `apiUrl` instead of the origin it was built for. The origin is
 * inlined into scripts at build time (NEXT_PUBLIC_API_URL), so the copy rewrites it everywhere
 * and computes every page's script hashes again, exactly as the build does.
 */
export function retargetExport(out: string, into: string, builtFor: string, apiUrl: string): void {
  cpSync(out, into, { recursive: true });
  for (const file of readdirSync(into, { recursive: true, encoding: 'utf8' })) {
    if (!/\.(html|js|txt)$/.test(file)) continue;
    const full = path.join(into, file);
    const text = readFileSync(full, 'utf8');
    if (!text.includes(builtFor)) continue;
    let rewritten = text.split(builtFor).join(apiUrl);
    if (file.endsWith('.html')) {
      rewritten = withCspMeta(
        rewritten.replace(new RegExp(`<meta ${CSP_META_MARKER} content="[^"]*"/>`), ''),
      );
    }
    writeFileSync(full, rewritten);
  }
}
