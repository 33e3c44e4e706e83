/**
 * The base synth when `make review` is given no BASE folder: the stacks and modules of another
 * commit (the merge base with origin/main, else HEAD) synthesized into `.skyport/review/base-<sha>/`,
 * kept for the next run at the same commit.
 *
 * Only `stacks/`, `modules/` and the root files they read are taken from that commit; the npm
 * packages are this checkout's (node resolves them from the parent folders). That is exact while
 * package-lock.json is the same at both commits and a close approximation otherwise (the review
 * says so): a full `npm ci` of the base, as the plan workflow does in CI, takes minutes.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export class BaseSynthError extends Error {}

function git(root: string, args: string[]): { ok: boolean; out: string } {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  return { ok: result.status === 0, out: `${result.stdout ?? ''}`.trim() };
}

/** The commit to compare with: `ref` when given, else the merge base with origin/main, else HEAD. */
export function baseCommit(root: string, ref?: string): { sha: string; described: string } {
  const resolve = (r: string) => git(root, ['rev-parse', '--verify', '--quiet', `${r}^{commit}`]);
  if (ref) {
    const found = resolve(ref);
    if (!found.ok)
      throw new BaseSynthError(
        `BASE=${ref} is neither a synth folder nor a commit of this repository; use a cdktf.out folder or a commit such as HEAD~1`,
      );
    return { sha: found.out, described: ref };
  }
  if (resolve('origin/main').ok) {
    const mergeBase = git(root, ['merge-base', 'HEAD', 'origin/main']);
    if (mergeBase.ok) return { sha: mergeBase.out, described: 'the merge base with origin/main' };
  }
  return { sha: resolve('HEAD').out, described: 'HEAD; no origin/main here' };
}

/** True when the commit's package-lock.json differs from the checkout's: the base synth runs on this checkout's packages. */
export function lockDiffers(root: string, sha: string): boolean {
  return !git(root, ['diff', '--quiet', sha, '--', 'package-lock.json']).ok;
}

const ROOT_FILES = ['package.json', 'tsconfig.base.json', 'cdktf.json', 'skyport.config.json'];

/**
 * Synthesizes `sha` (every environment, as `make synth` does) and returns its cdktf.out. `log`
 * hears what is happening: it takes about as long as `make synth`.
 */
export function synthesizeCommit(root: string, sha: string, log: (line: string) => void): string {
  const dir = path.join(root, '.skyport', 'review', `base-${sha.slice(0, 12)}`);
  const outdir = path.join(dir, 'cdktf.out');
  if (existsSync(path.join(outdir, 'manifest.json'))) {
    log(`review: reusing the synth of ${sha.slice(0, 12)} in ${path.relative(root, outdir)}`);
    return outdir;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const present = ROOT_FILES.filter((f) => git(root, ['cat-file', '-e', `${sha}:${f}`]).ok);
  const archive = spawnSync(
    'git',
    ['archive', '--format=tar', sha, 'stacks', 'modules', ...present],
    { cwd: root, maxBuffer: 512 * 2 ** 20 },
  );
  if (archive.status !== 0)
    throw new BaseSynthError(`git archive ${sha} failed: ${archive.stderr.toString().trim()}`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0)
    throw new BaseSynthError(
      `unpacking ${sha} into ${dir} failed: ${untar.stderr.toString().trim()}`,
    );
  // The state settings are this machine's, not part of the change: synthesize both sides with the same.
  if (existsSync(path.join(root, 'skyport.config.json')))
    cpSync(path.join(root, 'skyport.config.json'), path.join(dir, 'skyport.config.json'));
  // The workspace packages must be the base's own; everything else resolves from the checkout's node_modules above.
  mkdirSync(path.join(dir, 'node_modules', '@skyport'), { recursive: true });
  for (const name of ['modules', 'stacks'])
    symlinkSync(path.join('..', '..', name), path.join(dir, 'node_modules', '@skyport', name));
  log(
    `review: synthesizing ${sha.slice(0, 12)} into ${path.relative(root, outdir)} (about as long as make synth) ...`,
  );
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const result = spawnSync(tsx, [path.join(dir, 'stacks', 'main.ts')], {
    cwd: path.join(dir, 'stacks'),
    env: { ...process.env, CDKTF_OUTDIR: outdir, SKYPORT_ENV: '' },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (result.status !== 0 || !existsSync(path.join(outdir, 'manifest.json'))) {
    const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`
      .trim()
      .split('\n')
      .slice(-15)
      .join('\n');
    rmSync(outdir, { recursive: true, force: true });
    throw new BaseSynthError(
      `the synth of ${sha.slice(0, 12)} failed (give BASE=<cdktf.out folder> instead):\n${tail}`,
    );
  }
  return outdir;
}
