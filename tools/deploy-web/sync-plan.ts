import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A file of the export, as it will be stored: its key, type, caching and MD5 (S3's ETag). */
export interface LocalFile {
  readonly key: string;
  readonly path: string;
  readonly md5: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

export interface SyncPlan {
  /** In upload order: hashed assets first, other files next, pages last, so no page ever refers to an asset not there yet. */
  readonly uploads: readonly LocalFile[];
  readonly unchanged: number;
  /** Keys in the bucket the new build no longer has. */
  readonly deletions: readonly string[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
};

/** Next.js names everything under _next/static by content hash: it never changes under a name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Pages and their RSC payloads change with every build: browsers and CloudFront check each time. */
export const REVALIDATE = 'public, max-age=0, must-revalidate';
/** Anything else (an icon, robots.txt): an hour. */
export const SHORT = 'public, max-age=3600';

export function contentType(key: string): string {
  return CONTENT_TYPES[path.extname(key).toLowerCase()] ?? 'application/octet-stream';
}

export function cacheControl(key: string): string {
  if (key.startsWith('_next/static/')) return IMMUTABLE;
  if (key.endsWith('.html') || key.endsWith('.txt')) return REVALIDATE;
  return SHORT;
}

/** Every file under `dir`, keyed by its path with forward slashes. */
export function readExport(dir: string): LocalFile[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((relative) => relative.split(path.sep).join('/'))
    .filter((key) => statSync(path.join(dir, key)).isFile())
    .sort()
    .map((key) => {
      const file = path.join(dir, key);
      return {
        key,
        path: file,
        md5: createHash('md5').update(readFileSync(file)).digest('hex'),
        contentType: contentType(key),
        cacheControl: cacheControl(key),
      };
    });
}

/**
 * What to upload and delete. An object whose ETag is the file's MD5 (a single-part upload, which
 * this tool always makes) is left alone.
 */
export function planSync(
  local: readonly LocalFile[],
  remote: ReadonlyMap<string, string>,
): SyncPlan {
  const rank = (file: LocalFile) =>
    file.cacheControl === IMMUTABLE ? 0 : file.key.endsWith('.html') ? 2 : 1;
  const changed = local.filter((file) => remote.get(file.key)?.replace(/"/g, '') !== file.md5);
  const keys = new Set(local.map((file) => file.key));
  return {
    uploads: [...changed].sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key)),
    unchanged: local.length - changed.length,
    deletions: [...remote.keys()].filter((key) => !keys.has(key)).sort(),
  };
}
