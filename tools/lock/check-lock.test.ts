import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const script = join(root, 'scripts', 'check-lock.sh');

/** A copy of the project's manifests (every package.json and the lock), as a clean clone has them. */
function copyManifests(): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-lock-'));
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  for (const file of [
    'package.json',
    'package-lock.json',
    ...manifest.workspaces.map((w) => `${w}/package.json`),
  ]) {
    cpSync(join(root, file), join(dir, file));
  }
  return dir;
}

function editJson(file: string, edit: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(value);
  writeFileSync(file, JSON.stringify(value, null, 2));
}

function runGuard(dir: string) {
  const result = spawnSync('bash', [script, dir], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('scripts/check-lock.sh (CI’s first step)', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyManifests();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the committed lock', () => {
    const { status, output } = runGuard(dir);
    expect(output).toMatch(/npm ci accepts package-lock.json/);
    expect(status).toBe(0);
  });

  it('fails and says what to run when an optional platform entry was deleted', () => {
    editJson(join(dir, 'package-lock.json'), (lock) => {
      delete (lock.packages as Record<string, unknown>)['node_modules/@next/swc-darwin-arm64'];
    });
    const { status, output } = runGuard(dir);
    expect(status).toBe(1);
    expect(output).toMatch(
      /apps\/web\/node_modules\/next wants @next\/swc-darwin-arm64@16\.4\.6: no entry/,
    );
    expect(output).toMatch(/run 'make lock' and commit package-lock.json/);
  });

  it('fails and says what to run when package.json gained a dependency the lock lacks', () => {
    editJson(join(dir, 'tools', 'package.json'), (manifest) => {
      manifest.dependencies = { 'left-pad': '^1.3.0' };
    });
    const { status, output } = runGuard(dir);
    expect(status).toBe(1);
    expect(output).toMatch(/Missing: left-pad@[^ ]+ from lock file/);
    expect(output).toMatch(
      /npm ci would refuse package-lock.json on a clean clone; run 'make lock'/,
    );
  });
});
