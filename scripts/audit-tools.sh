#!/usr/bin/env bash
# Installs the linters `make audit` runs, each pinned, into the cache folder outside the repository:
#   - checkov from PyPI, in a virtualenv this script creates,
#   - actionlint from the Go module proxy,
#   - shellcheck from Debian (apt-get, when running as root and it is missing).
# Writes their paths to "$SKYPORT_TOOLCHAIN_DIR/audit-tools.env". A second run is a no-op.
# hadolint is not packaged by Debian (bookworm), so Dockerfiles are linted by tools/audit instead.
set -euo pipefail

CHECKOV_VERSION=3.3.30
ACTIONLINT_VERSION=v1.7.7

TOOLCHAIN_DIR=${SKYPORT_TOOLCHAIN_DIR:-$HOME/.cache/skyport}
VENV=$TOOLCHAIN_DIR/checkov-$CHECKOV_VERSION
ACTIONLINT=$TOOLCHAIN_DIR/bin/actionlint-$ACTIONLINT_VERSION
ENV_FILE=$TOOLCHAIN_DIR/audit-tools.env

log() { printf 'audit-tools: %s\n' "$*" >&2; }

mkdir -p "$TOOLCHAIN_DIR/bin"

# The marker is written last, so an interrupted install is redone rather than half-used.
if [[ ! -f $VENV/.installed ]]; then
  log "installing checkov $CHECKOV_VERSION into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
  touch "$VENV/.installed"
fi

if [[ ! -x $ACTIONLINT ]]; then
  command -v go >/dev/null || {
    log "Go is needed to build actionlint from the module proxy; install it or put it on PATH"
    exit 1
  }
  log "building actionlint $ACTIONLINT_VERSION from the Go module proxy"
  GOBIN=$TOOLCHAIN_DIR/bin/.actionlint GOFLAGS=-buildvcs=false \
    go install -trimpath -ldflags "-s -w" "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  mv "$TOOLCHAIN_DIR/bin/.actionlint/actionlint" "$ACTIONLINT"
fi

if ! command -v shellcheck >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing shellcheck from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
  else
    log "shellcheck is missing: install the Debian package 'shellcheck' (or your OS's equivalent)"
    exit 1
  fi
fi

cat >"$ENV_FILE.tmp" <<EOF
# Written by scripts/audit-tools.sh; sourced by scripts/audit.sh.
CHECKOV=$VENV/bin/checkov
CHECKOV_VERSION=$CHECKOV_VERSION
ACTIONLINT=$ACTIONLINT
SHELLCHECK=$(command -v shellcheck)
EOF
mv "$ENV_FILE.tmp" "$ENV_FILE"
echo "audit tools: checkov $CHECKOV_VERSION, actionlint $ACTIONLINT_VERSION, shellcheck $(shellcheck --version | awk '/^version:/ {print $2}')"
