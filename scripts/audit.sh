#!/usr/bin/env bash
# The audit (`make audit`): checkov on the synthesized Terraform JSON with the justifications the
# constructs record (tools/audit), actionlint on the GitHub workflows, shellcheck on the shell
# scripts, and a Dockerfile check. Runs every part even after a failure, prints one summary, and
# exits 1 if any part failed. Reports go to reports/audit/. See docs/audit.md.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

TSX=node_modules/.bin/tsx
TOOLCHAIN_DIR=${SKYPORT_TOOLCHAIN_DIR:-$HOME/.cache/skyport}
started=$EPOCHREALTIME
parts=()
results=()

# record <part> <pass|FAIL|skip> [note]
record() {
  parts+=("$1")
  results+=("$2${3:+ ($3)}")
}

section() { printf '\n== %s\n' "$*"; }

# The linters, pinned (idempotent: seconds when already installed).
section "audit tools"
if ! scripts/audit-tools.sh; then
  echo "audit: scripts/audit-tools.sh failed; cannot audit" >&2
  exit 1
fi
# shellcheck source=/dev/null
source "$TOOLCHAIN_DIR/audit-tools.env"
export CHECKOV CHECKOV_VERSION

section "checkov on cdktf.out (tools/audit)"
if [[ ! -d cdktf.out/stacks ]]; then
  echo "cdktf.out/stacks is missing: running make synth"
  make synth || {
    record checkov FAIL "make synth failed"
  }
fi
if [[ -d cdktf.out/stacks ]]; then
  if "$TSX" tools/audit/main.ts; then record checkov pass; else record checkov FAIL; fi
fi

section "actionlint on .github/workflows"
if [[ -d .github/workflows ]]; then
  mapfile -t workflows < <(find .github/workflows -maxdepth 1 -type f \( -name '*.yml' -o -name '*.yaml' \) | sort)
  if ((${#workflows[@]} == 0)); then
    record actionlint skip "no workflow files"
  elif "$ACTIONLINT" -shellcheck "$SHELLCHECK" "${workflows[@]}"; then
    echo "actionlint: ${#workflows[@]} workflow(s) clean"
    record actionlint pass
  else
    record actionlint FAIL
  fi
else
  record actionlint skip "no .github/workflows"
fi

section "shellcheck on shell scripts"
mapfile -t scripts < <(
  {
    find scripts -maxdepth 1 -type f -name '*.sh'
    [[ -f .ci/run ]] && echo .ci/run
    find . \( -path ./.git -o -path ./scripts -o -path ./cdktf.out -o -path ./.services -o -path ./reports \
      -o -name node_modules -o -name .turbo \) -prune -o -type f -name '*.sh' -print
  } | sed 's|^\./||' | sort -u
)
if "$SHELLCHECK" --external-sources "${scripts[@]}"; then
  echo "shellcheck: ${#scripts[@]} script(s) clean: ${scripts[*]}"
  record shellcheck pass
else
  record shellcheck FAIL
fi

section "Dockerfiles"
# hadolint is not packaged by Debian (bookworm has no hadolint package), and the project installs
# linters from Debian, PyPI and the Go module proxy only: tools/audit/dockerfile-lint.ts checks the
# rules that matter here instead (pinned base image, no ADD of a URL, non-root USER).
echo "hadolint: not available (Debian bookworm has no hadolint package); using tools/audit/dockerfiles.ts"
if "$TSX" tools/audit/dockerfiles.ts; then record dockerfiles pass "hadolint unavailable in Debian"; else record dockerfiles FAIL; fi

elapsed=$(awk -v s="$started" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f", e - s }')
section "audit summary (${elapsed}s)"
failed=0
for i in "${!parts[@]}"; do
  printf '  %-12s %s\n' "${parts[$i]}" "${results[$i]}"
  [[ ${results[$i]} == FAIL* ]] && failed=1
done
if ((failed)); then
  echo "audit: FAIL (reports in reports/audit/)"
  exit 1
fi
echo "audit: pass (reports in reports/audit/)"
