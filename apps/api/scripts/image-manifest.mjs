// Used by apps/api/Dockerfile, inside the image build only: narrows the repository's root
// package.json to what the API image needs, before `npm ci` installs from the same lock file:
// the one workspace apps/api and, from the root's devDependencies, only what `tsc` needs to build
// it. Versions still come from package-lock.json (npm ci fails on any drift).
//
// Why: the root devDependencies (turbo, @swc/core, eslint, cdktf-cli, ...) are not needed to build
// the API, and the lock lacks entries for some of their other-platform optional binaries (see
// docs/decisions/0003-npm-ci-fallback.md), which makes `npm ci` refuse the whole lock file.
import { readFileSync, writeFileSync } from 'node:fs';

const KEEP_DEV = ['typescript', '@types/node'];
const file = process.argv[2] ?? 'package.json';
const manifest = JSON.parse(readFileSync(file, 'utf8'));
const devDependencies = manifest.devDependencies ?? {};
for (const name of KEEP_DEV) {
  if (!devDependencies[name]) throw new Error(`${file}: devDependencies has no ${name}`);
}
manifest.workspaces = ['apps/api'];
manifest.devDependencies = Object.fromEntries(
  KEEP_DEV.map((name) => [name, devDependencies[name]]),
);
delete manifest.scripts;
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
