/**
 * Another commit's API, built once for `make bench-api BASELINE=<ref>`: a detached git worktree
 * outside the checkout (the toolchain cache, ~/.cache/skyport/bench-api/<sha>), its own
 * `npm ci --prefer-offline` for the API workspace only (so it runs on that commit's dependencies,
 * not ours), then that commit's `npm run build` of apps/api. A later run with the same commit
 * reuses the build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { relative, resolve } from 'node:path';

export interface BaselineBuild {
  /** The full commit id. */
  readonly sha: string;
  /** Its apps/api folder, with dist/ built. */
  readonly apiDir: string;
}

/** Where baselines are built: the toolchain cache, never inside the checkout. */
export function baselineRoot(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.SKYPORT_TOOLCHAIN_DIR ?? resolve(homedir(), '.cache/skyport'), 'bench-api');
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n');
    throw new Error(
      `bench-api: \`${command} ${args.join(' ')}\` in ${cwd} failed:\n${output.slice(-30).join('\n')}`,
    );
  }
  return result.stdout.trim();
}

/** Resolves `ref` to a commit of this repository, or throws naming BASELINE. */
export function resolveCommit(root: string, ref: string): string {
  const result = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(
      `BASELINE ${ref} is not a commit of this repository; use a commit id, tag or branch (e.g. BASELINE=b52e670)`,
    );
  }
  return result.stdout.trim();
}

/** Builds (or finds built) the API of `ref` for the benchmark's baseline. */
export function prepareBaseline(root: string, ref: string): BaselineBuild {
  const sha = resolveCommit(root, ref);
  const dir = resolve(baselineRoot(), sha);
  if (!relative(root, dir).startsWith('..')) {
    throw new Error(
      `bench-api: the baseline folder ${dir} is inside the checkout; set SKYPORT_TOOLCHAIN_DIR elsewhere`,
    );
  }
  const apiDir = resolve(dir, 'apps/api');
  const marker = resolve(dir, '.skyport-bench-built');
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === sha) {
    console.log(`bench-api: baseline ${sha.slice(0, 12)} already built in ${dir}`);
    return { sha, apiDir };
  }
  const started = Date.now();
  if (!existsSync(resolve(dir, '.git'))) {
    console.log(`bench-api: checking out ${sha.slice(0, 12)} into ${dir} (a git worktree) ...`);
    mkdirSync(baselineRoot(), { recursive: true });
    // A folder deleted by hand leaves its worktree registered; forget it before adding it again.
    run('git', ['worktree', 'prune'], root);
    run('git', ['worktree', 'add', '--detach', '--force', dir, sha], root);
  }
  console.log(
    `bench-api: npm ci --prefer-offline for the baseline's API in ${dir} (1-2 minutes the first time) ...`,
  );
  run(
    'npm',
    [
      'ci',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--workspace',
      '@skyport/api',
      '--include-workspace-root',
    ],
    dir,
  );
  console.log(`bench-api: building the baseline's API (its own npm run build) ...`);
  run('npm', ['run', 'build'], apiDir);
  writeFileSync(marker, `${sha}\n`);
  console.log(
    `bench-api: baseline ${sha.slice(0, 12)} built in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return { sha, apiDir };
}
