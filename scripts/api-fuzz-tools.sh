#!/usr/bin/env bash
# Schemathesis (property-based API testing from the OpenAPI document), pinned with every package
# it pulls in (tools/api-fuzz/constraints.txt), from PyPI into a virtualenv in the toolchain cache
# (like moto). The venv is named after the constraints file's digest, so changing the file builds
# a new one. Idempotent; prints the path of its `st` command.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONSTRAINTS=$ROOT/tools/api-fuzz/constraints.txt
SCHEMATHESIS_VERSION=$(sed -n 's/^schemathesis==//p' "$CONSTRAINTS")
TOOLCHAIN_DIR=${SKYPORT_TOOLCHAIN_DIR:-$HOME/.cache/skyport}
digest=$(sha256sum "$CONSTRAINTS" | cut -c1-12)
venv=$TOOLCHAIN_DIR/schemathesis-$SCHEMATHESIS_VERSION-$digest

if [[ ! -f $venv/.installed ]]; then
  command -v python3 >/dev/null || {
    echo "api-fuzz-tools: python3 (with venv) is needed: apt-get install -y python3-venv" >&2
    exit 2
  }
  echo "api-fuzz-tools: installing schemathesis $SCHEMATHESIS_VERSION and its pinned dependencies from PyPI into $venv (about a minute, once)" >&2
  rm -rf "$venv"
  mkdir -p "$TOOLCHAIN_DIR"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    -c "$CONSTRAINTS" "schemathesis==$SCHEMATHESIS_VERSION"
  # Nothing outside the constraints file may have come in.
  if ! "$venv/bin/pip" freeze --disable-pip-version-check | sort | diff -q <(grep -E '^[A-Za-z0-9_.-]+==' "$CONSTRAINTS" | sort) - >/dev/null; then
    echo "api-fuzz-tools: the installed packages differ from $CONSTRAINTS:" >&2
    "$venv/bin/pip" freeze --disable-pip-version-check | sort | diff <(grep -E '^[A-Za-z0-9_.-]+==' "$CONSTRAINTS" | sort) - >&2 || true
    exit 1
  fi
  touch "$venv/.installed"
fi
echo "$venv/bin/st"
