#!/usr/bin/env bash
# Fails early, before anything is installed, when `npm ci` would refuse package-lock.json on a
# clean clone: checks that every optional dependency has a lock entry (tools/lock/lock.mjs), then
# copies the manifests (every package.json and the lock) into an empty folder and runs
# `npm ci --dry-run --ignore-scripts` there, so nothing already in node_modules hides a gap.
# Usage: scripts/check-lock.sh [project-dir]   (default: this checkout)
set -euo pipefail
tools=$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools/lock" && pwd)
root=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "check-lock: npm ci --dry-run on a clean copy of the manifests (about 10 s) ..."
(
  cd "$root"
  # Workspaces are the folders package.json lists; each needs its manifest beside the lock.
  node -e 'for (const w of require("./package.json").workspaces ?? []) console.log(w)' | while read -r workspace; do
    mkdir -p "$work/$workspace"
    cp "$workspace/package.json" "$work/$workspace/"
  done
  cp package.json package-lock.json "$work/"
)
# npm ci does not ask for every optional entry (it let @next/swc-darwin-* go): check them all.
node "$tools/lock.mjs" "$work/package-lock.json" | sed 's/^lock:/check-lock:/'
start=$SECONDS
if (cd "$work" && npm ci --dry-run --ignore-scripts --no-audit --no-fund >"$work/ci.log" 2>&1); then
  echo "check-lock: npm ci accepts package-lock.json ($((SECONDS - start)) s)"
  exit 0
fi
grep -E '^npm error (Missing|Invalid): ' "$work/ci.log" | head -40 >&2 || grep -E '^npm error' "$work/ci.log" | head -40 >&2
if grep -q 'can only install packages when your package.json and package-lock.json' "$work/ci.log"; then
  echo "check-lock: npm ci would refuse package-lock.json on a clean clone; run 'make lock' and commit package-lock.json" >&2
else
  echo "check-lock: npm ci --dry-run failed on a clean copy (npm's lines above)" >&2
fi
exit 1
