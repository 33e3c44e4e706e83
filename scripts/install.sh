#!/usr/bin/env bash
# Installs node_modules exactly as package-lock.json pins it: `npm ci`, nothing cleverer
# (docs/decisions/0012-complete-lock-file.md). A lock that does not match package.json fails with
# npm's own lines and the command that fixes it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck disable=SC2016 # JavaScript, not shell
node -e 'const [a, b] = process.versions.node.split(".").map(Number);
if (a < 20 || (a === 20 && b < 19)) { console.error(`Skyport needs Node.js >= 20.19 (22 or 24 recommended), found ${process.version}`); process.exit(1); }'

packages=$(grep -c '"node_modules/' package-lock.json || true)
echo "install: npm ci: $packages locked packages into node_modules (1-2 minutes on a fresh clone, seconds from npm's cache) ..."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$SECONDS
if npm ci --no-audit --no-fund >"$work/ci.log" 2>&1; then
  summary=$(grep -E '^(added|removed|changed|up to date)' "$work/ci.log" || true)
  echo "install: ${summary:-done} ($((SECONDS - start)) s)"
  exit 0
fi

grep -E '^npm (error|ERR!)' "$work/ci.log" | grep -vE '^npm error *$' | head -40 >&2 || cat "$work/ci.log" >&2
if grep -q 'can only install packages when your package.json and package-lock.json' "$work/ci.log"; then
  echo "install: package-lock.json does not match package.json; run 'make lock' and commit package-lock.json" >&2
else
  echo "install: npm ci failed (full log above); nothing was changed in package-lock.json" >&2
fi
exit 1
