#!/usr/bin/env bash
# Installs node_modules exactly as package-lock.json pins it.
#
# `npm ci` first. On registries that lack some other-platform optional binaries (e.g. a
# darwin build of @swc/core at the locked version), npm records no lock entry for them and then
# its own `npm ci` refuses the lock ("Missing: <pkg>@ from lock file", with no version). Only in
# that case we fall back to `npm install` from the same lock and check that the lock did not move.
# Real drift (a dependency added to package.json without updating the lock) still fails.
# See docs/decisions/0003-npm-ci-fallback.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck disable=SC2016 # JavaScript, not shell
node -e 'const [a, b] = process.versions.node.split(".").map(Number);
if (a < 20 || (a === 20 && b < 19)) { console.error(`Skyport needs Node.js >= 20.19, found ${process.version}`); process.exit(1); }'

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if npm ci --no-audit --no-fund >"$work/ci.log" 2>&1; then
  grep -E '^(added|removed|changed|up to date)' "$work/ci.log" || true
  exit 0
fi

if ! grep -q 'can only install packages when your package.json and package-lock.json' "$work/ci.log"; then
  cat "$work/ci.log" >&2
  exit 1
fi
drift=$(grep -E '^npm error (Missing|Invalid): ' "$work/ci.log" | grep -v '@ from lock file$' || true)
if [[ -n $drift ]]; then
  echo "$drift" >&2
  echo "install: package-lock.json is out of sync with package.json; run 'npm install' and commit package-lock.json" >&2
  exit 1
fi

unresolvable=$(grep -cE '^npm error Missing: .+@ from lock file$' "$work/ci.log")
echo "install: npm ci wants lock entries for $unresolvable optional packages of other platforms that this registry does not serve; installing the locked versions with npm install"
cp package-lock.json "$work/lock.before"
npm install --no-audit --no-fund 2>&1 | grep -E '^(added|removed|changed|up to date|npm error)' || true
if ! cmp -s package-lock.json "$work/lock.before"; then
  if [[ ${CI:-} == true ]]; then
    cp "$work/lock.before" package-lock.json
    echo "install: npm install changed package-lock.json; the committed lock is stale: run 'npm install' and commit it" >&2
    exit 1
  fi
  echo "install: note: npm install updated package-lock.json; review and commit it" >&2
fi
npm ls --all >/dev/null 2>"$work/ls.log" || {
  cat "$work/ls.log" >&2
  echo "install: the installed tree does not satisfy package.json" >&2
  exit 1
}
