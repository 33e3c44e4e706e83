#!/usr/bin/env bash
# Debian's Chromium for the site's browser tests (apps/web/e2e): installed when missing, as root;
# never a browser a package downloads. Prints the path the tests use.
set -euo pipefail
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "browser: installing Debian's chromium for the browser tests (about a minute) ..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "browser: the browser tests need Chromium at $chromium: apt-get install chromium (or set CHROMIUM_PATH)" >&2
    exit 1
  fi
fi
echo "browser: $("$chromium" --version 2>/dev/null | head -n 1) at $chromium" >&2
