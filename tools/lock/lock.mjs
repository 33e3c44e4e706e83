#!/usr/bin/env node
// @ts-check
/**
 * `node tools/lock/lock.mjs [--fix] [lockfile]`: checks that package-lock.json has an entry for
 * every optional dependency of every locked package. With --fix it asks the registry for the
 * missing ones (`npm view`) and writes their entries; `make lock` runs that after
 * `npm install --package-lock-only`, which leaves some out (decision 0012).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KNOWN_GAPS } from './known-gaps.mjs';
import { addMissingOptionals, findMissingOptionals, staleKnownGaps } from './lock-completeness.mjs';

const args = process.argv.slice(2);
const fix = args.includes('--fix');
const lockPath = resolve(args.find((arg) => !arg.startsWith('--')) ?? 'package-lock.json');
/** @type {import('./lock-completeness.mjs').LockFile} */
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));

for (const gap of staleKnownGaps(lock, KNOWN_GAPS)) {
  console.warn(
    `lock: ${gap.name}@${gap.range} is in tools/lock/known-gaps.mjs but needs no exception now; remove it`,
  );
}

const missing = findMissingOptionals(lock, KNOWN_GAPS);
if (missing.length === 0) {
  console.log(
    `lock: complete (${Object.keys(lock.packages).length} entries, every optional dependency locked)`,
  );
  process.exit(0);
}
if (!fix) {
  for (const gap of missing)
    console.error(`lock: ${gap.dependent} wants ${gap.name}@${gap.range}: no entry`);
  console.error(
    `lock: ${missing.length} optional dependencies have no lock entry; run 'make lock' and commit package-lock.json`,
  );
  process.exit(1);
}

console.log(`lock: asking the registry for ${missing.length} missing optional packages ...`);
/** @type {Map<string, import('./lock-completeness.mjs').RegistryManifest>} */
const manifests = new Map();
for (const gap of missing) manifests.set(`${gap.name}@${gap.range}`, registryManifest(gap));
writeFileSync(
  lockPath,
  `${JSON.stringify(addMissingOptionals(lock, missing, manifests), null, 2)}\n`,
);
console.log(`lock: added ${missing.length} entries to ${lockPath}`);

/**
 * @param {import('./lock-completeness.mjs').MissingOptional} gap
 * @returns {import('./lock-completeness.mjs').RegistryManifest}
 */
function registryManifest(gap) {
  const fields = ['version', 'dist.integrity', 'license', 'os', 'cpu', 'libc', 'engines'];
  let raw;
  try {
    raw = execFileSync('npm', ['view', `${gap.name}@${gap.range}`, ...fields, '--json'], {
      encoding: 'utf8',
    });
  } catch {
    throw new Error(
      `lock: the registry does not serve ${gap.name}@${gap.range}; if that lasts, list it with the reason in tools/lock/known-gaps.mjs`,
    );
  }
  /** @type {Record<string, unknown>} */
  const view = JSON.parse(raw);
  const { version, license, os, cpu, libc, engines } = view;
  const integrity = view['dist.integrity'];
  if (typeof version !== 'string' || typeof integrity !== 'string') {
    throw new Error(
      `lock: npm view ${gap.name}@${gap.range} matched several versions or none; expected one`,
    );
  }
  return /** @type {import('./lock-completeness.mjs').RegistryManifest} */ ({
    version,
    integrity,
    license,
    os,
    cpu,
    libc,
    engines,
  });
}
