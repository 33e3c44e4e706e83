#!/usr/bin/env bash
# Synth benchmark: wall time of synthesizing every stack, the direct path (`tsx stacks/main.ts`,
# what `make synth` runs) and the CDKTF CLI (`cdktf synth`). Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${RUNS:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

measure() { # label, command...
  local label=$1 best=999999 total=0 t start
  shift
  for ((i = 1; i <= RUNS; i++)); do
    start=$EPOCHREALTIME
    "$@" >"$out/last.log" 2>&1 || {
      cat "$out/last.log" >&2
      return 1
    }
    t=$(awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.3f", e - s }')
    total=$(awk -v a="$total" -v b="$t" 'BEGIN { print a + b }')
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
  done
  printf '%-34s runs=%d  best=%6.2f s  mean=%6.2f s\n' "$label" "$RUNS" "$best" "$(awk -v t="$total" -v n="$RUNS" 'BEGIN { print t / n }')"
}

stacks=$(CDKTF_OUTDIR=$out/count node_modules/.bin/tsx stacks/main.ts && find "$out/count/stacks" -name cdk.tf.json | wc -l)
echo "synth benchmark: $stacks stacks, $(nproc) cores, node $(node --version)"
measure "direct (tsx stacks/main.ts)" env CDKTF_OUTDIR="$out/direct" node_modules/.bin/tsx stacks/main.ts
measure "cdktf CLI (cdktf synth)" node_modules/.bin/cdktf synth --output "$out/cli"
