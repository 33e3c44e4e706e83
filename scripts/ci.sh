#!/usr/bin/env bash
# CI: runs each check through make, keeps going after a failure so one run reports everything,
# then prints a table and the closing `ci: N passed, N failed` line. Exit status 1 if anything failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

# api-fuzz right after test: the services are up and the API build is fresh.
STEPS=(lint typecheck test api-fuzz synth toolchain validate audit)
LOG=reports/ci-steps.tsv
mkdir -p reports
: >"$LOG"

# Results from an earlier run must not be counted as this run's.
find . -path ./node_modules -prune -o -type d -name test-results -prune -exec rm -rf {} +

# Stop the local services afterwards only if this run is the one that started them.
services_were_up=0
scripts/services.sh status >/dev/null 2>&1 && services_were_up=1

run_step() {
  local name=$1 start rc
  start=$EPOCHREALTIME
  printf '\n=== make %s ===\n' "$name"
  make "$name"
  rc=$?
  awk -v n="$name" -v rc="$rc" -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%s\t%d\t%.1f\n", n, rc, e - s }' >>"$LOG"
  return $rc
}

ci_start=$SECONDS
if run_step check-lock && run_step install; then
  for step in "${STEPS[@]}"; do run_step "$step"; done
fi

[[ $services_were_up -eq 0 ]] && scripts/services.sh down >/dev/null 2>&1

echo "ci wall time: $((SECONDS - ci_start)) s"
if [[ -x node_modules/.bin/tsx ]]; then
  node_modules/.bin/tsx tools/ci-summary/main.ts "$LOG"
else
  cat "$LOG"
  echo "ci: 0 passed, 1 failed"
  exit 1
fi
