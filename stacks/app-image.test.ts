import { readFileSync } from 'node:fs';
import path from 'node:path';
import { API_PORT, COMMANDS } from './app-contract';

/**
 * The image side of docs/decisions/0008, read from apps/api/Dockerfile (there is no Docker engine
 * to build it here; tools/audit lints it in `make audit`).
 */
const dockerfile = readFileSync(path.resolve(__dirname, '..', 'apps', 'api', 'Dockerfile'), 'utf8');
const stages = dockerfile
  .replace(/\\\r?\n\s*/g, ' ')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
  .reduce<string[][]>((all, line) => {
    if (/^FROM\s/i.test(line)) all.push([]);
    all[all.length - 1]?.push(line.trim());
    return all;
  }, []);
const final = stages[stages.length - 1] ?? [];
const instruction = (keyword: string) =>
  final
    .filter((line) => line.startsWith(`${keyword} `))
    .map((line) => line.slice(keyword.length + 1));

describe('apps/api/Dockerfile', () => {
  it('runs the API by default, on the port the stack routes to, from the folder the commands expect', () => {
    expect(JSON.parse(instruction('CMD')[0] ?? 'null')).toEqual(COMMANDS.api);
    expect(instruction('EXPOSE')).toEqual([String(API_PORT)]);
    expect(instruction('WORKDIR')).toEqual(['/app/apps/api']);
    expect(instruction('COPY').some((args) => /\/dist \.\/dist$/.test(args))).toBe(true);
  });

  it('runs as uid 1000, the task definition’s default user, with /tmp as a volume', () => {
    expect(instruction('USER')).toEqual(['1000:1000']);
    expect(instruction('VOLUME')).toEqual(['/tmp']);
  });

  it('ships the RDS CA bundle where NODE_EXTRA_CA_CERTS points, in production mode', () => {
    const env = instruction('ENV').join(' ');
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    const bundle = /\bNODE_EXTRA_CA_CERTS=(\S+)/.exec(env)?.[1];
    expect(bundle).toBeDefined();
    expect(instruction('COPY')).toContainEqual(expect.stringMatching(new RegExp(` ${bundle}$`)));
  });

  it('installs production dependencies on the target platform (native argon2), not the builder’s', () => {
    const deps = stages.find((stage) => / AS deps$/i.test(stage[0] ?? ''));
    expect(deps?.[0]).not.toMatch(/--platform/);
    expect(deps?.join(' ')).toMatch(/npm ci --omit=dev/);
    expect(final[0]).not.toMatch(/--platform/);
  });
});
