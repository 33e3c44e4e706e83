#!/usr/bin/env bash
# Debian's Graphviz (dot, for make diagram's SVG) and libxml2-utils (xmllint, with which the
# diagram tests parse the SVG): installed when missing, as root, like scripts/browser.sh.
set -euo pipefail
missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "graphviz: installing Debian's ${missing[*]} for make diagram (about a minute) ..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "graphviz: make diagram needs dot and xmllint: apt-get install graphviz libxml2-utils" >&2
    exit 1
  fi
fi
echo "graphviz: $(dot -V 2>&1 | head -n 1) at $(command -v dot)" >&2
