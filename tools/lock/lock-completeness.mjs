// @ts-check
/**
 * A package-lock.json is complete when every optional dependency of every locked package has an
 * entry. `npm ci` skips other platforms' optional binaries when it installs, but it still wants
 * their entries: without them it refuses the lock on the day the registry starts serving them
 * (docs/decisions/0012-complete-lock-file.md).
 *
 * Plain JavaScript (type-checked through JSDoc) because scripts/check-lock.sh runs it with `node`
 * before anything is installed.
 */

/**
 * The fields of a lock entry this check reads and the fixer writes.
 * @typedef {{
 *   version?: string, integrity?: string, resolved?: string, optional?: boolean,
 *   os?: string[], cpu?: string[], libc?: string[], license?: string,
 *   engines?: Record<string, string>, optionalDependencies?: Record<string, string>,
 *   [field: string]: unknown,
 * }} LockEntry
 * @typedef {{ lockfileVersion: number, packages: Record<string, LockEntry>, [field: string]: unknown }} LockFile
 * An optional dependency with no lock entry anywhere Node's resolution would look; `dependent` is
 * the lock path of the package that declares it (e.g. `apps/web/node_modules/next`).
 * @typedef {{ dependent: string, name: string, range: string }} MissingOptional
 * An optional dependency the registry does not serve at the asked version, with the reason.
 * @typedef {{ name: string, range: string, reason: string }} KnownGap
 * The registry facts a new lock entry needs (what `npm view <pkg>@<version>` answers).
 * @typedef {{
 *   version: string, integrity: string, license?: string, os?: string[], cpu?: string[],
 *   libc?: string[], engines?: Record<string, string>,
 * }} RegistryManifest
 */

/**
 * Where Node (and npm) would find `name` when `dependent` requires it: its own node_modules,
 * then each enclosing node_modules up to the root.
 * @param {LockFile} lock
 * @param {string} dependent
 * @param {string} name
 * @returns {string | undefined} the lock path of the entry
 */
export function resolveInLock(lock, dependent, name) {
  let base = dependent;
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (lock.packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const enclosing = base.lastIndexOf('/node_modules/');
    // A workspace folder (`apps/web`) or a top-level package (`node_modules/x`) resolves from the root next.
    base = enclosing < 0 ? '' : base.slice(0, enclosing);
  }
}

/**
 * Every optional dependency without a lock entry, as `[dependent, name, range]` triples.
 * @param {LockFile} lock
 * @returns {MissingOptional[]}
 */
function unresolvedOptionals(lock) {
  if (!(lock.lockfileVersion >= 2)) {
    throw new Error(
      `package-lock.json lockfileVersion ${lock.lockfileVersion} has no "packages" map; use npm 9 or newer`,
    );
  }
  /** @type {MissingOptional[]} */
  const missing = [];
  for (const [dependent, entry] of Object.entries(lock.packages)) {
    for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
      if (resolveInLock(lock, dependent, name) === undefined)
        missing.push({ dependent, name, range });
    }
  }
  return missing;
}

/**
 * Every optional dependency without a lock entry, less the known gaps.
 * @param {LockFile} lock
 * @param {readonly KnownGap[]} [knownGaps]
 * @returns {MissingOptional[]}
 */
export function findMissingOptionals(lock, knownGaps = []) {
  return unresolvedOptionals(lock).filter(
    (missing) => !knownGaps.some((gap) => gap.name === missing.name && gap.range === missing.range),
  );
}

/**
 * Known gaps that no longer apply (nothing asks for them without an entry): they should leave the list.
 * @param {LockFile} lock
 * @param {readonly KnownGap[]} knownGaps
 * @returns {KnownGap[]}
 */
export function staleKnownGaps(lock, knownGaps) {
  const asked = new Set(unresolvedOptionals(lock).map(({ name, range }) => `${name}@${range}`));
  return knownGaps.filter((gap) => !asked.has(`${gap.name}@${gap.range}`));
}

/**
 * Adds an entry for each missing optional dependency, written the way npm writes one: hoisted to
 * the root `node_modules` when that path is free, else beside the dependent. Keys stay sorted as
 * npm sorts them, so a later `npm install` leaves the file as it is.
 * @param {LockFile} lock
 * @param {readonly MissingOptional[]} missing
 * @param {ReadonlyMap<string, RegistryManifest>} manifests keyed by `name@range`
 * @returns {LockFile}
 */
export function addMissingOptionals(lock, missing, manifests) {
  /** @type {Record<string, LockEntry>} */
  const packages = { ...lock.packages };
  for (const gap of missing) {
    const manifest = manifests.get(`${gap.name}@${gap.range}`);
    if (manifest === undefined)
      throw new Error(`no registry manifest for ${gap.name}@${gap.range}`);
    const hoisted = `node_modules/${gap.name}`;
    const path =
      packages[hoisted] === undefined ? hoisted : `${gap.dependent}/node_modules/${gap.name}`;
    packages[path] = lockEntryFor(manifest);
  }
  const sorted = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => a.localeCompare(b, 'en')),
  );
  return { ...lock, packages: sorted };
}

/**
 * @param {RegistryManifest} manifest
 * @returns {LockEntry}
 */
function lockEntryFor(manifest) {
  // npm's field order: version, integrity, cpu, libc, license, optional, os, engines.
  /** @type {LockEntry} */
  const entry = { version: manifest.version, integrity: manifest.integrity };
  if (manifest.cpu) entry.cpu = manifest.cpu;
  if (manifest.libc) entry.libc = manifest.libc;
  if (manifest.license) entry.license = manifest.license;
  entry.optional = true;
  if (manifest.os) entry.os = manifest.os;
  if (manifest.engines) entry.engines = manifest.engines;
  return entry;
}
