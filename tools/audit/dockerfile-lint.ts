import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A small stand-in for hadolint, which Debian does not package: the rules Skyport cares about
 * for images that ship.
 * - every `FROM` is pinned: a digest, or a tag other than `latest` (`scratch` and earlier stages
 *   are fine);
 * - no `ADD` of a URL (download with a checksum in a `RUN` instead);
 * - the final stage runs as a non-root `USER`.
 */
export function lintDockerfile(text: string): string[] {
  // Continuation lines join their instruction; comments and blank lines go.
  const instructions = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line, index) => ({ line: index + 1, text: line.trim() }))
    .filter(({ text: t }) => t.length > 0 && !t.startsWith('#'));
  const problems: string[] = [];
  const stages = new Set<string>();
  let user: string | undefined;
  let sawFrom = false;
  for (const { line, text: t } of instructions) {
    const [keyword = '', ...rest] = t.split(/\s+/);
    const args = rest.filter((arg) => !arg.startsWith('--'));
    switch (keyword.toUpperCase()) {
      case 'FROM': {
        sawFrom = true;
        user = undefined; // each stage starts as root
        const image = args[0] ?? '';
        const alias = args[1]?.toUpperCase() === 'AS' ? args[2] : undefined;
        if (image !== 'scratch' && !stages.has(image.toLowerCase())) {
          const pinned = image.includes('@sha256:');
          const tag = /:([^/:@]+)$/.exec(image)?.[1];
          if (!pinned && (tag === undefined || tag === 'latest')) {
            problems.push(
              `line ${line}: FROM ${image} is not pinned: use a version tag (not latest) or a digest`,
            );
          }
        }
        if (alias) stages.add(alias.toLowerCase());
        break;
      }
      case 'ADD':
        if (args.some((arg) => /^https?:\/\//i.test(arg))) {
          problems.push(
            `line ${line}: ADD of a URL: download in a RUN step and verify a checksum instead`,
          );
        }
        break;
      case 'USER':
        user = args[0];
        break;
      default:
        break;
    }
  }
  if (!sawFrom) problems.push('no FROM instruction');
  else if (user === undefined || /^(root|0)(:.*)?$/.test(user)) {
    problems.push('the final stage runs as root: add a USER with a non-root user (or UID)');
  }
  return problems;
}

const SKIPPED = new Set([
  'node_modules',
  '.git',
  'cdktf.out',
  'reports',
  '.turbo',
  '.services',
  '.next',
  'dist',
  'out',
]);

/** Dockerfiles of the repository: `Dockerfile`, `Dockerfile.<x>` and `<x>.Dockerfile`. */
export function findDockerfiles(root: string, dir = root): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name))
        found.push(...findDockerfiles(root, path.join(dir, entry.name)));
    } else if (/^Dockerfile(\..+)?$|\.Dockerfile$/.test(entry.name)) {
      found.push(path.relative(root, path.join(dir, entry.name)));
    }
  }
  return found.sort();
}

/** Lints every Dockerfile under root; returns `<file>: <problem>` lines and the files checked. */
export function lintDockerfiles(root: string): { files: string[]; problems: string[] } {
  const files = findDockerfiles(root);
  const problems = files.flatMap((file) =>
    lintDockerfile(readFileSync(path.join(root, file), 'utf8')).map((p) => `${file}: ${p}`),
  );
  return { files, problems };
}
