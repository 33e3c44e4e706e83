import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_GAPS } from './known-gaps.mjs';
import {
  addMissingOptionals,
  findMissingOptionals,
  type LockFile,
  resolveInLock,
  staleKnownGaps,
} from './lock-completeness.mjs';

const repoLock = (): LockFile =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8')) as LockFile;

/** A lock with one workspace whose nested `next` wants two platform binaries, one of them locked. */
const tinyLock = (): LockFile => ({
  lockfileVersion: 3,
  packages: {
    '': { name: 'root' },
    'apps/web': { name: 'web' },
    'apps/web/node_modules/next': {
      version: '16.4.6',
      optionalDependencies: {
        '@next/swc-linux-x64-gnu': '16.4.6',
        '@next/swc-darwin-arm64': '16.4.6',
      },
    },
    'node_modules/@next/swc-linux-x64-gnu': { version: '16.4.6', optional: true },
  },
});

describe('the committed package-lock.json', () => {
  it('has an entry for every optional dependency of every locked package', () => {
    expect(findMissingOptionals(repoLock(), KNOWN_GAPS)).toEqual([]);
  });

  it('lists no known gap that has become resolvable', () => {
    expect(staleKnownGaps(repoLock(), KNOWN_GAPS)).toEqual([]);
  });

  it('locks the other platforms’ binaries of @swc/core, turbo and next', () => {
    const lock = repoLock();
    for (const name of [
      '@swc/core-darwin-arm64',
      '@turbo/windows-64',
      '@next/swc-darwin-arm64',
      '@next/swc-win32-x64-msvc',
    ]) {
      expect(lock.packages[`node_modules/${name}`]).toMatchObject({
        optional: true,
        integrity: expect.stringMatching(/^sha512-/),
      });
    }
  });
});

describe('findMissingOptionals', () => {
  it('names the dependent, the package and the version of an optional dependency without an entry', () => {
    expect(findMissingOptionals(tinyLock())).toEqual([
      { dependent: 'apps/web/node_modules/next', name: '@next/swc-darwin-arm64', range: '16.4.6' },
    ]);
  });

  it('finds a deleted platform entry in the real lock', () => {
    const lock = repoLock();
    const packages = { ...lock.packages };
    delete packages['node_modules/@swc/core-darwin-arm64'];
    expect(findMissingOptionals({ ...lock, packages }, KNOWN_GAPS)).toEqual([
      { dependent: 'node_modules/@swc/core', name: '@swc/core-darwin-arm64', range: '1.16.22' },
    ]);
  });

  it('accepts a gap that is listed with its reason', () => {
    const gaps = [{ name: '@next/swc-darwin-arm64', range: '16.4.6', reason: 'not published' }];
    expect(findMissingOptionals(tinyLock(), gaps)).toEqual([]);
    expect(staleKnownGaps(tinyLock(), gaps)).toEqual([]);
    expect(
      staleKnownGaps(tinyLock(), [{ name: 'left-pad', range: '1.0.0', reason: 'x' }]),
    ).toHaveLength(1);
  });

  it('refuses a version 1 lock, which has no packages map', () => {
    expect(() => findMissingOptionals({ lockfileVersion: 1, packages: {} })).toThrow(
      /lockfileVersion 1/,
    );
  });
});

describe('resolveInLock', () => {
  it('looks in the dependent’s own node_modules first, then each enclosing one, then the root', () => {
    const lock: LockFile = {
      lockfileVersion: 3,
      packages: {
        'node_modules/a/node_modules/b/node_modules/c': {},
        'node_modules/a/node_modules/c': {},
        'node_modules/c': {},
        'node_modules/d': {},
        'node_modules/a/node_modules/e': {},
      },
    };
    expect(resolveInLock(lock, 'node_modules/a/node_modules/b', 'c')).toBe(
      'node_modules/a/node_modules/b/node_modules/c',
    );
    expect(resolveInLock(lock, 'node_modules/a', 'c')).toBe('node_modules/a/node_modules/c');
    expect(resolveInLock(lock, 'node_modules/a/node_modules/b', 'd')).toBe('node_modules/d');
    expect(resolveInLock(lock, 'apps/web', 'd')).toBe('node_modules/d');
    expect(resolveInLock(lock, 'node_modules/a/node_modules/b', 'e')).toBe(
      'node_modules/a/node_modules/e',
    );
    expect(resolveInLock(lock, 'apps/web', 'e')).toBeUndefined();
  });
});

describe('addMissingOptionals', () => {
  const manifest = {
    version: '16.4.6',
    integrity: 'sha512-abc',
    license: 'MIT',
    os: ['darwin'],
    cpu: ['arm64'],
    engines: { node: '>= 10' },
  };

  it('writes the entry as npm does, hoisted to the root, with keys kept in npm’s order', () => {
    const lock = tinyLock();
    const fixed = addMissingOptionals(
      lock,
      findMissingOptionals(lock),
      new Map([['@next/swc-darwin-arm64@16.4.6', manifest]]),
    );
    expect(findMissingOptionals(fixed)).toEqual([]);
    expect(Object.keys(fixed.packages)).toEqual([
      '',
      'apps/web',
      'apps/web/node_modules/next',
      'node_modules/@next/swc-darwin-arm64',
      'node_modules/@next/swc-linux-x64-gnu',
    ]);
    const entry = fixed.packages['node_modules/@next/swc-darwin-arm64'];
    expect(entry).toEqual({ ...manifest, optional: true });
    expect(Object.keys(entry ?? {})).toEqual([
      'version',
      'integrity',
      'cpu',
      'license',
      'optional',
      'os',
      'engines',
    ]);
  });

  it('nests the entry beside its dependent when the root path holds another version', () => {
    const lock: LockFile = {
      lockfileVersion: 3,
      packages: {
        'node_modules/x': { optionalDependencies: { y: '2.0.0' } },
        'node_modules/z/node_modules/w': { optionalDependencies: { y: '1.0.0' } },
        'node_modules/x/node_modules/y': { version: '2.0.0' },
        'node_modules/y': { version: '3.0.0' },
      },
    };
    const missing = findMissingOptionals(lock);
    expect(missing).toEqual([]);
    const withoutX = { ...lock, packages: { ...lock.packages } };
    delete withoutX.packages['node_modules/x/node_modules/y'];
    // node_modules/y exists (another version), so the resolver finds it: the check is by presence,
    // which is what npm ci asks for; versions are npm's own job.
    expect(findMissingOptionals(withoutX)).toEqual([]);
    const fixed = addMissingOptionals(
      { lockfileVersion: 3, packages: { 'node_modules/x': {}, 'node_modules/y': {} } },
      [{ dependent: 'node_modules/x', name: 'y', range: '2.0.0' }],
      new Map([['y@2.0.0', { ...manifest, version: '2.0.0' }]]),
    );
    expect(fixed.packages['node_modules/x/node_modules/y']).toMatchObject({ version: '2.0.0' });
  });

  it('refuses to write an entry it has no registry facts for', () => {
    const lock = tinyLock();
    expect(() => addMissingOptionals(lock, findMissingOptionals(lock), new Map())).toThrow(
      /no registry manifest for @next\/swc-darwin-arm64@16.4.6/,
    );
  });
});
