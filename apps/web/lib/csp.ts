import { createHash } from 'node:crypto';

/**
 * A static export inlines its bootstrap scripts (`self.__next_f.push(...)`), different on every
 * page and build. Rather than allow every inline script ('unsafe-inline'), each exported page gets
 * a `<meta>` policy listing the hashes of exactly its own inline scripts. Browsers enforce the
 * header policy (CloudFront's) and the meta policy together, so a script runs only if it passes
 * both: with the meta in place, no inline script but the page's own can run.
 */
export const CSP_META_MARKER = 'http-equiv="Content-Security-Policy"';

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** The `'sha256-…'` source of every inline script in the page, in order, without repeats. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = [...html.matchAll(INLINE_SCRIPT)].map(
    (match) =>
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '', 'utf8')
        .digest('base64')}'`,
  );
  return [...new Set(hashes)];
}

/** The page's own script policy: same-origin files plus its inline scripts by hash. */
export function pagePolicy(hashes: readonly string[]): string {
  return [
    `script-src 'self' ${hashes.join(' ')}`.trimEnd(),
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}

/**
 * The page with its policy as the first element of `<head>`, before any script. A page that
 * already has one is returned as it is (the build step may run twice).
 */
export function withCspMeta(html: string): string {
  if (html.includes(CSP_META_MARKER)) return html;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) throw new Error('the page has no <head>: cannot add its Content-Security-Policy');
  const meta = `<meta ${CSP_META_MARKER} content="${pagePolicy(inlineScriptHashes(html))}"/>`;
  // After the charset declaration when it leads the head: it must stay in the first 1024 bytes.
  const charset = /^<meta charSet="[^"]*"\/>/i.exec(html.slice(head.index + head[0].length));
  const at = head.index + head[0].length + (charset ? charset[0].length : 0);
  return `${html.slice(0, at)}${meta}${html.slice(at)}`;
}
