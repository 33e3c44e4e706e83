#!/usr/bin/env bash
# Schemathesis (property-based API testing from the OpenAPI document), pinned, from PyPI into a
# virtualenv in the toolchain cache (like moto). Idempotent; prints the path of its `st` command.
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
TOOLCHAIN_DIR=${SKYPORT_TOOLCHAIN_DIR:-$HOME/.cache/skyport}
venv=$TOOLCHAIN_DIR/schemathesis-$SCHEMATHESIS_VERSION

if [[ ! -f $venv/.installed ]]; then
  command -v python3 >/dev/null || {
    echo "api-fuzz-tools: python3 (with venv) is needed: apt-get install -y python3-venv" >&2
    exit 2
  }
  echo "api-fuzz-tools: installing schemathesis $SCHEMATHESIS_VERSION from PyPI into $venv (about a minute, once)" >&2
  rm -rf "$venv"
  mkdir -p "$TOOLCHAIN_DIR"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  touch "$venv/.installed"
fi
echo "$venv/bin/st"
